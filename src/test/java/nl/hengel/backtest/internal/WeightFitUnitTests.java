package nl.hengel.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Random;
import nl.hengel.backtest.WeightSuggestion;
import nl.hengel.backtest.WeightSuggestion.RuleChange;
import nl.hengel.engine.CompiledDefinition;
import nl.hengel.engine.DecisionSamples;
import nl.hengel.engine.Event;
import nl.hengel.engine.Lint;
import nl.hengel.engine.Outcomes;
import org.junit.jupiter.api.Test;

class WeightFitUnitTests {

  static final String DEFINITION =
      """
      name: synthetic
      owners: { marketing: anna@acme.example, sales: bram@acme.example }
      fit:
        - { name: dutch, when: "company.country == 'NL'", points: 10 }
        - { name: martian, when: "company.country == 'MARS'", points: 5 }
      engagement:
        half_life: 30d
        rules:
          - { name: pricing, when: "event.type == 'page_view' && event.path.startsWith('/pricing')", points: 10 }
          - { name: whitepaper, when: "event.type == 'content_download'", points: 10 }
      mql: "fit >= 10 && engagement >= 35"
      """;

  static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration HORIZON = Duration.ofDays(30);
  static final Instant SPLIT = Instant.parse("2025-08-01T00:00:00Z");

  /**
   * Leads over a year: each downloads 0–3 whitepapers and visits pricing 0–2 times over a few days,
   * half are Dutch. Only the pricing visits drive the chance of reaching sql within 30 days; the
   * whitepapers and the country are noise. No lead is Martian.
   */
  static SampleSet history(long seed, int leads) {
    CompiledDefinition compiled = Lint.compileValid(DEFINITION);
    var samples = new DecisionSamples(compiled, FROM, TO, HORIZON, DecisionSamples.Outcome.SQL);
    var set = new SampleSet(compiled, samples, SPLIT);
    var random = new Random(seed);
    for (int p = 0; p < leads; p++) {
      Instant start = FROM.plus(Duration.ofHours(random.nextInt(365 * 24)));
      var events = new ArrayList<Event>();
      int pricing = random.nextInt(3);
      int papers = random.nextInt(4);
      for (int i = 0; i < papers; i++) {
        events.add(
            event(
                p + "-w" + i,
                start.plus(Duration.ofHours(random.nextInt(96))),
                "content_download",
                ""));
      }
      for (int i = 0; i < pricing; i++) {
        events.add(
            event(
                p + "-p" + i,
                start.plus(Duration.ofHours(random.nextInt(96))),
                "page_view",
                "/pricing"));
      }
      events.add(event(p + "-h", start, "page_view", "/"));
      double logOdds = -2.5 + 1.6 * pricing;
      boolean reached = random.nextDouble() < 1 / (1 + Math.exp(-logOdds));
      Instant sqlAt = reached ? start.plus(Duration.ofDays(5 + random.nextInt(20))) : null;
      String country = random.nextBoolean() ? "NL" : "DE";
      set.accept(
          new History.Lead(
              p,
              Map.of(),
              Map.of("country", country),
              events,
              new Outcomes(null, sqlAt, null, null)));
    }
    return set;
  }

  static Event event(String id, Instant at, String type, String path) {
    return new Event(
        at, "test", id, "marketing", "web", type, null, null, "neutral", Map.of("path", path));
  }

