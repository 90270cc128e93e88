package nl.hengel.backtest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.hengel.engine.BacktestResult;
import nl.hengel.engine.BacktestResult.Lift;
import nl.hengel.engine.BacktestResult.SalesLoad;
import org.jspecify.annotations.Nullable;

/**
 * What a backtest found: the candidate version's figures, and when it ran against a baseline (the
 * active version unless another was named) the baseline's figures over the same leads, the lift of
 * the candidate's precision over the baseline's, and how many leads only one of them flags. Every
 * figure is defined on {@link BacktestResult}. {@code implied} says how many leads reached sal or
 * sql at a moment their imported history implies but does not date, when there are any.
 */
public record BacktestReport(
    Figures candidate,
    @Nullable Figures baseline,
    @Nullable Lift liftOverBaseline,
    @Nullable Differences differences,
    @Nullable Implied implied) {

  /** The report without a note on implied moments. */
  public BacktestReport(
      Figures candidate,
      @Nullable Figures baseline,
      @Nullable Lift liftOverBaseline,
      @Nullable Differences differences) {
    this(candidate, baseline, liftOverBaseline, differences, null);
  }

  /**
   * Leads whose entry into sal or sql, between the range's start and its end plus the horizon, is
   * implied by imported history (a CRM's won deal was accepted and qualified, it does not say
   * when): the import records it at the next dated stage, the latest it can have been, so precision
   * at sal and sql counts them only when that moment is within the horizon: those two figures are
   * lower bounds. Won is always dated.
   */
  public record Implied(long sal, long sql, String note) {

    /** The note for these counts, or null when there are none. */
    public static @Nullable Implied of(long sal, long sql) {
      if (sal == 0 && sql == 0) {
        return null;
      }
      return new Implied(
          sal,
          sql,
          sal
              + " lead(s) reached sal and "
              + sql
              + " reached sql at a moment their imported history implies but does not date; they"
              + " count as reached at the next dated stage, the latest it can have been, so"
              + " precision and base rate at sal and sql are lower bounds.");
    }
  }

  /** One version's figures; durations in days, shares with their value. */
  public record Figures(
      int version,
      long leads,
      long mqls,
      Map<String, Long> mqlsPerMonth,
      Stages precision,
      Stages baseRate,
      Lift liftOverBaseRate,
      Recall recall,
      Share singleTouch,
      @Nullable Double medianDaysFirstTouchToMql,
      SalesLoad salesLoad) {

    public static Figures of(int version, BacktestResult r) {
      var months = new LinkedHashMap<String, Long>();
      r.mqlsPerMonth().forEach((month, count) -> months.put(month.toString(), count));
      return new Figures(
          version,
          r.leads(),
          r.mqls(),
          months,
          Stages.of(r.precision()),
          Stages.of(r.baseRate()),
          r.liftOverBaseRate(),
          new Recall(Share.of(r.recall().caught()), days(r.recall().medianLeadTime())),
          Share.of(r.singleTouch()),
          days(r.medianFirstTouchToMql()),
          r.salesLoad());
    }
  }

  /** How many of how many, and the share (absent when there are none to share). */
  public record Share(long count, long of, @Nullable Double value) {
    static Share of(BacktestResult.Share s) {
      return new Share(s.count(), s.of(), s.value());
    }
  }

  /** One share per later stage of the funnel. */
  public record Stages(Share sal, Share sql, Share won) {
    static Stages of(BacktestResult.Stages s) {
      return new Stages(Share.of(s.sal()), Share.of(s.sql()), Share.of(s.won()));
    }
  }

  /** The won deals caught by an earlier MQL, and the median days between that MQL and the win. */
  public record Recall(Share caught, @Nullable Double medianLeadTimeDays) {}

  /**
   * Leads MQL in the range under one version and not under the other (also when the other makes
   * them MQL outside the range).
   */
  public record Differences(long candidateOnly, long baselineOnly) {}

  static @Nullable Double days(@Nullable Duration d) {
    return d == null ? null : d.toMillis() / 86_400_000.0;
  }
}
