package nl.hengel.lifecycle;

import java.time.Instant;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;

/**
 * A person as a lead: the stage it is in since when, the MQL moment and how often it qualified, who
 * owns it, and the handoff times. {@code nurtureUntil} is set on a recycled lead: it qualifies
 * again only on activity from then on. {@code version} is the number of the definition version in
 * force at its last transition.
 */
public record Lead(
    PersonId person,
    Stage stage,
    @Nullable Instant stageSince,
    @Nullable Instant mqlAt,
    int mqlCount,
    @Nullable Instant nurtureUntil,
    @Nullable Owner owner,
    @Nullable Long team,
    @Nullable Instant assignedAt,
    @Nullable Instant acceptedAt,
    @Nullable Instant firstContactAt,
    @Nullable String source,
    @Nullable String campaign,
    @Nullable Integer version) {

  /** A person that has not moved yet. */
  public static Lead fresh(PersonId person) {
    return new Lead(
        person, Stage.NEW, null, null, 0, null, null, null, null, null, null, null, null, null);
  }
}
