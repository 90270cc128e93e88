package nl.hengel.timeline;

import java.time.Instant;
import java.util.Map;

/**
 * Something on a person's timeline that is not an interaction — a stage change, an assignment, a
 * breached SLA — contributed by the capability that owns it; {@code kind} is a stable key such as
 * {@code lead.stage_changed}, {@code title} a line people read.
 */
public record Milestone(Instant at, String kind, String title, Map<String, Object> details) {

  public Milestone {
    details = Map.copyOf(details);
  }
}
