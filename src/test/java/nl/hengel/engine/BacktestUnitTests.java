package nl.hengel.engine;

import static nl.hengel.engine.Leads.day;
import static nl.hengel.engine.Leads.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The backtest's figures on small histories worked out by hand. Under SIMPLE (fit 25 for a big
 * Dutch company; gate: engagement >= 15 and two distinct contents) two whitepapers two days apart
 * qualify at the second: 10·0.5^(2/30) + 10 ≈ 19.5. Day 0 is Monday 2026-01-05 10:00 UTC.
 */
class BacktestUnitTests {

  static final String SIMPLE = nl.hengel.testing.DefinitionTexts.SIMPLE;

  /** SIMPLE whose gate one whitepaper (10 points) already passes. */
  static final String ONE_TOUCH =
      SIMPLE.replace(
          "mql: \"fit >= 20 && engagement >= 15 && touches.distinct_content >= 2\"",
          "mql: \"fit >= 20 && engagement >= 10\"");

  static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant FEB = Instant.parse("2026-02-01T00:00:00Z");
  static final Instant APR = Instant.parse("2026-04-01T00:00:00Z");
  static final Duration NINETY_DAYS = Duration.ofDays(90);

  final CompiledDefinition simple = Lint.compileValid(SIMPLE);
  final Facts target = Leads.facts(simple, "NL", 120);

  /** Two whitepapers of different content, the second {@code gap} days after the first. */
  static List<Event> twoDownloads(String lead, double first, double gap) {
    return List.of(
        event(lead + "-1", day(first), "marketing", "content_download", "guide-a", null),
        event(lead + "-2", day(first + gap), "marketing", "content_download", "guide-b", null));
  }

  static Outcomes outcomes(
      @Nullable Instant sal, @Nullable Instant sql, @Nullable Instant won, @Nullable String owner) {
    return new Outcomes(sal, sql, won, owner);
  }

  @Test
  void a_lead_that_would_qualify_only_by_peeking_at_a_later_interaction_is_not_an_mql() {
    var backtest = new Backtest(simple, JAN, FEB, NINETY_DAYS);
    // Second whitepaper at day 30 = 2026-02-04, after `to`: as of February 1 the lead has one.
    List<Event> peeking = twoDownloads("peek", 0, 30);
    assertThat(new Scoring(simple).score(target, peeking, day(31)).mqlAt()).isEqualTo(day(30));

    backtest.replay(target, peeking, Outcomes.NONE);
    backtest.replay(target, twoDownloads("fair", 0, 2), Outcomes.NONE);

    BacktestResult result = backtest.result();
    assertThat(result.leads()).isEqualTo(2);
    assertThat(result.mqls()).isEqualTo(1);
  }

  @Test
  void an_outcome_never_makes_an_mql() {
    var backtest = new Backtest(simple, JAN, FEB, NINETY_DAYS);
    // One whitepaper does not pass the gate, however well the lead did afterwards.
    backtest.replay(
        target,
        List.of(event("won", day(0), "marketing", "content_download", "guide-a", null)),
        outcomes(day(1), day(2), day(3), "anna"));

    assertThat(backtest.result().mqls()).isZero();
    assertThat(backtest.result().recall().caught()).isEqualTo(new BacktestResult.Share(0, 1));
  }

  @Test
  void recall_counts_a_won_deal_only_when_the_mql_came_before_the_win() {
    var backtest = new Backtest(simple, JAN, FEB, NINETY_DAYS);
    // MQL day 2, won day 10: caught, 8 days ahead.
    backtest.replay(target, twoDownloads("x", 0, 2), outcomes(null, null, day(10), null));
    // MQL day 2, won day 16: caught, 14 days ahead.
    backtest.replay(target, twoDownloads("w", 0, 2), outcomes(null, null, day(16), null));
    // MQL day 20, won day 10: the flag came too late.
    backtest.replay(target, twoDownloads("y", 18, 2), outcomes(null, null, day(10), null));
    // Never an MQL, won day 12.
    backtest.replay(target, List.of(), outcomes(null, null, day(12), null));
    // Won after `to` (day 40 = 2026-02-14): not a won deal of this range.
    backtest.replay(target, twoDownloads("v", 0, 2), outcomes(null, null, day(40), null));

    BacktestResult.Recall recall = backtest.result().recall();
    // 2 of the 4 won deals in range.
    assertThat(recall.caught()).isEqualTo(new BacktestResult.Share(2, 4));
    assertThat(recall.caught().value()).isEqualTo(0.5);
    // Median of 8 and 14 days: (8 + 14) / 2 = 11 days.
    assertThat(recall.medianLeadTime()).isEqualTo(Duration.ofDays(11));
  }

