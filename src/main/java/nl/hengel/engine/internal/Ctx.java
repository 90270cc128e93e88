package nl.hengel.engine.internal;

import java.util.List;
import nl.hengel.engine.Event;
import nl.hengel.engine.Facts;

/**
 * The mutable context expressions read while one lead is folded: the current event, the lead's
 * facts, and the running figures the gate uses. One per fold, reused for every event, so the hot
 * path allocates nothing.
 */
public final class Ctx {
  /** Resolves variables for the CEL interpreter from this context (set once by the fold). */
  public dev.cel.runtime.CelVariableResolver resolver;

  public Event event;
  public Facts facts;
  public long fit;
  public double engagement;
  public long touches;
  public long distinctContent;
  public long distinctCampaigns;
  public long marketing;
  public long sales;
  public long service;
  public long positive;
  public long negative;
  public List<String> departments = List.of();
  public double daysSinceFirstTouch;
}
