package nl.hengel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.hengel.access.Member;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import nl.hengel.timeline.PersonId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class LeadHistoriesIntegrationTests extends IntegrationTestSupport {

  @Autowired LeadHistories histories;

  static final Instant MQL = Instant.parse("2018-01-10T00:00:00Z");
  static final Instant WON = Instant.parse("2018-03-06T19:38:55Z");

  PersonId person(Api admin, String email) {
    return new PersonId(
        Funnel.ok(admin.post("/api/people", Map.of("email", email))).json().get("id").asLong());
  }

  static PastLead.Step step(Stage stage, Instant at, Owner owner) {
    return new PastLead.Step(stage, at, "import:test", null, null, owner);
  }

  @Test
  void a_past_is_recorded_with_its_own_times_and_actors_once_however_often_it_is_sent() {
    TestWorkspace tw = newWorkspace();
    Api iris = as(tw, "iris@acme.example", Role.ANALYST);
    as(tw, "sam@acme.example", Role.SALES);
    Member sam = members.findByEmail(tw.workspace().id(), "sam@acme.example").orElseThrow();
    Owner owner = new Owner(sam.id(), sam.email());
    PersonId won = person(tw.admin(), "won@acme.example");
    PersonId open = person(tw.admin(), "open@acme.example");
    var pasts =
        List.of(
            new PastLead(
                won,
                List.of(
                    step(Stage.MQL, MQL, null),
                    new PastLead.Step(
                        Stage.SAL, WON, "import:test", null, "implied by the won deal", owner),
                    step(Stage.SQL, WON, owner),
                    step(Stage.WON, WON, owner)),
                "paid_search",
                "lp-1"),
            new PastLead(open, List.of(step(Stage.MQL, MQL, null)), "email", null));

    LeadHistories.Outcome first = histories.record(tw.workspace().id(), pasts);
    assertThat(first.recorded()).isEqualTo(2);
    assertThat(first.refused()).isEmpty();
    LeadHistories.Outcome again = histories.record(tw.workspace().id(), pasts);
    assertThat(again.recorded()).isZero();
    assertThat(again.alreadyKnown()).isEqualTo(2);

    JsonNode view = iris.get("/api/people/" + won.value() + "/lead").json();
    assertThat(view.get("lead").get("stage").asString()).isEqualTo("won");
    assertThat(view.get("lead").get("owner").asString()).isEqualTo("sam@acme.example");
    assertThat(view.get("lead").get("mqlAt").asString()).isEqualTo(MQL.toString());
    assertThat(view.get("lead").get("source").asString()).isEqualTo("paid_search");
    assertThat(view.get("history").valueStream().map(h -> h.get("to").asString()).toList())
        .containsExactly("mql", "sal", "sql", "won");
    assertThat(view.get("history").get(3).get("at").asString()).isEqualTo(WON.toString());
    assertThat(view.get("history").get(3).get("actor").asString()).isEqualTo("import:test");
    assertThat(view.get("history").get(1).get("comment").asString())
        .isEqualTo("implied by the won deal");
    assertThat(view.get("history")).hasSize(4);
  }

  @Test
  void a_past_off_the_waterfall_or_of_another_workspace_is_refused_and_the_others_recorded() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    PersonId skip = person(tw.admin(), "skip@acme.example");
    PersonId backwards = person(tw.admin(), "back@acme.example");
    PersonId fine = person(tw.admin(), "fine@acme.example");
    PersonId stranger = person(other.admin(), "stranger@acme.example");

    LeadHistories.Outcome outcome =
        histories.record(
            tw.workspace().id(),
            List.of(
                new PastLead(
                    skip,
                    List.of(step(Stage.MQL, MQL, null), step(Stage.SQL, WON, null)),
                    null,
                    null),
                new PastLead(
                    backwards,
                    List.of(step(Stage.MQL, WON, null), step(Stage.SAL, MQL, null)),
                    null,
                    null),
                new PastLead(fine, List.of(step(Stage.MQL, MQL, null)), null, null),
                new PastLead(stranger, List.of(step(Stage.MQL, MQL, null)), null, null)));

    assertThat(outcome.recorded()).isEqualTo(1);
    assertThat(outcome.refused())
        .extracting(LeadHistories.Refusal::reason)
        .containsExactlyInAnyOrder(
            "no path from mql to sql",
            "step to sal at " + MQL + " comes before the step before it",
            "no person " + stranger.value() + " in this workspace");
    assertThat(Funnel.stage(tw.admin(), fine.value())).isEqualTo("mql");
    assertThat(Funnel.stage(tw.admin(), skip.value())).isEqualTo("new");
    assertThat(Funnel.stage(other.admin(), stranger.value())).isEqualTo("new");
  }
}
