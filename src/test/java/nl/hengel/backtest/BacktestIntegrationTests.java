package nl.hengel.backtest;

import static nl.hengel.testing.Funnel.download;
import static nl.hengel.testing.Funnel.interaction;
import static nl.hengel.testing.Funnel.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.hengel.cli.HengelCommand;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Backtests through the real HTTP API and CLI over a small history whose answers are worked out by
 * hand, under {@link Funnel#DEFINITION} (version 1, active) and two drafts:
 *
 * <ul>
 *   <li>eva (Acme: fit 25) downloads two contents on 5 Jan at 10:00 and 10:01: MQL at 10:01 under
 *       version 1; later accepted, SQL and won on 1 Feb.
 *   <li>gus (Acme) downloads one content on 12 Jan and visits the pricing page on 20 Jan: one
 *       content, never MQL under version 1.
 *   <li>ida (Acme) downloads one content on 15 Jan: never MQL under version 1.
 *   <li>hal (no company: fit 0) downloads two contents on 8 Jan: never MQL.
 *   <li>jon (Acme) downloads on 20 Feb and again on 5 Mar: MQL on 5 Mar, after the range ends on 1
 *       Mar — a backtest must not peek at it.
 * </ul>
 *
 * Version 2 ("eager") gives a download 20 points and drops the two-contents part of the gate: eva,
 * gus, ida and jon (on 20 Feb) qualify on their first touch. Version 3 ("never") wants 50 contents:
 * it qualifies nobody here.
 */
class BacktestIntegrationTests extends IntegrationTestSupport {

  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-03-01T00:00:00Z");

  static final String EAGER =
      Funnel.DEFINITION
          .replace("name: simple", "name: eager")
          .replace("points: 10, max_per", "points: 20, max_per")
          .replace(" && touches.distinct_content >= 2", "");

  static final String NEVER =
      Funnel.DEFINITION
          .replace("name: simple", "name: never")
          .replace("distinct_content >= 2", "distinct_content >= 50");

  /**
   * Test classes share one server and its clock: put it back at the real now, which the classes
   * that do not set it expect.
   */
  @AfterEach
  void backToTheRealNow() {
    clock.set(Instant.now());
  }

  record Shop(TestWorkspace tw, Api anna, Api bram, Api iris, Map<String, Long> people) {}

  Shop shop() {
    clock.set(Instant.parse("2026-03-20T12:00:00Z"));
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Api iris = as(tw, "iris@acme.example", Role.ANALYST);
    activate(tw, anna, bram, Funnel.DEFINITION);
    Funnel.company(tw.admin());
    ok(
        tw.admin()
            .post(
                "/api/interactions/batch",
                List.of(
                    download("e1", "eva@acme.example", at("2026-01-05T10:00:00Z"), "guide-a"),
                    download("e2", "eva@acme.example", at("2026-01-05T10:01:00Z"), "guide-b"),
                    download("g1", "gus@acme.example", at("2026-01-12T09:00:00Z"), "guide-a"),
                    pricing("g2", "gus@acme.example", at("2026-01-20T09:00:00Z")),
                    download("i1", "ida@acme.example", at("2026-01-15T09:00:00Z"), "guide-c"),
                    download("h1", "hal@other.example", at("2026-01-08T09:00:00Z"), "guide-a"),
                    download("h2", "hal@other.example", at("2026-01-08T09:05:00Z"), "guide-b"),
                    download("j1", "jon@acme.example", at("2026-02-20T09:00:00Z"), "guide-a"),
                    download("j2", "jon@acme.example", at("2026-03-05T09:00:00Z"), "guide-b"))));
    var people = new HashMap<String, Long>();
    for (String name : List.of("eva", "gus", "ida", "jon")) {
      people.put(name, Funnel.personId(tw.admin(), name + "@acme.example"));
    }
    people.put("hal", Funnel.personId(tw.admin(), "hal@other.example"));
    long eva = people.get("eva");
    Funnel.awaitStage(tw.admin(), eva, "mql");
    Funnel.awaitStage(tw.admin(), people.get("jon"), "mql");
    clock.set(at("2026-02-01T10:00:00Z"));
    for (String stage : List.of("sal", "sql", "won")) {
      ok(bram.post("/api/people/" + eva + "/lead/moves", Map.of("to", stage)));
    }
    clock.set(Instant.parse("2026-03-20T12:00:00Z"));
    assertThat(upload(tw, EAGER)).isEqualTo(2);
    assertThat(upload(tw, NEVER)).isEqualTo(3);
    return new Shop(tw, anna, bram, iris, people);
  }

  static Map<String, Object> pricing(String id, String email, Instant at) {
    Map<String, Object> m = interaction(id, email, at, "marketing", "page_view", null);
    m.put("attributes", Map.of("path", "/pricing/enterprise"));
    return m;
  }

  static Instant at(String text) {
    return Instant.parse(text);
  }

  static int upload(TestWorkspace tw, String yaml) {
    Api.Response r = ok(tw.admin().send("/api/definitions", "POST", "application/yaml", yaml));
    return r.json().get("version").get("number").asInt();
  }

  /** Starts a backtest through the API and waits until it is done; answers the run. */
  static JsonNode backtest(Api api, int version, Map<String, Object> body) {
    Api.Response started = api.post("/api/definitions/" + version + "/backtests", body);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    long id = started.json().get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() ->
            !api.get("/api/backtests/" + id).json().get("status").asString().equals("running"));
    JsonNode run = api.get("/api/backtests/" + id).json();
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("done");
    return run;
  }

  static Map<String, Object> range(Object... more) {
    var body = new HashMap<String, Object>(Map.of("from", "2026-01-01", "to", "2026-03-01"));
    for (int i = 0; i < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    return body;
  }

  static List<NamedCsvRecord> csv(String text) {
    return CsvReader.builder().ofNamedCsvRecord(text).stream().toList();
  }

  @Test
  void a_backtest_of_the_active_version_over_the_live_period_gives_the_live_mql_moments() {
    Shop s = shop();
    // Against "never", every lead the active version flags is a difference with its MQL moment.
    JsonNode run = backtest(s.iris(), 1, range("baseline", 3));
    JsonNode a = run.get("report").get("candidate");

    var live = new TreeMap<Long, Instant>();
    for (long person : s.people().values()) {
      JsonNode score = ok(s.iris().get("/api/people/" + person + "/score")).json();
      if (score.hasNonNull("mqlAt")) {
        Instant mqlAt = Instant.parse(score.get("mqlAt").asString());
        if (!mqlAt.isBefore(FROM) && mqlAt.isBefore(TO)) {
          live.put(person, mqlAt);
        }
      }
    }
    var backtested = new TreeMap<Long, Instant>();
    for (NamedCsvRecord r :
        csv(ok(s.iris().get("/api/backtests/" + run.get("id").asLong() + "/differences")).body())) {
      assertThat(r.getField("flagged_by")).isEqualTo("candidate");
      backtested.put(
          Long.parseLong(r.getField("person_id")), Instant.parse(r.getField("candidate_mql_at")));
    }
    assertThat(backtested).isEqualTo(live).containsOnlyKeys(s.people().get("eva"));
    assertThat(backtested.get(s.people().get("eva"))).isEqualTo(at("2026-01-05T10:01:00Z"));
    assertThat(a.get("mqls").asLong()).isEqualTo(live.size());
    // jon qualified live on 5 Mar; as of the range's end he had one download and is no MQL.
    assertThat(a.get("leads").asLong()).isEqualTo(5);
    assertThat(run.get("report").get("differences").get("baselineOnly").asLong()).isZero();
  }

  @Test
  void a_draft_against_the_active_version_shows_both_tables_the_lift_and_the_differing_leads() {
    Shop s = shop();
    JsonNode run = backtest(s.anna(), 2, range("horizon", "90d"));
    assertThat(run.get("version").asInt()).isEqualTo(2);
    assertThat(run.get("baselineVersion").asInt()).isEqualTo(1);
    assertThat(run.get("done").asLong()).isEqualTo(5);
    JsonNode report = run.get("report");
    JsonNode a = report.get("candidate");
    JsonNode b = report.get("baseline");

    assertThat(a.get("mqls").asLong()).isEqualTo(4);
    assertThat(b.get("mqls").asLong()).isEqualTo(1);
    assertThat(a.get("mqlsPerMonth").get("2026-01").asLong()).isEqualTo(3);
    assertThat(a.get("mqlsPerMonth").get("2026-02").asLong()).isEqualTo(1);
    // eva won on 1 Feb, within 90 days of either MQL moment.
    assertShare(a.get("precision").get("won"), 1, 4);
    assertShare(b.get("precision").get("won"), 1, 1);
    assertShare(b.get("precision").get("sal"), 1, 1);
    assertShare(a.get("baseRate").get("won"), 1, 5);
    assertShare(a.get("recall").get("caught"), 1, 1);
    assertShare(b.get("recall").get("caught"), 1, 1);
    // Under "eager" everyone qualifies on the first download; under version 1 eva needs two.
    assertShare(a.get("singleTouch"), 4, 4);
    assertShare(b.get("singleTouch"), 0, 1);
    assertThat(b.get("medianDaysFirstTouchToMql").asDouble())
        .isEqualTo(60.0 / 86_400, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(report.get("liftOverBaseline").get("won").asDouble())
        .isEqualTo(1.0 / 4, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(b.get("liftOverBaseRate").get("won").asDouble())
        .isEqualTo(5.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(report.get("differences").get("candidateOnly").asLong()).isEqualTo(3);
    assertThat(report.get("differences").get("baselineOnly").asLong()).isZero();

    Api.Response differences =
        ok(s.anna().get("/api/backtests/" + run.get("id").asLong() + "/differences"));
    assertThat(differences.contentType()).startsWith("text/csv");
    List<NamedCsvRecord> rows = csv(differences.body());
    assertThat(rows)
        .extracting(r -> r.getField("email"))
        .containsExactly("gus@acme.example", "ida@acme.example", "jon@acme.example");
    NamedCsvRecord gus = rows.get(0);
    assertThat(gus.getField("flagged_by")).isEqualTo("candidate");
    assertThat(gus.getField("candidate_mql_at")).isEqualTo("2026-01-12T09:00:00Z");
    assertThat(gus.getField("baseline_mql_at")).isEmpty();
    assertThat(gus.getField("candidate_explanation"))
        .startsWith("MQL at 2026-01-12T09:00:00Z: fit 25 (dutch +10, big +15)")
        .contains("whitepaper +20");
    assertThat(gus.getField("baseline_explanation"))
        .isEqualTo(
            "not MQL at 2026-01-12T09:00:00Z: fit 25 (dutch +10, big +15); engagement 10.0"
                + " (whitepaper +10); touches 1; missing: engagement >= 15 and"
                + " touches.distinct_content >= 2");
  }

  static void assertShare(JsonNode share, long count, long of) {
    assertThat(share.get("count").asLong()).as(share.toString()).isEqualTo(count);
    assertThat(share.get("of").asLong()).as(share.toString()).isEqualTo(of);
  }

  @Test
  void the_cli_prints_the_table_and_writes_the_differences(@TempDir Path dir) throws Exception {
    Shop s = shop();
    Path file = dir.resolve("differences.csv");
    var out = new StringWriter();
    var err = new StringWriter();
    int exit =
        HengelCommand.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "backtest",
            "-w",
            s.tw().workspace().slug(),
            "--as",
            "iris@acme.example",
            "--version",
            "2",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-01",
            "--differences",
            file.toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("of version 2 against version 1")
        .containsPattern("MQLs\\s+4\\s+1")
        .containsPattern("precision: won\\s+25\\.0%\\s+100\\.0%")
        .containsPattern("single-touch MQLs\\s+100\\.0%\\s+0\\.0%")
        .containsPattern("base rate: won\\s+20\\.0%\\s+20\\.0%")
        .contains("Leads only version 2 flags: 3; only version 1 flags: 0");
    assertThat(csv(Files.readString(file)))
        .extracting(r -> r.getField("email"))
        .containsExactly("gus@acme.example", "ida@acme.example", "jon@acme.example");
    // The run is stored like one started through the API.
    assertThat(s.iris().get("/api/definitions/2/backtests").json().get(0).get("status").asString())
        .isEqualTo("done");
  }

  @Test
  void bad_requests_get_problems_and_start_nothing_and_workspaces_stay_apart() {
    Shop s = shop();
    Api.Response backwards =
        s.anna()
            .post("/api/definitions/2/backtests", Map.of("from", "2026-03-01", "to", "2026-01-01"));
    assertThat(backwards.status()).as(backwards.toString()).isEqualTo(422);
    assertThat(backwards.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:backtest.invalid-request");
    Api.Response garbled =
        s.anna()
            .post(
                "/api/definitions/2/backtests",
                Map.of("from", "January", "to", "2026-03-01", "horizon", "soon"));
    assertThat(garbled.status()).isEqualTo(422);
    assertThat(garbled.body())
        .contains("'January' is not a date")
        .contains("'soon' is not a duration");
    assertThat(s.anna().post("/api/definitions/9/backtests", range()).status()).isEqualTo(404);
    assertThat(s.anna().post("/api/definitions/2/backtests", range("baseline", 2)).status())
        .isEqualTo(400);
    assertThat(s.anna().get("/api/backtests").json()).isEmpty();

    JsonNode run = backtest(s.iris(), 2, range("alone", true));
    assertThat(run.get("report").get("baseline")).isNull();
    assertThat(s.iris().get("/api/backtests/" + run.get("id").asLong() + "/differences").status())
        .isEqualTo(409);
    TestWorkspace other = newWorkspace();
    assertThat(other.admin().get("/api/backtests/" + run.get("id").asLong()).status())
        .isEqualTo(404);
    assertThat(anonymous().get("/api/backtests/" + run.get("id").asLong()).status()).isEqualTo(401);
  }
}
