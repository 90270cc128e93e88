package nl.hengel.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rule weights fitted on what really happened, stored as a new draft: a logistic regression of
 * reaching {@code outcome} within {@code horizon} after each lead's decision moment, trained on the
 * leads decided before {@code split} and judged on those decided from {@code split} to {@code to}.
 * Only a suggestion: the draft is activated, if ever, by the usual two-owner approval.
 *
 * @param version the version whose weights were fitted
 * @param draft the new draft version holding the suggested points
 * @param draftName the new draft's name
 */
public record WeightSuggestion(
    int version,
    int draft,
    String draftName,
    String outcome,
    Duration horizon,
    Instant from,
    Instant to,
    Instant split,
    Samples samples,
    HeldOut heldOut,
    List<RuleChange> rules) {

  public WeightSuggestion {
    rules = List.copyOf(rules);
  }

  /**
   * How the leads were used: those decided in the range and fully observed, split into training
   * (before the split) and test (from the split on), each with how many reached the outcome; and
   * the leads that were not samples — no events before their outcome, decided outside the range, or
   * censored (their horizon runs past the end of the range).
   */
  public record Samples(
      long leads,
      long train,
      long trainReached,
      long test,
      long testReached,
      long noEvents,
      long outOfRange,
      long censored) {}

  /**
   * The suggestion judged on the later period it never saw: the AUC of its fitted probabilities,
   * the AUC of the version's own score (fit + engagement at the decision moment) on the same leads,
   * and the calibration table.
   */
  public record HeldOut(double auc, double currentAuc, List<Bin> calibration) {
    public HeldOut {
      calibration = List.copyOf(calibration);
    }
  }

  /**
   * One tenth of the test leads by predicted probability (the lowest first): the range of their
   * predictions, how many, the mean prediction and the share that really reached the outcome.
   */
  public record Bin(
      double lowest, double highest, long count, double meanPredicted, double observedRate) {}

  /**
   * One rule: its points in the version and as suggested, the fitted odds ratio (per match for an
   * engagement rule, for holding for a fit rule; null when the rule never fired in training), in
   * how many training leads it fired, and the change in words.
   */
  public record RuleChange(
      String rule,
      String kind,
      long points,
      long suggested,
      @Nullable Double oddsRatio,
      long firedInTraining,
      String explanation) {}
}