  @Test
  void
      the_rule_that_predicts_the_outcome_gains_points_over_the_noise_and_beats_the_current_weights() {
    SampleSet set = history(7, 4000);
    FittedWeights fitted =
        FittedWeights.of(
            set,
            new DecisionSamples(
                    Lint.compileValid(DEFINITION), FROM, TO, HORIZON, DecisionSamples.Outcome.SQL)
                .rules(),
            new SuggestedPoints.Context("sql", HORIZON, set.train().size(), SPLIT));

    RuleChange pricing = rule(fitted, "pricing");
    RuleChange whitepaper = rule(fitted, "whitepaper");
    assertThat(pricing.suggested()).isGreaterThan(pricing.points());
    assertThat(pricing.suggested()).isGreaterThan(whitepaper.suggested() + 10);
    assertThat(pricing.oddsRatio()).isGreaterThan(2.5);
    // The engagement group keeps its 20 positive points in all.
    assertThat(Math.max(0, pricing.suggested()) + Math.max(0, whitepaper.suggested()))
        .isBetween(19L, 21L);
    assertThat(pricing.explanation())
        .startsWith("pricing: 10 → " + pricing.suggested() + " points; each fresh match multiplied")
        .contains("reaching sql within 30 days")
        .contains("leads decided before 2025-08-01");

    RuleChange martian = rule(fitted, "martian");
    assertThat(martian.suggested()).isEqualTo(5);
    assertThat(martian.oddsRatio()).isNull();
    assertThat(martian.firedInTraining()).isZero();
    assertThat(martian.explanation()).contains("kept").contains("says nothing about it");
    // The only other fit rule keeps the group's 10 points, with its sign.
    RuleChange dutch = rule(fitted, "dutch");
    assertThat(Math.abs(dutch.suggested())).isEqualTo(10);

    WeightSuggestion.HeldOut heldOut = fitted.heldOut();
    assertThat(heldOut.auc()).isGreaterThan(0.6);
    // Equal points for a predictive and a noise rule rank worse than the fit.
    assertThat(heldOut.auc()).isGreaterThan(heldOut.currentAuc());
    assertThat(heldOut.calibration()).hasSizeBetween(3, 10);
    for (int b = 1; b < heldOut.calibration().size(); b++) {
      assertThat(heldOut.calibration().get(b).lowest())
          .isGreaterThan(heldOut.calibration().get(b - 1).highest());
    }
    assertThat(heldOut.calibration().stream().mapToLong(WeightSuggestion.Bin::count).sum())
        .isEqualTo(set.test().size());
    double observed =
        heldOut.calibration().stream().mapToDouble(b -> b.observedRate() * b.count()).sum()
            / set.test().size();
    double predicted =
        heldOut.calibration().stream().mapToDouble(b -> b.meanPredicted() * b.count()).sum()
            / set.test().size();
    assertThat(predicted).isCloseTo(observed, within(0.05));
    WeightSuggestion.Bin lowest = heldOut.calibration().getFirst();
    WeightSuggestion.Bin highest = heldOut.calibration().getLast();
    assertThat(highest.observedRate()).isGreaterThan(lowest.observedRate() + 0.3);
  }

  @Test
  void
      leads_are_split_by_decision_moment_and_those_whose_horizon_runs_past_the_range_are_censored() {
    SampleSet set = history(11, 2000);
    assertThat(set.leads()).isEqualTo(2000);
    assertThat(set.train().size() + set.test().size() + set.censored() + set.outOfRange())
        .isEqualTo(2000);
    // Leads starting in the last 30 days (minus the 4 days of activity) cannot be labelled.
    assertThat(set.censored()).isBetween(120L, 220L);
    assertThat(set.train().size()).isGreaterThan(set.test().size());
  }

  @Test
  void the_same_samples_give_the_same_suggestion() {
    var rules =
        new DecisionSamples(
                Lint.compileValid(DEFINITION), FROM, TO, HORIZON, DecisionSamples.Outcome.SQL)
            .rules();
    var context = new SuggestedPoints.Context("sql", HORIZON, 1, SPLIT);
    assertThat(FittedWeights.of(history(3, 1500), rules, context))
        .isEqualTo(FittedWeights.of(history(3, 1500), rules, context));
  }

