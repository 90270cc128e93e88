package nl.hengel.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * What a backtest of one definition over the range [{@code from}, {@code to}) found; every figure
 * is defined on its component.
 *
 * @param leads leads replayed
 * @param mqls leads whose MQL moment (the fold's, as of {@code to}) falls in [from, to)
 * @param mqlsPerMonth those MQLs by the UTC month of their MQL moment, months without MQLs absent
 * @param precision of the MQLs, the share that reached sal, sql and won in [MQL moment, MQL moment
 *     + horizon], both ends included; an outcome before the MQL moment was not predicted and does
 *     not count
 * @param baseRate of all leads replayed, the share whose sal, sql and won moment falls in [from,
 *     to), MQL or not
 * @param recall of the won deals (won moment in [from, to)), the share whose MQL moment comes
 *     strictly before the win (also if it lies before {@code from}), and the median lead time win −
 *     MQL over those caught
 * @param singleTouch of the MQLs, the share whose MQL moment is the lead's first touch: qualified
 *     on its first interaction
 * @param medianFirstTouchToMql median of MQL moment − first touch over the MQLs; null without MQLs
 * @param salesLoad MQLs per sales owner per ISO week
 */
public record BacktestResult(
    Instant from,
    Instant to,
    Duration horizon,
    long leads,
    long mqls,
    SortedMap<YearMonth, Long> mqlsPerMonth,
    Stages precision,
    Stages baseRate,
    Recall recall,
    Share singleTouch,
    @Nullable Duration medianFirstTouchToMql,
    SalesLoad salesLoad) {

  /** How many of how many; its {@link #value()} is absent when there are none to share. */
  public record Share(long count, long of) {

    /** {@code count / of}, or null when {@code of} is zero. */
    public @Nullable Double value() {
      return of == 0 ? null : (double) count / of;
    }
  }

  /** One share per later stage of the funnel. */
  public record Stages(Share sal, Share sql, Share won) {}

  /** A ratio of two shares per stage; null where either is absent or the divisor is zero. */
  public record Lift(@Nullable Double sal, @Nullable Double sql, @Nullable Double won) {

    static Lift of(Stages numerator, Stages denominator) {
      return new Lift(
          ratio(numerator.sal(), denominator.sal()),
          ratio(numerator.sql(), denominator.sql()),
          ratio(numerator.won(), denominator.won()));
    }

    private static @Nullable Double ratio(Share a, Share b) {
      Double x = a.value();
      Double y = b.value();
      return x == null || y == null || y == 0 ? null : x / y;
    }
  }

  /** The won deals caught by an earlier MQL, and how long before the win they were flagged. */
  public record Recall(Share caught, @Nullable Duration medianLeadTime) {}

  /**
   * MQLs per owner per ISO week (UTC): {@code average} is MQLs over owners × weeks, where owners
   * are the distinct owners of the MQLs ("(none)" for a lead without one) and weeks are all ISO
   * weeks the range touches, so a quiet week counts as zero; {@code max} is the most one owner got
   * in one week.
   */
  public record SalesLoad(long owners, long weeks, double average, long max) {}

  /** Precision over the base rate, per stage: how much better than picking leads at random. */
  public Lift liftOverBaseRate() {
    return Lift.of(precision, baseRate);
  }

  /** The candidate's precision over the baseline's (e.g. a draft over the active version). */
  public static Lift lift(BacktestResult candidate, BacktestResult baseline) {
    return Lift.of(candidate.precision(), baseline.precision());
  }
}
