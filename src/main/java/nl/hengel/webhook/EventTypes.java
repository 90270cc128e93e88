package nl.hengel.webhook;

import java.util.Set;

/**
 * The event types a webhook may subscribe to; a capability that starts reporting a new kind of
 * event adds its name here.
 */
public final class EventTypes {

  public static final String LEAD_STAGE_CHANGED = "lead.stage_changed";
  public static final String LEAD_MQL = "lead.mql";
  public static final String LEAD_ASSIGNED = "lead.assigned";
  public static final String LEAD_ACCEPTED = "lead.accepted";
  public static final String LEAD_REJECTED = "lead.rejected";
  public static final String LEAD_FIRST_CONTACT = "lead.first_contact";
  public static final String LEAD_WON = "lead.won";
  public static final String LEAD_LOST = "lead.lost";
  public static final String SLA_BREACHED = "sla.breached";
  public static final String DEFINITION_ACTIVATED = "definition.activated";

  /** Every known type, in the order the README lists them. */
  public static final Set<String> KNOWN =
      java.util.Collections.unmodifiableSet(
          new java.util.LinkedHashSet<>(
              java.util.List.of(
                  LEAD_STAGE_CHANGED,
                  LEAD_MQL,
                  LEAD_ASSIGNED,
                  LEAD_ACCEPTED,
                  LEAD_REJECTED,
                  LEAD_FIRST_CONTACT,
                  LEAD_WON,
                  LEAD_LOST,
                  SLA_BREACHED,
                  DEFINITION_ACTIVATED)));

  private EventTypes() {}

  public static boolean isKnown(String type) {
    return KNOWN.contains(type);
  }
}
