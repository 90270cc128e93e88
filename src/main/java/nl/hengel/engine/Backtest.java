package nl.hengel.engine;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.hengel.engine.BacktestResult.Recall;
import nl.hengel.engine.BacktestResult.SalesLoad;
import nl.hengel.engine.BacktestResult.Share;
import nl.hengel.engine.BacktestResult.Stages;
import org.jspecify.annotations.Nullable;

/**
 * Replays leads one at a time under a definition, strictly as of each moment, and accumulates how
 * its MQLs compare with what really happened (see {@link BacktestResult} for every figure).
 *
 * <p>Each lead goes through the same fold as live scoring ({@link Scoring}) as of {@code to}; the
 * fold's MQL moment only ever uses events up to that moment, so a backtest cannot peek. Outcomes
 * are read only after the MQL moment is known, to score it.
 *
 * <p>Memory: only aggregates are kept, never the leads: counters, one entry per month and per
 * owner-week with MQLs, and for the medians one {@code long} (8 bytes) per MQL and per caught won
 * deal. A million MQLs cost about 8 MB.
 *
 * <p>Not thread-safe, like {@link Scoring}: use one per thread.
 */
public final class Backtest {

  /** The owner of an MQL whose lead has none. */
  public static final String NO_OWNER = "(none)";

  private final Scoring scoring;
  private final Instant from;
  private final Instant to;
  private final Duration horizon;

  private long leads;
  private long mqls;
  private final TreeMap<YearMonth, Long> perMonth = new TreeMap<>();
  private long hitSal;
  private long hitSql;
  private long hitWon;
  private long reachedSal;
  private long reachedSql;
  private long won;
  private long singleTouch;
  private final Longs firstTouchToMql = new Longs();
  private final Longs leadTimes = new Longs();
  private final Map<OwnerWeek, Long> perOwnerWeek = new HashMap<>();

  private record OwnerWeek(String owner, int year, int week) {}

  /**
   * A backtest of {@code definition} over [{@code from}, {@code to}), an outcome counting as
   * predicted up to {@code horizon} after the MQL moment.
   */
  public Backtest(CompiledDefinition definition, Instant from, Instant to, Duration horizon) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " must come before to " + to);
    }
    if (horizon.isNegative()) {
      throw new IllegalArgumentException("horizon " + horizon + " must not be negative");
    }
    this.scoring = new Scoring(definition);
    this.from = from;
    this.to = to;
    this.horizon = horizon;
  }

  /**
   * Folds one lead as of {@code to}, adds it to the figures and answers its score (without
   * explanation); {@code events} need not be sorted.
   */
  public LeadScore replay(Facts facts, List<Event> events, Outcomes outcomes) {
    LeadScore score = scoring.score(facts, events, to, false);
    Instant mqlAt = score.mqlAt();
    leads++;
    if (inRange(outcomes.salAt())) {
      reachedSal++;
    }
    if (inRange(outcomes.sqlAt())) {
      reachedSql++;
    }
    if (inRange(outcomes.wonAt())) {
      won++;
      if (mqlAt != null && mqlAt.isBefore(outcomes.wonAt())) {
        leadTimes.add(outcomes.wonAt().toEpochMilli() - mqlAt.toEpochMilli());
      }
    }
    if (!inRange(mqlAt)) {
      return score;
    }
    mqls++;
    perMonth.merge(YearMonth.from(mqlAt.atZone(ZoneOffset.UTC)), 1L, Long::sum);
    Instant deadline = mqlAt.plus(horizon);
    if (within(outcomes.salAt(), mqlAt, deadline)) {
      hitSal++;
    }
    if (within(outcomes.sqlAt(), mqlAt, deadline)) {
      hitSql++;
    }
    if (within(outcomes.wonAt(), mqlAt, deadline)) {
      hitWon++;
    }
    // An MQL always has a touch: the gate is only checked at an event.
    Instant first = score.touches().first();
    if (mqlAt.equals(first)) {
      singleTouch++;
    }
    firstTouchToMql.add(mqlAt.toEpochMilli() - first.toEpochMilli());
    LocalDate day = LocalDate.ofInstant(mqlAt, ZoneOffset.UTC);
    String owner = outcomes.owner() == null ? NO_OWNER : outcomes.owner();
    perOwnerWeek.merge(
        new OwnerWeek(
            owner, day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
        1L,
        Long::sum);
    return score;
  }

  /** Whether a moment falls in this backtest's range [from, to). */
  public boolean inRange(@Nullable Instant at) {
    return at != null && !at.isBefore(from) && at.isBefore(to);
  }

  /** The figures so far; the backtest may go on replaying afterwards. */
  public BacktestResult result() {
    long owners = perOwnerWeek.keySet().stream().map(OwnerWeek::owner).distinct().count();
    long weeks = isoWeeks(from, to);
    long max = perOwnerWeek.values().stream().mapToLong(Long::longValue).max().orElse(0);
    double average = owners == 0 ? 0 : (double) mqls / (owners * weeks);
    return new BacktestResult(
        from,
        to,
        horizon,
        leads,
        mqls,
        Collections.unmodifiableSortedMap(new TreeMap<>(perMonth)),
        new Stages(new Share(hitSal, mqls), new Share(hitSql, mqls), new Share(hitWon, mqls)),
        new Stages(
            new Share(reachedSal, leads), new Share(reachedSql, leads), new Share(won, leads)),
        new Recall(new Share(leadTimes.size, won), median(leadTimes)),
        new Share(singleTouch, mqls),
        median(firstTouchToMql),
        new SalesLoad(owners, weeks, average, max));
  }

  private static boolean within(@Nullable Instant at, Instant start, Instant end) {
    return at != null && !at.isBefore(start) && !at.isAfter(end);
  }

  /** The ISO weeks (UTC, Monday to Sunday) that [from, to) touches. */
  static long isoWeeks(Instant from, Instant to) {
    LocalDate first =
        LocalDate.ofInstant(from, ZoneOffset.UTC)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate last =
        LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return ChronoUnit.WEEKS.between(first, last) + 1;
  }

  /**
   * The median as SQL's percentile_cont computes it (as the analytics capability does): of n sorted
   * values d[0..n-1], linear interpolation at position 0.5·(n−1); null without values.
   */
  static @Nullable Duration median(Longs values) {
    if (values.size == 0) {
      return null;
    }
    long[] sorted = Arrays.copyOf(values.values, values.size);
    Arrays.sort(sorted);
    double position = 0.5 * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    double millis = sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  /** A growable list of longs, without boxing. */
  static final class Longs {
    long[] values = new long[16];
    int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }
  }
}
