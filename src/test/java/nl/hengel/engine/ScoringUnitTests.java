package nl.hengel.engine;

import static nl.hengel.engine.Leads.day;
import static nl.hengel.engine.Leads.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringUnitTests {

  static final String SIMPLE = nl.hengel.testing.DefinitionTexts.SIMPLE;

  final CompiledDefinition definition = Lint.compileValid(SIMPLE);
  final Scoring scoring = new Scoring(definition);
  final Facts target = Leads.facts(definition, "NL", 120);

  @Test
  void ten_points_at_day_0_with_a_30_day_half_life_are_worth_5_at_day_30_and_2_5_at_day_60() {
    List<Event> one = List.of(event("a", day(0), "content_download"));

    assertThat(scoring.score(target, one, day(0)).engagement()).isCloseTo(10.0, within(1e-9));
    assertThat(scoring.score(target, one, day(30)).engagement()).isCloseTo(5.0, within(1e-9));
    assertThat(scoring.score(target, one, day(60)).engagement()).isCloseTo(2.5, within(1e-9));
    // Two events: 10 at day 0 and 10 at day 30, seen at day 30: 5 + 10.
    assertThat(
            scoring
                .score(
                    target,
                    List.of(
                        event("a", day(0), "content_download"),
                        event("b", day(30), "content_download")),
                    day(30))
                .engagement())
        .isCloseTo(15.0, within(1e-9));
  }

  @Test
  void
      a_cap_stops_the_fourth_whitepaper_within_30_days_from_counting_but_not_one_after_the_window() {
    var events =
        List.of(
            event("1", day(0), "content_download"),
            event("2", day(5), "content_download"),
            event("3", day(10), "content_download"),
            event("4", day(20), "content_download"),
            event("5", day(30), "content_download"));

    LeadScore at20 = scoring.score(target, events, day(20));
    LeadScore at30 = scoring.score(target, events, day(30));

    LeadScore.Contribution whitepaper20 = at20.explanation().engagement().getFirst();
    assertThat(whitepaper20.matches()).isEqualTo(3);
    assertThat(whitepaper20.capped()).isEqualTo(1);
    assertThat(whitepaper20.points()).isEqualTo(30);
    double expected20 =
        10 * (Math.pow(0.5, 20 / 30.0) + Math.pow(0.5, 15 / 30.0) + Math.pow(0.5, 10 / 30.0));
    assertThat(at20.engagement()).isCloseTo(expected20, within(1e-9));
    // Day 30: the day-0 download left the window, so the fifth counts.
    assertThat(at30.explanation().engagement().getFirst().matches()).isEqualTo(4);
  }

  @Test
  void the_mql_moment_is_the_first_event_time_at_which_the_gate_holds() {
    var events =
        List.of(
            event("1", day(0), "marketing", "content_download", "guide-a", null),
            event("2", day(1), "marketing", "page_view", null, "/blog"),
            event("3", day(2), "marketing", "content_download", "guide-b", null),
            event("4", day(3), "marketing", "page_view", null, "/pricing/enterprise"));

    LeadScore score = scoring.score(target, events, day(10));

    // Day 2: engagement 10·0.5^(2/30) + 10 ≈ 19.5 >= 15 and two distinct contents.
    assertThat(score.mqlAt()).isEqualTo(day(2));
    assertThat(score.fit()).isEqualTo(25);
    assertThat(score.explanation().missing()).isEmpty();
  }

  @Test
  void a_late_interaction_that_happened_earlier_moves_the_mql_moment_back() {
    var arrived =
        new ArrayList<>(
            List.of(
                event("1", day(0), "marketing", "content_download", "guide-a", null),
                event("3", day(9), "marketing", "content_download", "guide-b", null)));
    LeadScore before = scoring.score(target, arrived, day(12));
    assertThat(before.mqlAt()).isEqualTo(day(9));

    arrived.add(event("late", day(4), "marketing", "content_download", "guide-c", null));
    LeadScore after = scoring.score(target, arrived, day(12));

    assertThat(after.mqlAt()).isEqualTo(day(4));
  }

  @Test
  void the_explanation_says_which_rules_gave_points_and_what_is_missing() {
    Facts small = Leads.facts(definition, "NL", 10);
    var events =
        List.of(
            event("1", day(0), "marketing", "content_download", "guide-a", null),
            event("2", day(1), "marketing", "email_unsubscribed", null, null));

    LeadScore score = scoring.score(small, events, day(1));

    assertThat(score.isMql()).isFalse();
    assertThat(score.explanation().fit())
        .extracting(LeadScore.Contribution::rule, LeadScore.Contribution::points)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dutch", 10L),
            org.assertj.core.groups.Tuple.tuple("big", 0L));
    assertThat(score.explanation().engagement())
        .extracting(LeadScore.Contribution::rule, LeadScore.Contribution::matches)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("whitepaper", 1),
            org.assertj.core.groups.Tuple.tuple("pricing", 0),
            org.assertj.core.groups.Tuple.tuple("unsubscribed", 1));
    assertThat(score.explanation().missing())
        .extracting(LeadScore.GateCheck::expression)
        .containsExactly("fit >= 20", "engagement >= 15", "touches.distinct_content >= 2");
    assertThat(score.explanation().gate().getFirst().values()).isEqualTo(Map.of("fit", 10L));
  }

  @Test
  void events_after_the_as_of_moment_are_not_seen() {
    var events =
        List.of(
            event("1", day(0), "marketing", "content_download", "a", null),
            event("2", day(5), "marketing", "content_download", "b", null));

    LeadScore asOfDay3 = scoring.score(target, events, day(3));

    assertThat(asOfDay3.touches().count()).isEqualTo(1);
    assertThat(asOfDay3.mqlAt()).isNull();
    assertThat(asOfDay3.engagement()).isCloseTo(10 * Math.pow(0.5, 3 / 30.0), within(1e-9));
  }

  @Test
  void a_lead_whose_fit_can_never_pass_is_never_an_mql() {
    Facts poor = Leads.facts(definition, "FR", 5);
    var many = new ArrayList<Event>();
    for (int i = 0; i < 20; i++) {
      many.add(event("e" + i, day(i), "marketing", "content_download", "c" + i, null));
    }
    assertThat(scoring.score(poor, many, day(30)).mqlAt()).isNull();
  }

  @Test
  void a_very_long_history_with_a_short_half_life_stays_finite() {
    CompiledDefinition fast = Lint.compileValid(SIMPLE.replace("half_life: 30d", "half_life: 1h"));
    var events = new ArrayList<Event>();
    for (int i = 0; i < 3000; i++) {
      events.add(event("e" + i, day(i), "marketing", "page_view", null, "/pricing"));
    }
    LeadScore score = new Scoring(fast).score(target, events, day(2999));
    assertThat(score.engagement()).isCloseTo(10.0, within(1e-6));
  }
}
