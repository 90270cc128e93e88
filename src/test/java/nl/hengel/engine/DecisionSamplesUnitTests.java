package nl.hengel.engine;

import static nl.hengel.engine.Leads.day;
import static nl.hengel.engine.Leads.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionSamplesUnitTests {

  static final CompiledDefinition DEFINITION =
      Lint.compileValid(
          """
          name: samples
          owners: { marketing: anna@acme.example, sales: bram@acme.example }
          fit:
            - { name: dutch, when: "company.country == 'NL'", points: 10 }
          engagement:
            half_life: 30d
            rules:
              - { name: download, when: "event.type == 'content_download'", points: 10 }
              - { name: call, when: "event.type == 'call'", points: 0 }
          mql: "fit >= 10 && engagement >= 20"
          """);

  static DecisionSamples samples() {
    return new DecisionSamples(
        DEFINITION, day(0), day(200), Duration.ofDays(30), DecisionSamples.Outcome.SQL);
  }

  static Facts dutch() {
    return Facts.of(DEFINITION, Map.of(), Map.of("country", "NL"));
  }

  @Test
  void an_mql_is_decided_at_its_mql_moment_with_decayed_counts_as_features_even_for_zero_points() {
    var sample =
        (DecisionSamples.Sample)
            samples()
                .sample(
                    dutch(),
                    List.of(
                        event("c", day(10), "call"),
                        event("a", day(40), "content_download"),
                        event("b", day(70), "content_download"),
                        event("d", day(80), "content_download")),
                    new Outcomes(day(90), day(95), null, null));
    // At day 70 two downloads are worth 5 + 10 = 15 < 20; the third at day 80 makes 21.9.
    assertThat(sample.decidedAt()).isEqualTo(day(80));
    assertThat(sample.features()[0]).isEqualTo(1.0);
    assertThat(sample.features()[1])
        .isCloseTo(Math.pow(0.5, 40 / 30.0) + Math.pow(0.5, 10 / 30.0) + 1, within());
    assertThat(sample.features()[2]).isCloseTo(Math.pow(0.5, 70 / 30.0), within());
    assertThat(sample.score()).isCloseTo(10 + 10 * sample.features()[1], within());
    assertThat(sample.reached()).isTrue();
  }

  @Test
  void what_happens_once_sales_took_the_lead_on_is_not_seen() {
    var sample =
        (DecisionSamples.Sample)
            samples()
                .sample(
                    Facts.of(DEFINITION, Map.of(), Map.of()),
                    List.of(
                        event("a", day(40), "content_download"),
                        event("c1", day(50), "call"),
                        event("c2", day(55), "call")),
                    new Outcomes(day(45), day(60), null, null));
    // Not dutch, so never MQL: decided at its last touch before sal, the calls unseen.
    assertThat(sample.decidedAt()).isEqualTo(day(40));
    assertThat(sample.features()[2]).isZero();
    assertThat(sample.reached()).isTrue();
  }

  @Test
  void a_lead_whose_horizon_runs_past_the_range_is_censored_whatever_its_outcome() {
    var events = List.of(event("a", day(180), "content_download"));
    assertThat(samples().sample(dutch(), events, Outcomes.NONE))
        .isEqualTo(DecisionSamples.Skipped.CENSORED);
    assertThat(samples().sample(dutch(), events, new Outcomes(day(182), day(185), null, null)))
        .isEqualTo(DecisionSamples.Skipped.CENSORED);
    assertThat(samples().sample(dutch(), List.of(), Outcomes.NONE))
        .isEqualTo(DecisionSamples.Skipped.NO_EVENTS);
    assertThat(
            samples()
                .sample(dutch(), List.of(event("z", day(-5), "content_download")), Outcomes.NONE))
        .isEqualTo(DecisionSamples.Skipped.OUT_OF_RANGE);
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
