package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.handoff.internal.BreachWorker;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.testing.Api;
import nl.hengel.testing.DefinitionTexts;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The leakage command in-process. Its offline context runs on the real clock, so the leads here
 * leaked ten days before the real now: lou, never accepted and unassigned, and max, accepted by
 * bram and never contacted.
 */
class LeakageCommandIntegrationTests extends IntegrationTestSupport {

  static final String DEFINITION =
      DefinitionTexts.SIMPLE
          + """
          sla:
            accept_within: 8h
            first_contact_within: 24h
            business_hours: { zone: Europe/Amsterdam, days: MON-FRI, from: "09:00", to: "17:30" }
          """;

  @Autowired BreachWorker breaches;
  @Autowired JdbcClient jdbc;

  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Api.Response ok(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isBetween(200, 299);
    return r;
  }

  long mql(Api admin, String name, String first, String last) {
    String email = name + "@acme.example";
    ok(admin.post("/api/people", Map.of("email", email, "firstName", first, "lastName", last)));
    Instant t = clock.instant().minus(Duration.ofHours(1));
    var downloads = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 2; i++) {
      var m = new HashMap<String, Object>();
      m.put("source", "web");
      m.put("externalId", name + "-" + i);
      m.put("person", Map.of("email", email));
      m.put("occurredAt", t.plusSeconds(60L * i).toString());
      m.put("department", "marketing");
      m.put("type", "content_download");
      m.put("content", "paper-" + i);
      m.put("campaign", "autumn");
      downloads.add(m);
    }
    ok(admin.post("/api/interactions/batch", downloads));
    long id = admin.get("/api/people?email=" + email).json().get(0).get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() ->
            admin
                .get("/api/people/" + id + "/lead")
                .json()
                .get("lead")
                .get("stage")
                .asString()
                .equals("mql"));
    return id;
  }

  @Test
  void the_report_prints_groups_and_counts_as_a_table_csv_or_json_and_refuses_bad_options()
      throws Exception {
    Instant base =
        Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(10).plusHours(1));
    clock.set(base);
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    activate(tw, anna, bram, DEFINITION);
    ok(
        tw.admin()
            .post(
                "/api/companies",
                Map.of(
                    "domain",
                    "acme.example",
                    "name",
                    "Acme",
                    "attributes",
                    Map.of("country", "NL", "employees", 120))));
    long lou = mql(tw.admin(), "lou", "Lou", "Peters");
    long max = mql(tw.admin(), "max", "Max", "de Wit, MSc");
    clock.set(base.plus(Duration.ofMinutes(5)));
    ok(bram.post("/api/inbox/" + max + "/accept", Map.of()));
    // Now (the real clock): every clock still running is long due; record the breaches.
    // Whole microseconds, as stored: a breach stamped now is then not "after now".
    clock.set(Instant.now().truncatedTo(ChronoUnit.MICROS));
    breaches.run();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            jdbc.sql(
                        "select count(*) from sla_clock where workspace_id = ? and met_at is null"
                            + " and stopped_at is null and breached_at is null")
                    .param(tw.workspace().id().value())
                    .query(Long.class)
                    .single()
                == 0);
    assertThat(
            jdbc.sql("select count(*) from sla_clock where breached_at <= ? and workspace_id = ?")
                .params(Sql.ts(clock.instant()), tw.workspace().id().value())
                .query(Long.class)
                .single())
        .isEqualTo(3);
    String ws = tw.workspace().slug();

    Run table = hengel("leakage", "-w", ws, "--leads");
    assertThat(table.exit()).as(table.toString()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("Leakage in " + ws + " as of ")
        .endsWith(", by owner (mql 2d, contact 3d, sal 14d, sql 60d)");
    assertThat(table.out())
        .containsPattern("\n  mql-not-accepted +1  In mql,")
        .containsPattern("\n  not-contacted +1  Accepted")
        .containsPattern("\n  sal-stalled +0  In sal")
        .containsPattern("\n  sla-breached +2  An SLA")
        .containsPattern("\n  unassigned +1  In mql with no owner");
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("OWNER")).findFirst().get());
    assertThat(lines.get(header).split("\\s+"))
        .containsExactly(
            "OWNER",
            "LEADS",
            "MQL-NOT-ACCEPTED",
            "NOT-CONTACTED",
            "SAL-STALLED",
            "SQL-STALLED",
            "REJECTED-NOT-RECYCLED",
            "SLA-BREACHED",
            "UNASSIGNED");
    assertThat(lines.get(header + 1).split("\\s+"))
        .containsExactly("(unassigned)", "1", "1", "0", "0", "0", "0", "1", "1");
    assertThat(lines.get(header + 2).split("\\s+"))
        .containsExactly("bram@acme.example", "1", "0", "1", "0", "0", "0", "1", "0");
    assertThat(table.out())
        .containsPattern(
            lou
                + " +lou@acme.example +Lou Peters +mql +10 +\\(unassigned\\) +"
                + "mql-not-accepted,sla-breached,unassigned")
        .containsPattern(
            max
                + " +max@acme.example +Max de Wit, MSc +sal +10 +bram@acme.example +"
                + "not-contacted,sla-breached");

    Run csv = hengel("leakage", "-w", ws, "--format", "csv", "--category", "not-contacted");
    assertThat(csv.exit()).as(csv.toString()).isZero();
    assertThat(csv.out()).contains("\"Max de Wit, MSc\"");
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv.out())) {
      reader.forEach(r -> rows.add(r.getFields()));
    }
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get(2)).isEqualTo("name");
    assertThat(rows.get(1).subList(0, 4))
        .containsExactly(String.valueOf(max), "max@acme.example", "Max de Wit, MSc", "sal");
    assertThat(rows.get(1).get(10)).isEqualTo("not-contacted");

    Run json = hengel("leakage", "-w", ws, "-f", "json", "-g", "campaign", "--sal-days", "30");
    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode report = JsonMapper.builder().build().readTree(json.out());
    assertThat(report.get("parameters").get("salDays").asInt()).isEqualTo(30);
    assertThat(report.get("groups")).hasSize(1);
    assertThat(report.get("groups").get(0).get("key").asString()).isEqualTo("autumn");
    assertThat(report.get("groups").get(0).get("leads").asInt()).isEqualTo(2);
    assertThat(report.get("leads")).hasSize(2);

    Run bad = hengel("leakage", "-w", ws, "--mql-days", "-1", "--group-by", "team");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err())
        .contains("[handoff.leakage.invalid-parameter]")
        .contains("  --group-by: 'team' is not one of owner, source, campaign, cohort")
        .contains("  --mql-days: must be from 0 to 36500 days, not -1");
    Run format = hengel("leakage", "-w", ws, "--format", "xml");
    assertThat(format.exit()).isEqualTo(1);
    assertThat(format.err()).contains("--format is table, csv or json");
    Run nowhere = hengel("leakage", "-w", "no-such-workspace");
    assertThat(nowhere.exit()).isEqualTo(1);
    assertThat(nowhere.err()).contains("no-such-workspace");
  }

  @Test
  void help_names_the_categories_and_every_option_with_its_default() {
    Run help = hengel("leakage", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains(
            "Usage: hengel leakage",
            "rejected-not-recycled",
            "--workspace=SLUG",
            "--group-by=KEY",
            "Default: owner.",
            "--category=KEY",
            "--mql-days=N",
            "Default: 2.",
            "--contact-days=N",
            "--sal-days=N",
            "--sql-days=N",
            "--from=WHEN",
            "--to=WHEN",
            "--format=FORMAT",
            "Default: table.",
            "--leads",
            "--limit=N");
    assertThat(hengel("--help").out()).contains("leakage");
  }
}
