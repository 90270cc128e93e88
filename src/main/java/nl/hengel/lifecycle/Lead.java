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

  /** This lead with another owner and team, assigned at {@code at}. */
  public Lead assignedTo(@Nullable Owner owner, @Nullable Long team, @Nullable Instant at) {
    return new Lead(
        person,
        stage,
        stageSince,
        mqlAt,
        mqlCount,
        nurtureUntil,
        owner,
        team,
        at,
        acceptedAt,
        firstContactAt,
        source,
        campaign,
        version);
  }

  /** This lead with its first contact at {@code at}. */
  public Lead contactedAt(Instant at) {
    return new Lead(
        person,
        stage,
        stageSince,
        mqlAt,
        mqlCount,
        nurtureUntil,
        owner,
        team,
        assignedAt,
        acceptedAt,
        at,
        source,
        campaign,
        version);
  }
}
