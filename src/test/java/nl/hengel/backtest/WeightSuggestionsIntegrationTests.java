package nl.hengel.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.cli.HengelCommand;
import nl.hengel.lifecycle.LeadHistories;
import nl.hengel.lifecycle.PastLead;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import nl.hengel.timeline.PersonId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WeightSuggestionsIntegrationTests extends IntegrationTestSupport {

  @Autowired LeadHistories histories;

  static final String DEFINITION =
      """
      name: weights test
      owners: { marketing: anna@acme.example, sales: bram@acme.example }
      fit:
        - { name: dutch, when: "company.country == 'NL'", points: 10 }
      engagement:
        half_life: 30d
        rules:
          # The two rules start equal; only pricing visits lead to sql in this history.
          - { name: pricing, when: "event.type == 'page_view' && event.path.startsWith('/pricing')", points: 10 }
          - { name: whitepaper, when: "event.type == 'content_download'", points: 10 }
      mql: "fit >= 10 && engagement >= 30"
      """;

  static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2025-11-01T00:00:00Z");
  static final int LEADS = 84;

  record Team(TestWorkspace tw, Api anna, Api bram) {}

  Team team() {
    TestWorkspace tw = newWorkspace();
    return new Team(
        tw, as(tw, "anna@acme.example", Role.MARKETING), as(tw, "bram@acme.example", Role.SALES));
  }

  /**
   * {@link #LEADS} people, one every 3.5 days from {@link #FROM}, each visiting the home page;
   * every third downloads a whitepaper, the even ones visit pricing an hour later, and most of the
   * even ones (and a few odd ones) reach sql five days after their start — recorded as their past,
   * as a CRM import would. The last few start too late for a 30-day horizon before {@link #TO}.
   */
  void history(TestWorkspace tw) {
    var items = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < LEADS; i++) {
      Instant start = start(i);
      items.add(interaction("h" + i, email(i), start, "page_view", "/"));
      if (i % 3 == 1) {
        items.add(
            interaction("w" + i, email(i), start.plusSeconds(60), "content_download", "/guide"));
      }
      if (i % 2 == 0) {
        items.add(interaction("p" + i, email(i), start.plusSeconds(3600), "page_view", "/pricing"));
      }
    }
    Funnel.ok(tw.admin().post("/api/interactions/batch", items));
    var pasts = new ArrayList<PastLead>();
    for (int i = 0; i < LEADS; i++) {
      boolean reached = i % 2 == 0 ? i % 10 != 0 : i % 7 == 0;
      if (!reached) {
        continue;
      }
      Instant start = start(i);
      pasts.add(
          new PastLead(
              new PersonId(Funnel.personId(tw.admin(), email(i))),
              List.of(
                  step(Stage.MQL, start.plus(Duration.ofDays(2))),
                  step(Stage.SAL, start.plus(Duration.ofDays(3))),
                  step(Stage.SQL, start.plus(Duration.ofDays(5)))),
              "web",
              null));
    }
    assertThat(histories.record(tw.workspace().id(), pasts).refused()).isEmpty();
  }

  static Instant start(int i) {
    return FROM.plus(Duration.ofHours(84L * i + 1));
  }

  static String email(int i) {
    return "lead" + i + "@weights.example";
  }

  static PastLead.Step step(Stage stage, Instant at) {
    return new PastLead.Step(stage, at, "import:test", null, null, null);
  }

  static Map<String, Object> interaction(
      String id, String email, Instant at, String type, String path) {
    var m = new HashMap<String, Object>();
    m.put("source", "web");
    m.put("externalId", id);
    m.put("person", Map.of("email", email));
    m.put("occurredAt", at.toString());
    m.put("department", "marketing");
    m.put("type", type);
    m.put("content", path);
    m.put("attributes", Map.of("path", path));
    return m;
  }

  @Test
  void a_suggestion_is_a_new_draft_differing_only_in_points_and_name_with_held_out_metrics()
      throws Exception {
    Team team = team();
    history(team.tw());
    activate(team.tw(), team.anna(), team.bram(), DEFINITION);
    Api admin = team.tw().admin();
    int active = admin.get("/api/definitions/active").json().get("number").asInt();

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + port
                                + "/api/definitions/"
                                + active
                                + "/suggest-weights"))
                    .header("Authorization", "Bearer " + admin.token())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"from": "%s", "to": "%s", "outcome": "sql", "horizon": "30d"}
                            """
                                .formatted(FROM, TO)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode body = JsonMapper.builder().build().readTree(response.body());
    int draft = body.get("draft").asInt();
    assertThat(draft).isEqualTo(active + 1);
    assertThat(response.headers().firstValue("Location")).hasValue("/api/definitions/" + draft);
    assertThat(body.get("version").asInt()).isEqualTo(active);
    assertThat(body.get("draftName").asString()).isEqualTo("weights test (suggested weights)");

    JsonNode samples = body.get("samples");
    assertThat(samples.get("leads").asLong()).isEqualTo(LEADS);
    assertThat(samples.get("train").asLong()).isGreaterThanOrEqualTo(30);
    assertThat(samples.get("test").asLong()).isGreaterThanOrEqualTo(10);
    assertThat(samples.get("censored").asLong()).isPositive();
    assertThat(
            samples.get("train").asLong()
                + samples.get("test").asLong()
                + samples.get("censored").asLong()
                + samples.get("outOfRange").asLong()
                + samples.get("noEvents").asLong())
        .isEqualTo(LEADS);
    JsonNode heldOut = body.get("heldOut");
    assertThat(heldOut.get("auc").isNumber()).isTrue();
    assertThat(heldOut.get("auc").asDouble()).isGreaterThan(0.6);
    assertThat(heldOut.get("currentAuc").isNumber()).isTrue();
    long binned = 0;
    for (JsonNode bin : heldOut.get("calibration")) {
      binned += bin.get("count").asLong();
    }
    assertThat(binned).isEqualTo(samples.get("test").asLong());

    Map<String, JsonNode> rules = new HashMap<>();
    body.get("rules").forEach(r -> rules.put(r.get("rule").asString(), r));
    assertThat(rules.get("pricing").get("suggested").asLong())
        .isGreaterThan(rules.get("whitepaper").get("suggested").asLong());
    assertThat(rules.get("pricing").get("explanation").asString())
        .startsWith("pricing: 10 → ")
        .contains("reaching sql within 30 days");
    assertThat(rules.get("dutch").get("suggested").asLong()).isEqualTo(10);
    assertThat(rules.get("dutch").get("explanation").asString()).contains("says nothing about it");

    JsonNode stored = admin.get("/api/definitions/" + draft).json();
    assertThat(stored.get("status").asString()).isEqualTo("draft");
    String draftYaml = admin.get("/api/definitions/" + draft + "/yaml", "application/yaml").body();
    assertThat(withoutPoints(draftYaml).replace(" (suggested weights)", ""))
        .isEqualTo(withoutPoints(DEFINITION));
    assertThat(draftYaml)
        .contains("points: " + rules.get("pricing").get("suggested").asLong() + " }")
        .contains("# The two rules start equal");
    assertThat(admin.get("/api/definitions/active").json().get("number").asInt()).isEqualTo(active);

    // The CLI does the same in its own process context: the same fit, one more draft.
    var out = new StringWriter();
    var err = new StringWriter();
    int exit =
        HengelCommand.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "suggest-weights",
            "-w",
            team.tw().workspace().slug(),
            "--as",
            "anna@acme.example",
            "--version",
            String.valueOf(active),
            "--from",
            "2025-01-01",
            "--to",
            "2025-11-01",
            "--horizon",
            "30d");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("Suggested weights for version " + active + ": reaching sql within 30 days")
        .containsPattern(
            "Held-out AUC\\s+"
                + String.format(java.util.Locale.ROOT, "%.3f", heldOut.get("auc").asDouble())
                + " suggested")
        .contains(rules.get("pricing").get("explanation").asString())
        .contains("Stored as draft version " + (draft + 1));
    assertThat(admin.get("/api/definitions/" + (draft + 1) + "/yaml", "application/yaml").body())
        .isEqualTo(draftYaml);
  }

  static String withoutPoints(String yaml) {
    return yaml.replaceAll("points: -?\\d+", "points: N");
  }

  @Test
  void an_analyst_may_not_and_a_bad_request_is_refused_and_neither_stores_anything() {
    Team team = team();
    Api admin = team.tw().admin();
    Funnel.ok(admin.send("/api/definitions", "POST", "application/yaml", DEFINITION));
    Api iris = as(team.tw(), "iris@acme.example", Role.ANALYST);
    Map<String, Object> fine = Map.of("from", FROM.toString(), "to", TO.toString());

    Api.Response forbidden = iris.post("/api/definitions/1/suggest-weights", fine);
    assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
    assertThat(forbidden.json().get("code").asString()).isEqualTo("access.forbidden");

    Api.Response backwards =
        admin.post(
            "/api/definitions/1/suggest-weights",
            Map.of("from", TO.toString(), "to", FROM.toString()));
    assertThat(backwards.status()).as(backwards.toString()).isEqualTo(422);
    assertThat(backwards.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:backtest.suggest.invalid-request");
    assertThat(backwards.json().get("errors").get(0).get("pointer").asString()).isEqualTo("to");

    Api.Response shorterThanHorizon =
        admin.post(
            "/api/definitions/1/suggest-weights",
            Map.of("from", FROM.toString(), "to", FROM.plus(Duration.ofDays(30)).toString()));
    assertThat(shorterThanHorizon.status()).isEqualTo(422);
    assertThat(shorterThanHorizon.body()).contains("longer than the horizon");

    Api.Response badFields =
        admin.post(
            "/api/definitions/1/suggest-weights",
            Map.of("to", TO.toString(), "outcome", "lunch", "horizon", "soon"));
    assertThat(badFields.status()).isEqualTo(422);
    assertThat(badFields.json().get("errors").valueStream().map(e -> e.get("pointer").asString()))
        .containsExactlyInAnyOrder("from", "outcome", "horizon");

    Api.Response noLeads = admin.post("/api/definitions/1/suggest-weights", fine);
    assertThat(noLeads.status()).as(noLeads.toString()).isEqualTo(422);
    assertThat(noLeads.json().get("code").asString()).isEqualTo("backtest.suggest.too-few-samples");

    Api.Response unknown = admin.post("/api/definitions/9/suggest-weights", fine);
    assertThat(unknown.status()).isEqualTo(404);

    assertThat(admin.get("/api/definitions").json()).hasSize(1);
  }
}
