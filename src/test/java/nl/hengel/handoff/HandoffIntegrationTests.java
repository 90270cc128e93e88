package nl.hengel.handoff;

import static nl.hengel.testing.Funnel.lead;
import static nl.hengel.testing.Funnel.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import nl.hengel.handoff.internal.BreachWorker;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Scenarios of the handoff: ingest → qualify → route → inbox with SLA due times in business hours
 * (Mon–Fri 09:00–17:30 Europe/Amsterdam) → accept, reject, contact, breach, escalation.
 */
class HandoffIntegrationTests extends IntegrationTestSupport {

  /** Friday 27 November 2026, 16:45 in Amsterdam (CET, UTC+1). */
  static final Instant FRIDAY_16_45 = Instant.parse("2026-11-27T15:45:00Z");

  @Autowired BreachWorker breaches;
  @Autowired JdbcClient jdbc;

  /** A workspace with a sales team (bram, sam) managed by mia, routing to it by round-robin. */
  record Floor(TestWorkspace tw, Api anna, Api bram, Api sam, Api mia, Api tom) {}

  Floor floor() {
    clock.set(FRIDAY_16_45);
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Api sam = as(tw, "sam@acme.example", Role.SALES);
    Api mia = as(tw, "mia@acme.example", Role.SALES);
    Api tom = as(tw, "tom@acme.example", Role.SALES);
    activate(tw, anna, bram, Funnel.DEFINITION);
    Api admin = tw.admin();
    ok(
        admin.post(
            "/api/teams",
            Map.of(
                "name",
                "inside",
                "manager",
                "mia@acme.example",
                "members",
                List.of("bram@acme.example", "sam@acme.example"))));
    ok(admin.put("/api/routing", Map.of("territories", List.of(), "fallbackTeam", "inside")));
    Funnel.company(admin);
    return new Floor(tw, anna, bram, sam, mia, tom);
  }

  /** Two downloads an hour ago: the lead qualifies now and is handed to sales. */
  long mql(Floor f, String email) {
    return Funnel.qualify(f.tw().admin(), email, clock.instant().minus(Duration.ofHours(1)));
  }

  static JsonNode clocks(Api api, long id) {
    return api.get("/api/people/" + id + "/lead/handoff").json().get("clocks");
  }

  static JsonNode clock(Api api, long id, int cycle, String kind) {
    for (JsonNode c : clocks(api, id)) {
      if (c.get("mqlCount").asInt() == cycle && c.get("kind").asString().equals(kind)) {
        return c;
      }
    }
    throw new AssertionError("no " + kind + " clock of cycle " + cycle + ": " + clocks(api, id));
  }

  @Test
  void a_friday_afternoon_mql_is_routed_and_due_in_business_time_after_the_weekend() {
    Floor f = floor();
    long id = mql(f, "eva@acme.example");

    JsonNode lead = lead(f.bram(), id);
    assertThat(lead.get("owner").asString()).isEqualTo("bram@acme.example");
    JsonNode inbox = f.bram().get("/api/inbox").json();
    assertThat(inbox).hasSize(1);
    // 45 minutes on Friday, 7h15 on Monday: Monday 16:15 CET.
    assertThat(inbox.get(0).get("acceptDue").asString()).isEqualTo("2026-11-30T15:15:00Z");
    // 45m Friday + 8h30 Monday + 8h30 Tuesday + 6h15 Wednesday: Wednesday 15:15 CET.
    assertThat(inbox.get(0).get("firstContactDue").asString()).isEqualTo("2026-12-02T14:15:00Z");
    assertThat(f.sam().get("/api/inbox").json()).isEmpty();
    assertThat(f.mia().get("/api/inbox?scope=team").json()).hasSize(1);

    JsonNode assignments =
        f.bram().get("/api/people/" + id + "/lead/handoff").json().get("assignments");
    assertThat(assignments.get(0).get("because").asString()).contains("inside");

    // The next MQL goes round the team: to sam.
    long next = mql(f, "finn@acme.example");
    assertThat(lead(f.sam(), next).get("owner").asString()).isEqualTo("sam@acme.example");
  }