  @Test
  void the_auc_counts_ties_half_and_the_calibration_adds_up() {
    assertThat(
            HeldOutMetrics.auc(
                new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}, 4))
        .isEqualTo(0.75);
    assertThat(HeldOutMetrics.auc(new double[] {1, 1}, new boolean[] {true, false}, 2))
        .isEqualTo(0.5);
    var bins =
        HeldOutMetrics.calibration(
            new double[] {0.9, 0.1, 0.2, 0.8, 0.5},
            new boolean[] {true, false, false, true, false},
            5,
            10);
    assertThat(bins).hasSize(5);
    assertThat(bins.getFirst().meanPredicted()).isEqualTo(0.1);
    assertThat(bins.getLast().observedRate()).isEqualTo(1.0);
    // Ties stay together: four equal predictions in tenths of ten samples make one group of four.
    var tied =
        HeldOutMetrics.calibration(
            new double[] {0.2, 0.2, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8},
            new boolean[] {true, false, false, false, false, true, false, true, true, true},
            10,
            10);
    assertThat(tied)
        .extracting(WeightSuggestion.Bin::count)
        .containsExactly(4L, 1L, 1L, 1L, 1L, 1L, 1L);
    assertThat(tied.getFirst().observedRate()).isEqualTo(0.25);
  }

  @Test
  void a_fit_rule_turning_negative_leaves_the_gate_its_reach() {
    var rules =
        java.util.List.of(
            new DecisionSamples.RuleFeature("country", true, 10),
            new DecisionSamples.RuleFeature("size", true, 15),
            new DecisionSamples.RuleFeature("title", true, 10),
            new DecisionSamples.RuleFeature("industry", true, 5),
            new DecisionSamples.RuleFeature("visit", false, 10));
    var changes =
        SuggestedPoints.of(
            rules,
            new double[] {-0.5, 1.0, 0.6, Double.NaN, 0.3},
            new long[] {100, 100, 100, 0, 100},
            new SuggestedPoints.Context("sql", HORIZON, 1000, SPLIT));
    // Positive fit points of the fired rules stay 35 (15 + 10 + 10), so "fit >= 20" stays possible.
    assertThat(changes).extracting(RuleChange::suggested).containsExactly(-11L, 22L, 13L, 5L, 10L);
    assertThat(changes.getFirst().explanation())
        .contains("10 → -11 points (now counts against a lead)");
    assertThat(changes.get(3).explanation()).contains("kept");
  }

  @Test
  void when_no_fit_rule_raises_the_odds_the_fit_points_are_kept_and_the_gate_named() {
    var changes =
        SuggestedPoints.of(
            java.util.List.of(
                new DecisionSamples.RuleFeature("country", true, 10),
                new DecisionSamples.RuleFeature("size", true, 15)),
            new double[] {-0.2, -0.1},
            new long[] {500, 600},
            new SuggestedPoints.Context("sql", HORIZON, 1000, SPLIT));
    assertThat(changes).extracting(RuleChange::suggested).containsExactly(10L, 15L);
    assertThat(changes.getFirst().explanation())
        .startsWith("country: 10 points, kept: no fit rule raised the odds in training")
        .contains("by 0.82");
  }

  @Test
  void a_rule_too_rare_or_too_common_to_weigh_keeps_its_points_and_says_why() {
    var context = new SuggestedPoints.Context("won", Duration.ofDays(180), 2000, SPLIT);
    var rare = new DecisionSamples.RuleFeature("unsubscribed", false, -20);
    var everyone = new DecisionSamples.RuleFeature("country", true, 10);
    assertThat(SuggestedPoints.weighable(rare, 9, 2000)).isFalse();
    assertThat(SuggestedPoints.weighable(rare, 10, 2000)).isTrue();
    assertThat(SuggestedPoints.weighable(everyone, 1995, 2000)).isFalse();
    assertThat(SuggestedPoints.weighable(everyone, 1990, 2000)).isTrue();
    var changes =
        SuggestedPoints.of(
            java.util.List.of(rare, everyone),
            new double[] {Double.NaN, Double.NaN},
            new long[] {2, 1995},
            context);
    assertThat(changes.get(0).explanation())
        .isEqualTo(
            "unsubscribed: -20 points, kept: it matched only 2 of the 2,000 leads decided before"
                + " 2025-08-01, too few to weigh it.");
    assertThat(changes.get(1).explanation())
        .isEqualTo(
            "country: 10 points, kept: it held for all but 5 of the 2,000 leads decided before"
                + " 2025-08-01, so its effect cannot be told from the base rate.");
    assertThat(changes).extracting(RuleChange::suggested).containsExactly(-20L, 10L);
  }

  static RuleChange rule(FittedWeights fitted, String name) {
    return fitted.rules().stream().filter(r -> r.rule().equals(name)).findFirst().orElseThrow();
  }
}
