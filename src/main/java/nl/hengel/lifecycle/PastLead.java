package nl.hengel.lifecycle;

import java.time.Instant;
import java.util.List;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;

/**
 * A lead's past as it happened elsewhere (a CRM, an earlier tool, a generator): the stages it
 * entered in order, with its first touch, and what the source says of it now. Recorded by {@link
 * LeadHistories}. A past without steps is a lead that never left {@code new} (a CRM opportunity
 * still prospecting).
 *
 * @param newSince when the lead entered new, where the source dates that (a created date)
 * @param owner the lead's owner now, where the source names one; else the last step's owner
 * @param team the team the lead belongs to now (the owner's team), where known
 * @param deal the deal's value, where the source gives one
 */
public record PastLead(
    PersonId person,
    List<Step> steps,
    @Nullable String source,
    @Nullable String campaign,
    @Nullable Instant newSince,
    @Nullable Owner owner,
    @Nullable Long team,
    @Nullable Deal deal) {

  public PastLead {
    steps = List.copyOf(steps);
  }

  /** A past with its steps and first touch only. */
  public PastLead(
      PersonId person, List<Step> steps, @Nullable String source, @Nullable String campaign) {
    this(person, steps, source, campaign, null, null, null, null);
  }

  /** The stage the past leaves the lead in. */
  public Stage stage() {
    return steps.isEmpty() ? Stage.NEW : steps.getLast().stage();
  }

  /**
   * The lead entered {@code stage} at {@code at}, moved there by {@code actor} (e.g. {@code
   * import:olist} or {@code user:sam@acme.example}), owned from then on by {@code owner} if given.
   * An {@code implied} step is one the source implies but does not date (a CRM's won deal was
   * accepted and qualified first): {@code at} is then the time of the next step it does date, and
   * reports leave it out of durations.
   */
  public record Step(
      Stage stage,
      Instant at,
      String actor,
      @Nullable String reason,
      @Nullable String comment,
      @Nullable Owner owner,
      boolean implied) {

    /** A step its source dates. */
    public Step(
        Stage stage,
        Instant at,
        String actor,
        @Nullable String reason,
        @Nullable String comment,
        @Nullable Owner owner) {
      this(stage, at, actor, reason, comment, owner, false);
    }
  }

  /** A deal's value: an amount in minor units (cents) of an ISO 4217 currency. */
  public record Deal(long amountMinor, String currency) {}
}
