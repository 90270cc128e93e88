package nl.hengel;

import static nl.hengel.testing.Funnel.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import nl.hengel.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path of a lead through the API, as other tools see it through signed webhooks: ingest →
 * mql → routed → accepted → sql → won; and ingest → mql → breach → escalation → rejected → recycled
 * → a second mql.
 */
class LeadFlowIntegrationTests extends IntegrationTestSupport {

  static final JsonMapper JSON = JsonMapper.builder().build();

  final Receiver receiver = new Receiver();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  record Floor(TestWorkspace tw, Api bram, Api sam, String hook, String secret) {}

  Floor floor() {
    clock.set(Instant.parse("2026-11-27T15:45:00Z")); // Friday 16:45 in Amsterdam
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Api sam = as(tw, "sam@acme.example", Role.SALES);
    as(tw, "mia@acme.example", Role.SALES);
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
    String hook = "/hook/" + UUID.randomUUID();
    JsonNode created =
        ok(admin.post(
                "/api/webhooks",
                Map.of(
                    "url",
                    receiver.url(hook),
                    "eventTypes",
                    List.of(
                        "lead.mql",
                        "lead.assigned",
                        "lead.accepted",
                        "lead.rejected",
                        "lead.won",
                        "lead.first_contact",
                        "sla.breached"))))
            .json();
    return new Floor(tw, bram, sam, hook, created.get("secret").asString());
  }

  long qualify(Floor f, String email) {
    return Funnel.qualify(f.tw().admin(), email, clock.instant().minus(Duration.ofMinutes(30)));
  }

  /** The webhook events received for a person, in arrival order, after checking every signature. */
  List<JsonNode> events(Floor f, long person) {
    return receiver.at(f.hook()).stream()
        .peek(r -> assertThat(r.isSignedWith(f.secret())).as("signed: " + r).isTrue())
        .map(r -> JSON.readTree(r.body()))
        .filter(e -> e.get("data").get("personId").asLong() == person)
        .toList();
  }

  List<String> types(Floor f, long person) {
    return events(f, person).stream().map(e -> e.get("type").asString()).toList();
  }

  void awaitTypes(Floor f, long person, String... expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(types(f, person)).containsExactlyInAnyOrder(expected));
  }

  @Test
  void a_lead_is_qualified_routed_accepted_and_won_and_other_tools_hear_each_step_signed() {
    Floor f = floor();
    long id = qualify(f, "eva@acme.example");
    awaitTypes(f, id, "lead.mql", "lead.assigned");
    JsonNode mql =
        events(f, id).stream()
            .filter(e -> e.get("type").asString().equals("lead.mql"))
            .findFirst()
            .orElseThrow();
    assertThat(mql.get("data").get("definitionVersion").asInt()).isEqualTo(1);
    assertThat(mql.get("data").get("campaign").asString()).isEqualTo(Funnel.CAMPAIGN);

    ok(f.bram().post("/api/inbox/" + id + "/accept", Map.of()));
    ok(f.bram().post("/api/inbox/" + id + "/contact", Map.of("type", "meeting")));
    ok(f.bram().post("/api/people/" + id + "/lead/moves", Map.of("to", "sql")));
    ok(
        f.bram()
            .post("/api/people/" + id + "/lead/moves", Map.of("to", "won", "comment", "signed")));
    awaitTypes(
        f, id, "lead.mql", "lead.assigned", "lead.accepted", "lead.first_contact", "lead.won");

    // The person's timeline shows the stage changes and the assignment among the interactions.
    JsonNode timeline = f.bram().get("/api/people/" + id + "/timeline").json();
    assertThat(timeline.get("items")).hasSize(3);
    List<String> milestones =
        timeline.get("milestones").valueStream().map(m -> m.get("title").asString()).toList();
    assertThat(milestones)
        .contains(
            "Stage new → mql by system",
            "Assigned to bram@acme.example",
            "Stage mql → sal by user:bram@acme.example",
            "Stage sql → won by user:bram@acme.example");
  }

  @Test
  void an_ignored_lead_breaches_once_escalates_then_is_rejected_recycled_and_qualifies_again() {
    Floor f = floor();
    long first = qualify(f, "bo@acme.example");
    long id = qualify(f, "gus@acme.example");
    assertThat(
            f.sam().get("/api/people/" + id + "/lead").json().get("lead").get("owner").asString())
        .isEqualTo("sam@acme.example");

    clock.set(Instant.parse("2026-11-30T15:15:00Z")); // Monday 16:15: both accept clocks due
    awaitTypes(f, id, "lead.mql", "lead.assigned", "sla.breached");
    JsonNode breach =
        events(f, id).stream()
            .filter(e -> e.get("type").asString().equals("sla.breached"))
            .findFirst()
            .orElseThrow();
    assertThat(breach.get("data").get("sla").asString()).isEqualTo("accept");
    assertThat(breach.get("data").get("escalatedTo").asString()).isEqualTo("mia@acme.example");
    assertThat(breach.get("data").get("dueAt").asString()).isEqualTo("2026-11-30T15:15:00Z");
    assertThat(types(f, first)).contains("sla.breached");

    // The leakage report shows the ignored lead under its owner, for sales managers to act on.
    JsonNode leakage = f.bram().get("/api/reports/leakage?groupBy=owner").json();
    JsonNode gus =
        leakage
            .get("leads")
            .valueStream()
            .filter(l -> l.get("personId").asLong() == id)
            .findFirst()
            .orElseThrow();
    assertThat(gus.get("owner").asString()).isEqualTo("sam@acme.example");
    assertThat(gus.get("categories").valueStream().map(JsonNode::asString).toList())
        .contains("sla-breached", "mql-not-accepted");
    assertThat(
            leakage
                .get("groups")
                .valueStream()
                .filter(g -> g.get("key").asString().equals("sam@acme.example"))
                .findFirst()
                .orElseThrow()
                .get("leads")
                .asInt())
        .isEqualTo(1);

    ok(
        f.sam()
            .post(
                "/api/inbox/" + id + "/reject",
                Map.of("reason", "no-budget-or-timing", "comment", "call back in Q2")));
    awaitTypes(f, id, "lead.mql", "lead.assigned", "sla.breached", "lead.rejected");

    clock.advance(Duration.ofDays(31));
    qualify(f, "gus@acme.example");
    awaitTypes(
        f,
        id,
        "lead.mql",
        "lead.assigned",
        "sla.breached",
        "lead.rejected",
        "lead.mql",
        "lead.assigned");
    JsonNode second =
        events(f, id).stream()
            .filter(e -> e.get("type").asString().equals("lead.mql"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(second.get("data").get("mqlCount").asInt()).isEqualTo(2);
    // Each message was delivered once: no webhook-id twice.
    assertThat(receiver.at(f.hook()).stream().map(Receiver.Received::id).distinct().count())
        .isEqualTo(receiver.at(f.hook()).size());
  }
}
