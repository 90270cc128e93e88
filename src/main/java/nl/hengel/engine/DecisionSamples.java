package nl.hengel.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns leads into samples for fitting rule weights: each lead as its definition saw it at its
 * decision moment — the MQL moment, or its last touch when it never qualified — with the rules as
 * features and whether it reached an outcome within a horizon after that moment as the label.
 *
 * <p>No peeking: only the lead's events strictly before sales took it on (its first entry into sal,
 * sql or won; and before the end of the range) are folded, so the decision moment and the features
 * never see the sales process or what the outcome brought about. Features come from the same fold
 * as live scoring, on a copy of the definition in which every rule is worth one point and there is
 * no gate: a fit rule's feature is 1 when it holds, an engagement rule's is its decayed count of
 * counted matches (caps and half-life as defined). The definition's own score at the decision
 * moment is then Σ points × feature.
 *
 * <p>Censoring: a lead whose horizon runs past the end of the range cannot be labelled fairly (its
 * outcome may still come; and keeping only its positives would bias the later period), so it is
 * skipped whatever its outcome.
 *
 * <p>Not thread-safe, like {@link Scoring}: use one per thread.
 */
public final class DecisionSamples {

  /** The stage whose first entry counts as reaching the outcome. */
  public enum Outcome {
    SAL,
    SQL,
    WON;

    public @Nullable Instant at(Outcomes outcomes) {
      return switch (this) {
        case SAL -> outcomes.salAt();
        case SQL -> outcomes.sqlAt();
        case WON -> outcomes.wonAt();
      };
    }

    /** The stage's name as users write it: sal, sql, won. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of this name (any case), or null. */
    public static @Nullable Outcome parse(String text) {
      for (Outcome o : values()) {
        if (o.key().equalsIgnoreCase(text.trim())) {
          return o;
        }
      }
      return null;
    }
  }

  /** What became of one lead: a sample, or why it is not one. */
  public sealed interface Sampled permits Sample, Skipped {}

  /**
   * A lead at its decision moment: one feature per rule (in {@link #rules()} order; the array is
   * not copied), the definition's own score there (fit + engagement), and whether the outcome came
   * within the horizon.
   */
  public record Sample(Instant decidedAt, double[] features, double score, boolean reached)
      implements Sampled {}

  /** Why a lead is not a sample. */
  public enum Skipped implements Sampled {
    /** No event before sales took it on and the end of the range: nothing to decide on. */
    NO_EVENTS,
    /** Its decision moment falls outside the range. */
    OUT_OF_RANGE,
    /** Its horizon runs past the end of the range. */
    CENSORED
  }

  /**
   * One rule as a feature: its name, whether it is a fit rule, and its points in the definition.
   */
  public record RuleFeature(String name, boolean fit, long points) {}

  private final Scoring decide;
  private final Scoring measure;
  private final List<RuleFeature> rules;
  private final long[] points;
  private final Instant from;
  private final Instant to;
  private final Duration horizon;
  private final Outcome outcome;

  /**
   * Samples for {@code definition} of leads decided in [{@code from}, {@code to}), reaching {@code
   * outcome} within {@code horizon} after the decision moment.
   */
  public DecisionSamples(
      CompiledDefinition definition, Instant from, Instant to, Duration horizon, Outcome outcome) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " must come before to " + to);
    }
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon " + horizon + " must be positive");
    }
    this.decide = new Scoring(definition);
    this.measure = new Scoring(unitPoints(definition));
    this.from = from;
    this.to = to;
    this.horizon = horizon;
    this.outcome = outcome;
    var list = new ArrayList<RuleFeature>();
    definition
        .definition()
        .fit()
        .forEach(r -> list.add(new RuleFeature(r.name(), true, r.points())));
    definition
        .definition()
        .engagement()
        .rules()
        .forEach(r -> list.add(new RuleFeature(r.name(), false, r.points())));
    this.rules = List.copyOf(list);
    this.points = list.stream().mapToLong(RuleFeature::points).toArray();
  }

  /** The features, fit rules first, then engagement rules, each in definition order. */
  public List<RuleFeature> rules() {
    return rules;
  }

  /** Samples one lead; {@code events} need not be sorted and may run past the range. */
  public Sampled sample(Facts facts, List<Event> events, Outcomes outcomes) {
    Instant reachedAt = outcome.at(outcomes);
    Instant handedOver = handedOver(outcomes);
    var before = new ArrayList<Event>(events.size());
    Instant last = null;
    for (Event e : events) {
      if (e.at().isBefore(to) && (handedOver == null || e.at().isBefore(handedOver))) {
        before.add(e);
        if (last == null || e.at().isAfter(last)) {
          last = e.at();
        }
      }
    }
    if (last == null) {
      return Skipped.NO_EVENTS;
    }
    Instant mqlAt = decide.score(facts, before, last, false).mqlAt();
    Instant decidedAt = mqlAt != null ? mqlAt : last;
    if (decidedAt.isBefore(from) || !decidedAt.isBefore(to)) {
      return Skipped.OUT_OF_RANGE;
    }
    Instant deadline = decidedAt.plus(horizon);
    if (deadline.isAfter(to)) {
      return Skipped.CENSORED;
    }
    LeadScore.Explanation explanation = measure.score(facts, before, decidedAt, true).explanation();
    double[] features = new double[rules.size()];
    int i = 0;
    for (LeadScore.Contribution c : explanation.fit()) {
      features[i++] = c.matches();
    }
    for (LeadScore.Contribution c : explanation.engagement()) {
      features[i++] = c.current();
    }
    double score = 0;
    for (int f = 0; f < features.length; f++) {
      score += points[f] * features[f];
    }
    boolean reached = reachedAt != null && !reachedAt.isAfter(deadline);
    return new Sample(decidedAt, features, score, reached);
  }

  /**
   * When sales took the lead on: its first entry into sal, sql or won, whichever came first. What
   * happens from then on (sales calls, meetings, service tickets of a customer) is the sales
   * process itself, not a sign for deciding whether to hand the lead over, so it is never a
   * feature.
   */
  static @Nullable Instant handedOver(Outcomes outcomes) {
    Instant first = null;
    for (Instant at : new Instant[] {outcomes.salAt(), outcomes.sqlAt(), outcomes.wonAt()}) {
      if (at != null && (first == null || at.isBefore(first))) {
        first = at;
      }
    }
    return first;
  }

  /** The definition with every rule worth one point and no gate: its fold measures the features. */
  private static CompiledDefinition unitPoints(CompiledDefinition compiled) {
    Definition d = compiled.definition();
    Definition unit =
        new Definition(
            d.name(),
            d.owners(),
            d.attributes(),
            d.fit().stream().map(DecisionSamples::onePoint).toList(),
            new Definition.Engagement(
                d.engagement().halfLife(),
                d.engagement().rules().stream().map(DecisionSamples::onePoint).toList()),
            "",
            d.sla(),
            d.recycle(),
            d.contactPressure());
    return CompiledDefinition.compile(unit, Definition.Position.UNKNOWN, Set.of())
        .compiled()
        .orElseThrow(() ->
            new IllegalStateException("a compiled definition did not compile with unit points"));
  }

  private static Definition.Rule onePoint(Definition.Rule r) {
    return new Definition.Rule(r.name(), r.when(), 1, r.maxPer(), r.position());
  }
}