  @Test
  void an_mql_on_the_first_interaction_is_a_single_touch_mql() {
    CompiledDefinition oneTouch = Lint.compileValid(ONE_TOUCH);
    Facts facts = Leads.facts(oneTouch, "NL", 120);
    var backtest = new Backtest(oneTouch, JAN, FEB, NINETY_DAYS);
    // One whitepaper: engagement 10 at day 0, the first touch.
    backtest.replay(
        facts,
        List.of(event("p", day(0), "marketing", "content_download", "guide-a", null)),
        Outcomes.NONE);
    // A blog visit (0 points) at day 0, the whitepaper a day later: MQL one day after first touch.
    backtest.replay(
        facts,
        List.of(
            event("q-1", day(0), "marketing", "page_view", null, "/blog"),
            event("q-2", day(1), "marketing", "content_download", "guide-a", null)),
        Outcomes.NONE);

    BacktestResult result = backtest.result();
    assertThat(result.mqls()).isEqualTo(2);
    assertThat(result.singleTouch()).isEqualTo(new BacktestResult.Share(1, 2));
    // percentile_cont(0.5) of [0, 24h] is at position 0.5: 12 hours.
    assertThat(result.medianFirstTouchToMql()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void precision_counts_an_outcome_only_within_the_horizon_after_the_mql_moment() {
    var backtest = new Backtest(simple, JAN, FEB, NINETY_DAYS);
    // A: MQL day 2, sal day 3 (hit), sql day 102: 100 days after the MQL, past the 90-day horizon.
    backtest.replay(target, twoDownloads("a", 0, 2), outcomes(day(3), day(102), null, "anna"));
    // B: MQL day 2, sal day 1 (before the MQL: not predicted), sql day 5 and won day 60 (hits).
    backtest.replay(target, twoDownloads("b", 0, 2), outcomes(day(1), day(5), day(60), "anna"));
    // C: MQL day 2, won day 92: exactly 90 days after, the horizon's end included.
    backtest.replay(target, twoDownloads("c", 0, 2), outcomes(null, null, day(92), "anna"));
    // D: one whitepaper, no MQL; sal day 4 and sql day 6.
    backtest.replay(
        target,
        List.of(event("d", day(0), "marketing", "content_download", "guide-a", null)),
        outcomes(day(4), day(6), null, "anna"));

    BacktestResult result = backtest.result();
    assertThat(result.mqls()).isEqualTo(3);
    assertThat(result.precision().sal()).isEqualTo(new BacktestResult.Share(1, 3));
    assertThat(result.precision().sql()).isEqualTo(new BacktestResult.Share(1, 3));
    assertThat(result.precision().won()).isEqualTo(new BacktestResult.Share(2, 3));
    // Base rates over all 4 leads, outcome in [Jan 1, Feb 1): sal days 3, 1, 4; sql days 5, 6;
    // won days 60 and 92 both fall in March or later.
    assertThat(result.baseRate().sal()).isEqualTo(new BacktestResult.Share(3, 4));
    assertThat(result.baseRate().sql()).isEqualTo(new BacktestResult.Share(2, 4));
    assertThat(result.baseRate().won()).isEqualTo(new BacktestResult.Share(0, 4));
    // Lift = precision / base rate: (1/3)/(3/4) = 4/9, (1/3)/(1/2) = 2/3, none for a zero base.
    assertThat(result.liftOverBaseRate().sal()).isCloseTo(4 / 9.0, within(1e-12));
    assertThat(result.liftOverBaseRate().sql()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(result.liftOverBaseRate().won()).isNull();
  }

  @Test
  void mqls_are_counted_per_utc_month_and_per_owner_and_iso_week() {
    var backtest = new Backtest(simple, JAN, APR, NINETY_DAYS);
    // MQL moments: days 2 and 3 (Jan 7, Jan 8; ISO week 2) for anna, day 4 (Jan 9) for bram,
    // day 30 (Feb 4) without owner, day 60 (Mar 6) for bram.
    backtest.replay(target, twoDownloads("a", 0, 2), outcomes(null, null, null, "anna"));
    backtest.replay(target, twoDownloads("b", 1, 2), outcomes(null, null, null, "anna"));
    backtest.replay(target, twoDownloads("c", 2, 2), outcomes(null, null, null, "bram"));
    backtest.replay(target, twoDownloads("d", 28, 2), Outcomes.NONE);
    backtest.replay(target, twoDownloads("e", 58, 2), outcomes(null, null, null, "bram"));

    BacktestResult result = backtest.result();
    assertThat(result.mqlsPerMonth())
        .containsExactly(
            Map.entry(YearMonth.of(2026, 1), 3L),
            Map.entry(YearMonth.of(2026, 2), 1L),
            Map.entry(YearMonth.of(2026, 3), 1L));
    // Owners anna, bram and (none); [Jan 1, Apr 1) touches ISO weeks from Monday Dec 29 to
    // Monday Mar 30: 13 weeks apart, 14 weeks. Average 5 / (3 · 14) = 5/42; anna's week 2 has 2.
    assertThat(result.salesLoad().owners()).isEqualTo(3);
    assertThat(result.salesLoad().weeks()).isEqualTo(14);
    assertThat(result.salesLoad().average()).isCloseTo(5 / 42.0, within(1e-12));
    assertThat(result.salesLoad().max()).isEqualTo(2);
  }

  @Test
  void lift_compares_the_precision_of_two_definitions_on_the_same_leads() {
    CompiledDefinition oneTouch = Lint.compileValid(ONE_TOUCH);
    var candidate = new Backtest(simple, JAN, FEB, NINETY_DAYS);
    var baseline = new Backtest(oneTouch, JAN, FEB, NINETY_DAYS);
    var leads = new ArrayList<Map.Entry<List<Event>, Outcomes>>();
    // Two leads with two whitepapers reach SQL a week after; both definitions qualify them.
    leads.add(Map.entry(twoDownloads("1", 0, 2), outcomes(null, day(9), null, null)));
    leads.add(Map.entry(twoDownloads("2", 0, 2), outcomes(null, day(9), null, null)));
    // Two leads with one whitepaper and no outcome: only the one-touch baseline qualifies them.
    for (String id : List.of("3", "4")) {
      leads.add(
          Map.entry(
              List.of(event(id, day(0), "marketing", "content_download", "guide-a", null)),
              Outcomes.NONE));
    }
    // Four leads that did nothing.
    for (int i = 0; i < 4; i++) {
      leads.add(Map.entry(List.of(), Outcomes.NONE));
    }
    for (var lead : leads) {
      candidate.replay(target, lead.getKey(), lead.getValue());
      baseline.replay(Leads.facts(oneTouch, "NL", 120), lead.getKey(), lead.getValue());
    }

    BacktestResult strict = candidate.result();
    BacktestResult loose = baseline.result();
    // SQL precision: strict 2/2 = 1, loose 2/4 = 0.5; base rate 2/8 = 0.25.
    assertThat(strict.precision().sql().value()).isEqualTo(1.0);
    assertThat(loose.precision().sql().value()).isEqualTo(0.5);
    assertThat(strict.liftOverBaseRate().sql()).isEqualTo(4.0);
    assertThat(BacktestResult.lift(strict, loose).sql()).isEqualTo(2.0);
    // Nobody reached sal: 0 over 0 is no lift at all, not infinity or NaN.
    assertThat(BacktestResult.lift(strict, loose).sal()).isNull();
  }

  @Test
  void replaying_leads_in_any_order_gives_the_same_result() {
    var random = new Random(20260105L);
    var leads = new ArrayList<Map.Entry<List<Event>, Outcomes>>();
    String[] owners = {"anna", "bram", null};
    for (int lead = 0; lead < 300; lead++) {
      var events = new ArrayList<Event>();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        Instant at = day(random.nextInt(120) - 10);
        events.add(
            random.nextBoolean()
                ? event(
                    lead + "-" + i,
                    at,
                    "marketing",
                    "content_download",
                    "c" + random.nextInt(4),
                    null)
                : event(lead + "-" + i, at, "marketing", "page_view", null, "/pricing"));
      }
      leads.add(
          Map.entry(
              events,
              outcomes(
                  random.nextInt(3) == 0 ? day(random.nextInt(150)) : null,
                  random.nextInt(4) == 0 ? day(random.nextInt(150)) : null,
                  random.nextInt(5) == 0 ? day(random.nextInt(150)) : null,
                  owners[random.nextInt(3)])));
    }

    BacktestResult first = replayAll(leads);
    assertThat(first.mqls()).isPositive();
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(leads, random);
      assertThat(replayAll(leads)).isEqualTo(first);
    }
  }

  private BacktestResult replayAll(List<Map.Entry<List<Event>, Outcomes>> leads) {
    var backtest = new Backtest(simple, JAN, APR, NINETY_DAYS);
    for (var lead : leads) {
      backtest.replay(target, lead.getKey(), lead.getValue());
    }
    return backtest.result();
  }
}
