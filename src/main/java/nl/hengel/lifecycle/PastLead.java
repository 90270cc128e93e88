package nl.hengel.lifecycle;

import java.time.Instant;
import java.util.List;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;

/**
 * A lead's past as it happened elsewhere (a CRM, an earlier tool, a generator): the stages it
 * entered in order, with its first touch. Recorded by {@link LeadHistories}.
 */
public record PastLead(
    PersonId person, List<Step> steps, @Nullable String source, @Nullable String campaign) {

  public PastLead {
    steps = List.copyOf(steps);
  }

  /**
   * The lead entered {@code stage} at {@code at}, moved there by {@code actor} (e.g. {@code
   * import:olist} or {@code user:sam@acme.example}), owned from then on by {@code owner} if given.
   */
  public record Step(
      Stage stage,
      Instant at,
      String actor,
      @Nullable String reason,
      @Nullable String comment,
      @Nullable Owner owner) {}
}