  @Test
  void
      an_unanswered_mql_breaches_once_escalates_to_the_manager_and_a_late_accept_keeps_the_breach() {
    Floor f = floor();
    long id = mql(f, "gus@acme.example");

    clock.set(Instant.parse("2026-11-30T15:14:59Z"));
    assertThat(breaches.sweep()).isZero();
    clock.set(Instant.parse("2026-11-30T15:15:00Z"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> clock(f.bram(), id, 1, "accept").get("status").asString().equals("breached"));
    JsonNode breached = clock(f.bram(), id, 1, "accept");
    assertThat(breached.get("escalatedTo").asString()).isEqualTo("mia@acme.example");
    assertThat(breached.get("breachedAt").asString()).isEqualTo("2026-11-30T15:15:00Z");
    assertThat(clock(f.bram(), id, 1, "first_contact").get("status").asString())
        .isEqualTo("running");
    assertThat(f.bram().get("/api/inbox").json().get(0).get("breached").asBoolean()).isTrue();

    clock.advance(Duration.ofMinutes(5));
    assertThat(breaches.sweep()).isZero();
    ok(f.bram().post("/api/inbox/" + id + "/accept", Map.of("comment", "sorry, late")));
    JsonNode late = clock(f.bram(), id, 1, "accept");
    assertThat(late.get("status").asString()).isEqualTo("breached");
    assertThat(late.get("metAt").asString()).isEqualTo("2026-11-30T15:20:00Z");
    assertThat(lead(f.bram(), id).get("stage").asString()).isEqualTo("sal");
  }

  @Test
  void several_nodes_sweeping_at_once_record_each_breach_exactly_once() throws Exception {
    Floor f = floor();
    // A subscriber, so every recorded breach leaves its event in the outbox.
    ok(
        f.tw()
            .admin()
            .post(
                "/api/webhooks",
                Map.of("url", "http://localhost:9/unused", "eventTypes", List.of("sla.breached"))));
    var ids = new ArrayList<Long>();
    for (int i = 0; i < 12; i++) {
      ids.add(mql(f, "p" + i + "@acme.example"));
    }
    clock.set(Instant.parse("2026-12-10T12:00:00Z"));
    var sweeps = new ArrayList<Callable<Integer>>();
    for (int i = 0; i < 4; i++) {
      sweeps.add(() -> breaches.sweep());
    }
    int total = 0;
    try (var pool = Executors.newFixedThreadPool(4)) {
      for (var result : pool.invokeAll(sweeps)) {
        total += result.get();
      }
    }
    // The scheduled worker may have taken some of them; together they breach 24 clocks once.
    int byWorker =
        jdbc.sql(
                "select count(*) from sla_clock where workspace_id = ? and breached_at is not null")
            .param(f.tw().workspace().id().value())
            .query(Integer.class)
            .single();
    assertThat(byWorker).isEqualTo(24);
    int events =
        jdbc.sql(
                "select count(*) from webhook_event where workspace_id = ? and type = 'sla.breached'")
            .param(f.tw().workspace().id().value())
            .query(Integer.class)
            .single();
    assertThat(events).as("one sla.breached event per clock, none twice").isEqualTo(24);
    // Sweeps are global: other tests' clocks fell due too. No clock was counted by two sweeps.
    int breachedNow =
        jdbc.sql("select count(*) from sla_clock where breached_at = ?")
            .param(nl.hengel.platform.Sql.ts(clock.instant()))
            .query(Integer.class)
            .single();
    assertThat(total).isLessThanOrEqualTo(breachedNow);
    for (long id : ids) {
      for (JsonNode c : clocks(f.bram(), id)) {
        assertThat(c.get("status").asString()).isEqualTo("breached");
        assertThat(c.get("escalatedTo").asString()).isEqualTo("mia@acme.example");
      }
    }
  }

  @Test
  void a_sales_interaction_after_the_handoff_is_the_first_contact_and_one_before_it_is_not() {
    Floor f = floor();
    String email = "hana@acme.example";
    // A sales call before the lead was handed over does not count.
    ok(
        f.tw()
            .admin()
            .post(
                "/api/interactions/batch",
                List.of(
                    Funnel.interaction(
                        "call-0",
                        email,
                        clock.instant().minus(Duration.ofHours(3)),
                        "sales",
                        "call",
                        null))));
    long id = mql(f, email);
    assertThat(lead(f.bram(), id).has("firstContactAt")).isFalse();

    clock.advance(Duration.ofMinutes(30));
    Instant callAt = clock.instant().minus(Duration.ofMinutes(10));
    ok(
        f.tw()
            .admin()
            .post(
                "/api/interactions/batch",
                List.of(Funnel.interaction("call-1", email, callAt, "sales", "call", null))));
    await().atMost(Duration.ofSeconds(30)).until(() -> lead(f.bram(), id).has("firstContactAt"));
    assertThat(lead(f.bram(), id).get("firstContactAt").asString()).isEqualTo(callAt.toString());
    JsonNode contact = clock(f.bram(), id, 1, "first_contact");
    assertThat(contact.get("status").asString()).isEqualTo("met");
    assertThat(contact.get("metAt").asString()).isEqualTo(callAt.toString());
    assertThat(clock(f.bram(), id, 1, "accept").get("status").asString()).isEqualTo("running");
  }

  @Test
  void logging_a_contact_in_the_inbox_records_a_sales_call_on_the_timeline() {
    Floor f = floor();
    long id = mql(f, "ivo@acme.example");

    assertThat(f.tom().post("/api/inbox/" + id + "/contact", Map.of()).status()).isEqualTo(403);
    JsonNode after =
        ok(f.bram()
                .post(
                    "/api/inbox/" + id + "/contact",
                    Map.of("type", "call", "note", "left voicemail")))
            .json();
    assertThat(after.get("firstContactAt").asString()).isEqualTo(clock.instant().toString());
    JsonNode timeline = f.bram().get("/api/people/" + id + "/timeline?department=sales").json();
    assertThat(timeline.get("items")).hasSize(1);
    assertThat(timeline.get("items").get(0).get("type").asString()).isEqualTo("call");
    assertThat(clock(f.bram(), id, 1, "first_contact").get("status").asString()).isEqualTo("met");
  }

  @Test
  void a_rejection_stops_the_clocks_and_a_second_mql_gets_clocks_of_its_own() {
    Floor f = floor();
    String email = "jan@acme.example";
    long id = mql(f, email);

    Api.Response noReason = f.bram().post("/api/inbox/" + id + "/reject", Map.of());
    assertThat(noReason.status()).isEqualTo(400);
    ok(
        f.bram()
            .post(
                "/api/inbox/" + id + "/reject",
                Map.of("reason", "no-budget-or-timing", "comment", "next year")));
    assertThat(clock(f.bram(), id, 1, "accept").get("status").asString()).isEqualTo("met");
    assertThat(clock(f.bram(), id, 1, "first_contact").get("status").asString())
        .isEqualTo("stopped");
    assertThat(f.bram().get("/api/inbox").json()).isEmpty();

    clock.advance(Duration.ofDays(31));
    mql(f, email);
    assertThat(lead(f.bram(), id).get("mqlCount").asInt()).isEqualTo(2);
    assertThat(clock(f.bram(), id, 2, "accept").get("status").asString()).isEqualTo("running");
  }

  @Test
  void a_manager_reassigns_and_the_running_clocks_follow_while_others_may_not() {
    Floor f = floor();
    long id = mql(f, "kim@acme.example");
    String due = clock(f.bram(), id, 1, "accept").get("dueAt").asString();

    Api.Response bySam =
        f.sam().post("/api/people/" + id + "/lead/owner", Map.of("owner", "sam@acme.example"));
    assertThat(bySam.status()).isEqualTo(403);
    assertThat(
            f.mia()
                .post("/api/people/" + id + "/lead/owner", Map.of("owner", "nobody@acme.example"))
                .status())
        .isEqualTo(422);
    ok(
        f.mia()
            .post(
                "/api/people/" + id + "/lead/owner",
                Map.of("owner", "sam@acme.example", "comment", "bram is out")));
    assertThat(lead(f.sam(), id).get("owner").asString()).isEqualTo("sam@acme.example");
    JsonNode accept = clock(f.sam(), id, 1, "accept");
    assertThat(accept.get("owner").asString()).isEqualTo("sam@acme.example");
    assertThat(accept.get("dueAt").asString()).isEqualTo(due);
    JsonNode assignments =
        f.sam().get("/api/people/" + id + "/lead/handoff").json().get("assignments");
    assertThat(assignments).hasSize(2);
    assertThat(assignments.get(1).get("because").asString())
        .isEqualTo("reassigned by mia@acme.example from bram@acme.example: bram is out");
    // Now sam's: bram is sam's teammate and may still act; tom, in no team, may not.
    assertThat(f.tom().post("/api/inbox/" + id + "/accept", Map.of()).status()).isEqualTo(403);
    ok(f.sam().post("/api/inbox/" + id + "/accept", Map.of()));
  }

  @Test
  void a_lead_routing_cannot_place_waits_unassigned_and_whoever_accepts_it_owns_it() {
    Floor f = floor();
    ok(f.tw().admin().put("/api/routing", Map.of("territories", List.of())));
    long id = mql(f, "lou@acme.example");

    assertThat(lead(f.tom(), id).has("owner")).isFalse();
    JsonNode unassigned = f.tom().get("/api/inbox?scope=unassigned").json();
    assertThat(unassigned).hasSize(1);
    assertThat(unassigned.get(0).get("acceptDue").asString()).isEqualTo("2026-11-30T15:15:00Z");
    assertThat(
            f.tom()
                .get("/api/people/" + id + "/lead/handoff")
                .json()
                .get("assignments")
                .get(0)
                .get("because")
                .asString())
        .contains("no");
    ok(f.tom().post("/api/inbox/" + id + "/accept", Map.of()));
    assertThat(lead(f.tom(), id).get("owner").asString()).isEqualTo("tom@acme.example");
    assertThat(f.tom().get("/api/inbox").json()).hasSize(1);
  }
}
