package nl.hengel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LifecycleIntegrationTests extends IntegrationTestSupport {

  /** A workspace with the definition in force and its people. */
  record Shop(TestWorkspace tw, Api anna, Api bram, Api sam, Api iris) {}

  Shop shop() {
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Api sam = as(tw, "sam@acme.example", Role.SALES);
    Api iris = as(tw, "iris@acme.example", Role.ANALYST);
    activate(tw, anna, bram, Funnel.DEFINITION);
    Funnel.company(tw.admin());
    return new Shop(tw, anna, bram, sam, iris);
  }

  /** Two downloads two hours ago: fit 25, engagement 20, two contents — an MQL. */
  long qualifiedLead(Shop s, String email) {
    return Funnel.qualify(
        s.tw().admin(),
        email,
        clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2)));
  }

  long personId(Shop s, String email) {
    return Funnel.personId(s.tw().admin(), email);
  }

  static String stageOf(Api api, long person) {
    return Funnel.stage(api, person);
  }

  static Api.Response move(Api api, long person, String to, String reason) {
    return api.post(
        "/api/people/" + person + "/lead/moves",
        reason == null
            ? Map.of("to", to)
            : Map.of("to", to, "reason", reason, "comment", "called"));
  }

  static void assertProblem(Api.Response r, int status, String code, String detailPart) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.json().get("type").asString()).isEqualTo("urn:hengel:problem:" + code);
    assertThat(r.json().get("detail").asString()).contains(detailPart);
  }

  @Test
  void a_lead_that_meets_the_gate_becomes_an_mql_recorded_with_system_actor_and_version() {
    Shop s = shop();
    long id = qualifiedLead(s, "eva@acme.example");

    JsonNode view = s.iris().get("/api/people/" + id + "/lead").json();
    JsonNode lead = view.get("lead");
    assertThat(lead.get("mqlCount").asInt()).isEqualTo(1);
    assertThat(lead.get("version").asInt()).isEqualTo(1);
    assertThat(lead.get("source").asString()).isEqualTo("web");
    assertThat(lead.get("campaign").asString()).isEqualTo(Funnel.CAMPAIGN);
    assertThat(Instant.parse(lead.get("mqlAt").asString()))
        .isEqualTo(
            clock
                .instant()
                .truncatedTo(ChronoUnit.SECONDS)
                .minus(Duration.ofHours(2))
                .plusSeconds(60));
    JsonNode history = view.get("history");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("from").asString()).isEqualTo("new");
    assertThat(history.get(0).get("to").asString()).isEqualTo("mql");
    assertThat(history.get(0).get("actor").asString()).isEqualTo("system");
    assertThat(history.get(0).get("reason").asString()).isEqualTo("gate-met");
    assertThat(history.get(0).get("version").asInt()).isEqualTo(1);
  }

  @Test
  void an_mql_cannot_become_sql_without_acceptance_and_the_refusal_changes_nothing() {
    Shop s = shop();
    long id = qualifiedLead(s, "finn@acme.example");

    assertProblem(
        move(s.bram(), id, "sql", null),
        409,
        "lifecycle.acceptance-required",
        "An MQL cannot become SQL without sales accepting it first");
    assertThat(stageOf(s.bram(), id)).isEqualTo("mql");
    assertThat(s.bram().get("/api/people/" + id + "/lead").json().get("history")).hasSize(1);

    assertThat(move(s.bram(), id, "sal", null).json().get("stage").asString()).isEqualTo("sal");
    assertThat(move(s.bram(), id, "sql", null).json().get("stage").asString()).isEqualTo("sql");
    assertProblem(move(s.bram(), id, "lost", null), 400, "lifecycle.reason-required", "price");
    JsonNode won = move(s.bram(), id, "won", null).json();
    assertThat(won.get("stage").asString()).isEqualTo("won");
    assertThat(won.get("owner").asString()).isEqualTo("bram@acme.example");

    JsonNode history = s.bram().get("/api/people/" + id + "/lead").json().get("history");
    assertThat(history.valueStream().map(h -> h.get("to").asString()).toList())
        .containsExactly("mql", "sal", "sql", "won");
    assertThat(history.get(1).get("actor").asString()).isEqualTo("user:bram@acme.example");
    assertProblem(
        move(s.bram(), id, "nurture", null), 409, "lifecycle.no-such-transition", "suppressed");
  }

  @Test
  void who_may_move_what_is_decided_by_role() {
    Shop s = shop();
    long id = qualifiedLead(s, "gus@acme.example");

    assertProblem(move(s.anna(), id, "sal", null), 403, "lifecycle.role-not-allowed", "sales");
    // An analyst reads; the edge already refuses any write.
    assertThat(move(s.iris(), id, "sal", null).status()).isEqualTo(403);
    assertProblem(
        move(s.bram(), id, "mql", null), 409, "lifecycle.already-in-stage", "already in mql");
    assertThat(move(s.bram(), id, "sal", null).status()).isEqualTo(200);
    // Accepted by bram, so bram's: another sales user may not act on it.
    assertProblem(
        move(s.sam(), id, "sql", null),
        403,
        "lifecycle.not-your-lead",
        "owned by bram@acme.example");
    assertThat(stageOf(s.bram(), id)).isEqualTo("sal");

    long other = personId(s, "gus@acme.example");
    assertThat(other).isEqualTo(id);
    long fresh =
        s.tw()
            .admin()
            .post("/api/people", Map.of("email", "new@acme.example"))
            .json()
            .get("id")
            .asLong();
    assertProblem(
        move(s.anna(), fresh, "mql", null), 403, "lifecycle.qualified-by-definition", "gate");
    assertThat(move(s.anna(), fresh, "nurture", null).json().get("stage").asString())
        .isEqualTo("nurture");
    assertThat(move(s.anna(), fresh, "suppressed", null).json().get("stage").asString())
        .isEqualTo("suppressed");
  }

  @Test
  void a_rejected_lead_is_recycled_for_the_minimum_nurture_and_qualifies_again_only_after_it() {
    Shop s = shop();
    long id = qualifiedLead(s, "hana@acme.example");

    assertProblem(move(s.bram(), id, "nurture", null), 400, "lifecycle.reason-required", "bad-fit");
    Api.Response unknown = move(s.bram(), id, "nurture", "too-tall");
    assertProblem(unknown, 400, "lifecycle.unknown-reason", "no-budget-or-timing");
    assertThat(unknown.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/reason");

    Instant rejectedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    JsonNode recycled = move(s.bram(), id, "nurture", "no-budget-or-timing").json();
    assertThat(recycled.get("stage").asString()).isEqualTo("nurture");
    assertThat(
            Duration.between(
                    rejectedAt.plus(Duration.ofDays(30)),
                    Instant.parse(recycled.get("nurtureUntil").asString()))
                .abs())
        .isLessThan(Duration.ofMillis(1));
    assertThat(recycled.has("owner")).isFalse();

    // New activity inside the nurture period does not bring the lead back.
    String email = "hana@acme.example";
    clock.advance(Duration.ofDays(3));
    s.tw()
        .admin()
        .post(
            "/api/interactions/batch",
            List.of(Funnel.download(email + "-3", email, clock.instant(), "guide-c")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            s.tw().admin().get("/api/people/" + id + "/score").json().get("touches").asInt() == 3);
    assertThat(stageOf(s.bram(), id)).isEqualTo("nurture");

    // After it, activity that meets the gate again is a second MQL.
    clock.advance(Duration.ofDays(28));
    Instant later = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    s.tw()
        .admin()
        .post(
            "/api/interactions/batch",
            List.of(
                Funnel.download(email + "-4", email, later, "guide-d"),
                Funnel.download(email + "-5", email, later.plusSeconds(60), "guide-e")));
    JsonNode again = Funnel.awaitStage(s.bram(), id, "mql");
    assertThat(again.get("lead").get("mqlCount").asInt()).isEqualTo(2);
    assertThat(Instant.parse(again.get("lead").get("mqlAt").asString())).isAfterOrEqualTo(later);
    assertThat(again.get("history").valueStream().map(h -> h.get("to").asString()).toList())
        .containsExactly("mql", "nurture", "mql");
    assertThat(again.get("history").get(1).get("reason").asString())
        .isEqualTo("no-budget-or-timing");
    assertThat(again.get("history").get(2).get("comment").asString()).contains("MQL #2");
  }

  @Test
  void disqualifying_needs_a_reason_from_the_workspace_list_which_an_admin_may_replace() {
    Shop s = shop();
    long id = qualifiedLead(s, "ivo@acme.example");

    Api.Response bad =
        s.tw()
            .admin()
            .put(
                "/api/lifecycle/reasons/disqualify",
                List.of(
                    Map.of("code", "Not OK!", "label", "x"), Map.of("code", "ok", "label", "")));
    assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
    assertThat(
            bad.json().get("errors").valueStream().map(e -> e.get("pointer").asString()).toList())
        .containsExactly("/0/code", "/1/label");
    assertThat(s.bram().put("/api/lifecycle/reasons/disqualify", List.of()).status())
        .isEqualTo(403);
    assertThat(
            s.tw()
                .admin()
                .put(
                    "/api/lifecycle/reasons/disqualify",
                    List.of(Map.of("code", "wrong-country", "label", "Outside our territory")))
                .status())
        .isEqualTo(200);

    assertProblem(
        move(s.bram(), id, "disqualified", "spam"),
        400,
        "lifecycle.unknown-reason",
        "wrong-country");
    JsonNode out = move(s.bram(), id, "disqualified", "wrong-country").json();
    assertThat(out.get("stage").asString()).isEqualTo("disqualified");
    assertThat(
            s.iris()
                .get("/api/lifecycle/reasons")
                .json()
                .get("reject")
                .get(0)
                .get("code")
                .asString())
        .isEqualTo("bad-fit");
  }

  @Test
  void stage_changes_appear_on_the_timeline_once_however_it_is_paged() {
    Shop s = shop();
    long id = qualifiedLead(s, "jos@acme.example");
    clock.advance(Duration.ofMinutes(1));
    move(s.bram(), id, "sal", null);
    clock.advance(Duration.ofMinutes(1));
    move(s.bram(), id, "sql", null);

    for (String order : List.of("asc", "desc")) {
      var titles = new java.util.ArrayList<String>();
      String cursor = null;
      int pages = 0;
      do {
        JsonNode page =
            s.iris()
                .get(
                    "/api/people/"
                        + id
                        + "/timeline?limit=1&order="
                        + order
                        + (cursor == null ? "" : "&cursor=" + cursor))
                .json();
        page.get("milestones").forEach(m -> titles.add(m.get("title").asString()));
        cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(2);
      List<String> expected =
          List.of(
              "Stage new → mql by system",
              "Not assigned: no territory matched and no fallback team",
              "Stage mql → sal by user:bram@acme.example",
              "Stage sal → sql by user:bram@acme.example");
      assertThat(titles)
          .as(order)
          .containsExactlyElementsOf(order.equals("asc") ? expected : expected.reversed());
    }
  }

  @Test
  void leads_that_met_the_gate_before_a_version_was_activated_become_mqls_when_it_is() {
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Funnel.company(tw.admin());
    Instant t = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(3));
    var early = new java.util.ArrayList<Map<String, Object>>();
    for (int i = 0; i < 5; i++) {
      String email = "early" + i + "@acme.example";
      early.add(Funnel.download(email + "-1", email, t, "guide-a"));
      early.add(Funnel.download(email + "-2", email, t.plusSeconds(60), "guide-b"));
    }
    early.add(Funnel.download("late-1", "late@acme.example", t, "guide-a"));
    Funnel.ok(tw.admin().post("/api/interactions/batch", early));
    long first = Funnel.personId(tw.admin(), "early0@acme.example");
    assertThat(stageOf(tw.admin(), first)).isEqualTo("new");

    activate(tw, anna, bram, Funnel.DEFINITION);

    for (int i = 0; i < 5; i++) {
      long id = Funnel.personId(tw.admin(), "early" + i + "@acme.example");
      JsonNode lead = Funnel.awaitStage(tw.admin(), id, "mql");
      assertThat(lead.get("lead").get("mqlAt").asString()).isEqualTo(t.plusSeconds(60).toString());
      assertThat(lead.get("history").get(0).get("version").asInt()).isEqualTo(1);
    }
    assertThat(stageOf(tw.admin(), Funnel.personId(tw.admin(), "late@acme.example")))
        .isEqualTo("new");
  }
}
