package nl.hengel.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.hengel.handoff.internal.BreachWorker;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The leakage report over a small funnel built through the API with the clock in hand: one lead (or
 * more) in every category, healthy leads that must not show, and another workspace's leak that must
 * never show. SLAs in business time (Mon–Fri 09:00–17:30 Europe/Amsterdam): accept within 8h, first
 * contact within 24h. The report is read on Thursday 5 November 2026, 12:00 in Amsterdam.
 */
class LeakageIntegrationTests extends IntegrationTestSupport {

  static final Instant T = Instant.parse("2026-11-05T11:00:00Z");

  @Autowired BreachWorker breaches;
  @Autowired JdbcClient jdbc;

  /** The funnel: its workspace, the analyst's client, the lead ids by first name. */
  record Funnel(TestWorkspace tw, Api iris, Map<String, Long> ids, TestWorkspace other, long zed) {}

  static Funnel funnel;

  @BeforeEach
  void funnelAtT() {
    synchronized (LeakageIntegrationTests.class) {
      if (funnel == null) {
        funnel = build();
      }
    }
    clock.set(T);
  }

  /**
   * Moves the clock and waits until every breach due by then is recorded (by this sweep or the
   * scheduled one), so breach times are exactly the instants the test names.
   */
  void at(String instant) {
    clock.set(Instant.parse(instant));
    breaches.run();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            jdbc.sql(
                        "select count(*) from sla_clock where due_at <= ? and met_at is null"
                            + " and stopped_at is null and breached_at is null")
                    .param(Sql.ts(clock.instant()))
                    .query(Long.class)
                    .single()
                == 0);
  }

  Funnel build() {
    at("2026-08-03T08:00:00Z");
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Api sam = as(tw, "sam@acme.example", Role.SALES);
    as(tw, "mia@acme.example", Role.SALES);
    Api iris = as(tw, "iris@acme.example", Role.ANALYST);
    activate(tw, anna, bram, nl.hengel.testing.Funnel.DEFINITION);
    Api admin = tw.admin();
    Map<String, Object> team =
        Map.of(
            "name",
            "inside",
            "manager",
            "mia@acme.example",
            "members",
            List.of("bram@acme.example", "sam@acme.example"));
    ok(admin.post("/api/teams", team));
    ok(admin.put("/api/routing", Map.of("territories", List.of(), "fallbackTeam", "inside")));
    company(admin);
    Map<String, Api> sales = Map.of("bram", bram, "sam", sam);
    var ids = new LinkedHashMap<String, Long>();

    // fay: accepted, contacted and in sql since 3 August: sql-stalled.
    ids.put("fay", mql(admin, "fay", "Fay", "de Vries", "events", "expo-2026"));
    own(admin, ids.get("fay"), "bram");
    at("2026-08-03T09:00:00Z");
    ok(bram.post("/api/inbox/" + ids.get("fay") + "/accept", Map.of()));
    ok(bram.post("/api/inbox/" + ids.get("fay") + "/contact", Map.of()));
    move(bram, ids.get("fay"), "sql", null);

    // eva: accepted and contacted on 12 October, in sal ever since: sal-stalled.
    at("2026-10-12T08:00:00Z");
    ids.put("eva", mql(admin, "eva", "Eva", "Bakker", "events", null));
    own(admin, ids.get("eva"), "sam");
    at("2026-10-12T09:00:00Z");
    ok(sam.post("/api/inbox/" + ids.get("eva") + "/accept", Map.of()));
    ok(sam.post("/api/inbox/" + ids.get("eva") + "/contact", Map.of()));

    // Monday 2 November, 10:00: ada is never accepted; dan is accepted at once, never contacted.
    at("2026-11-02T09:00:00Z");
    ids.put("ada", mql(admin, "ada", "Ada", "Jansen, Jr.", "web", "spring-webinar"));
    own(admin, ids.get("ada"), "bram");
    ids.put("dan", mql(admin, "dan", "Dan", "Smit", "web", "spring-webinar"));
    own(admin, ids.get("dan"), "bram");
    // Another workspace: zed, never accepted, unassigned (no routing) since the same moment.
    TestWorkspace other = newWorkspace();
    Api otherAnna = as(other, "anna@acme.example", Role.MARKETING);
    Api otherBram = as(other, "bram@acme.example", Role.SALES);
    activate(other, otherAnna, otherBram, nl.hengel.testing.Funnel.DEFINITION);
    company(other.admin());
    long zed = mql(other.admin(), "zed", "Zed", "Other", "web", "spring-webinar");
    at("2026-11-02T10:00:00Z");
    ok(bram.post("/api/inbox/" + ids.get("dan") + "/accept", Map.of()));
    // ada's accept clock (due Tuesday 09:30) breaches.
    at("2026-11-03T12:00:00Z");

    // Wednesday 4 November, 10:00: the rest of the week's MQLs.
    at("2026-11-04T09:00:00Z");
    ids.put("ben", mql(admin, "ben", "Ben", "Visser", "web", "Black Friday, 2026"));
    own(admin, ids.get("ben"), "sam");
    for (var who :
        List.of(
            List.of("ida", "bram"),
            List.of("jon", "bram"),
            List.of("kai", "sam"),
            List.of("lea", "sam"),
            List.of("gus", "bram"),
            List.of("hal", "sam"),
            List.of("mo", "bram"))) {
      String name = who.get(0);
      ids.put(name, mql(admin, name, cap(name), "Jong", "web", null));
      own(admin, ids.get(name), who.get(1));
    }
    at("2026-11-04T10:00:00Z");
    for (String name : List.of("ida", "jon", "lea", "hal", "mo")) {
      ok(sales.get(owner(name)).post("/api/inbox/" + ids.get(name) + "/accept", Map.of()));
    }
    // kai is recycled to nurture; gus is disqualified straight from mql.
    ok(sam.post("/api/inbox/" + ids.get("kai") + "/reject", Map.of("reason", "duplicate")));
    ok(
        bram.post(
            "/api/inbox/" + ids.get("gus") + "/reject",
            Map.of("reason", "spam", "disqualify", true)));
    at("2026-11-04T10:30:00Z");
    for (String name : List.of("ida", "jon", "lea")) {
      ok(sales.get(owner(name)).post("/api/inbox/" + ids.get(name) + "/contact", Map.of()));
    }
    at("2026-11-04T11:00:00Z");
    move(bram, ids.get("jon"), "sql", null);
    move(sam, ids.get("lea"), "sql", null);
    // hal is disqualified from sal.
    move(sam, ids.get("hal"), "disqualified", "bad-fit");
    // kai, recycled, is disqualified from nurture by marketing: not a rejection by sales.
    move(anna, ids.get("kai"), "disqualified", "student-or-job-seeker");
    at("2026-11-04T11:30:00Z");
    move(bram, ids.get("jon"), "won", null);

    // Thursday 5 November, 10:30: ada's and dan's first-contact clocks (due Wednesday 17:00) and
    // ben's accept clock (due Thursday 09:30) breach.
    at("2026-11-05T09:30:00Z");
    // 11:00: routing can place nobody; cas waits unassigned.
    at("2026-11-05T10:00:00Z");
    ok(admin.put("/api/routing", Map.of("territories", List.of())));
    ids.put("cas", mql(admin, "cas", "Cas", "Mulder", "linkedin", null));

    at("2026-11-05T11:00:00Z");
    return new Funnel(tw, iris, ids, other, zed);
  }

  static String owner(String name) {
    return switch (name) {
      case "ida", "jon", "gus", "mo" -> "bram";
      default -> "sam";
    };
  }

  static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static void company(Api admin) {
    ok(
        admin.post(
            "/api/companies",
            Map.of(
                "domain",
                "acme.example",
                "name",
                "Acme",
                "attributes",
                Map.of("country", "NL", "employees", 120))));
  }

  /** A named person who downloads two papers an hour ago (source, campaign) and so becomes mql. */
  long mql(Api admin, String name, String first, String last, String source, String campaign) {
    String email = name + "@acme.example";
    ok(admin.post("/api/people", Map.of("email", email, "firstName", first, "lastName", last)));
    Instant t = clock.instant().minus(Duration.ofHours(1));
    var downloads = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 2; i++) {
      var m = new HashMap<String, Object>();
      m.put("source", source);
      m.put("externalId", name + "-" + i);
      m.put("person", Map.of("email", email));
      m.put("occurredAt", t.plusSeconds(60L * i).toString());
      m.put("department", "marketing");
      m.put("type", "content_download");
      m.put("content", "paper-" + i);
      if (campaign != null) {
        m.put("campaign", campaign);
      }
      downloads.add(m);
    }
    ok(admin.post("/api/interactions/batch", downloads));
    long id = admin.get("/api/people?email=" + email).json().get(0).get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> lead(admin, id).get("stage").asString().equals("mql"));
    return id;
  }

  static JsonNode lead(Api api, long id) {
    return api.get("/api/people/" + id + "/lead").json().get("lead");
  }

  static void own(Api admin, long id, String who) {
    ok(admin.post("/api/people/" + id + "/lead/owner", Map.of("owner", who + "@acme.example")));
  }

  static void move(Api api, long id, String to, String reason) {
    var body = new HashMap<String, Object>();
    body.put("to", to);
    if (reason != null) {
      body.put("reason", reason);
    }
    ok(api.post("/api/people/" + id + "/lead/moves", body));
  }

  static Api.Response ok(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isBetween(200, 299);
    return r;
  }

  JsonNode report(String query) {
    Api.Response r = funnel.iris().get("/api/reports/leakage" + query);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** The listed leads' names with their categories. */
  Map<String, List<String>> leads(JsonNode report) {
    var byId = new HashMap<Long, String>();
    funnel.ids().forEach((name, id) -> byId.put(id, name));
    var found = new TreeMap<String, List<String>>();
    for (JsonNode l : report.get("leads")) {
      var categories = new ArrayList<String>();
      l.get("categories").forEach(c -> categories.add(c.asString()));
      found.put(byId.getOrDefault(l.get("personId").asLong(), "?"), categories);
    }
    return found;
  }

  static Map<String, Integer> counts(JsonNode report) {
    var counts = new LinkedHashMap<String, Integer>();
    report
        .get("categories")
        .forEach(c -> counts.put(c.get("key").asString(), c.get("count").asInt()));
    return counts;
  }

  /** Group key → "leads: category=n, …" for the non-zero counts. */
  static Map<String, String> groups(JsonNode report) {
    var groups = new LinkedHashMap<String, String>();
    for (JsonNode g : report.get("groups")) {
      var parts = new ArrayList<String>();
      g.get("counts")
          .properties()
          .forEach(e -> {
            if (e.getValue().asInt() > 0) {
              parts.add(e.getKey() + "=" + e.getValue().asInt());
            }
          });
      groups.put(g.get("key").asString(), g.get("leads").asInt() + ": " + String.join(" ", parts));
    }
    return groups;
  }

  @Test
  void every_leaking_lead_is_listed_in_its_categories_and_no_healthy_lead_is() {
    JsonNode report = report("");

    assertThat(report.get("asOf").asString()).isEqualTo(T.toString());
    assertThat(leads(report))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "fay", List.of("sql-stalled"),
                "eva", List.of("sal-stalled"),
                "ada", List.of("mql-not-accepted", "sla-breached"),
                "dan", List.of("not-contacted", "sla-breached"),
                "ben", List.of("mql-not-accepted", "sla-breached"),
                "gus", List.of("rejected-not-recycled"),
                "hal", List.of("rejected-not-recycled"),
                "cas", List.of("unassigned")));
    assertThat(counts(report))
        .containsExactly(
            Map.entry("mql-not-accepted", 2),
            Map.entry("not-contacted", 1),
            Map.entry("sal-stalled", 1),
            Map.entry("sql-stalled", 1),
            Map.entry("rejected-not-recycled", 2),
            Map.entry("sla-breached", 3),
            Map.entry("unassigned", 1));
    assertThat(report.get("categories").get(0).get("description").asString())
        .contains("accept SLA breached");
    assertThat(report.get("truncated").asBoolean()).isFalse();
    assertThat(report.get("parameters").get("mqlDays").asInt()).isEqualTo(2);
    assertThat(report.get("parameters").get("groupBy").asString()).isEqualTo("owner");

    // Longest in their stage first; the lead's own fields and its latest breach.
    JsonNode first = report.get("leads").get(0);
    assertThat(first.get("personId").asLong()).isEqualTo(funnel.ids().get("fay"));
    assertThat(first.get("stage").asString()).isEqualTo("sql");
    assertThat(first.get("daysInStage").asLong()).isEqualTo(94);
    assertThat(first.get("cohort").asString()).isEqualTo("2026-08");
    assertThat(first.get("campaign").asString()).isEqualTo("expo-2026");
    assertThat(first.has("breachedAt")).isFalse();
    JsonNode ada = leadOf(report, "ada");
    assertThat(ada.get("name").asString()).isEqualTo("Ada Jansen, Jr.");
    assertThat(ada.get("email").asString()).isEqualTo("ada@acme.example");
    assertThat(ada.get("owner").asString()).isEqualTo("bram@acme.example");
    assertThat(ada.get("source").asString()).isEqualTo("web");
    assertThat(ada.get("stageSince").asString()).isEqualTo("2026-11-02T09:00:00Z");
    assertThat(ada.get("daysInStage").asLong()).isEqualTo(3);
    assertThat(ada.get("breachedAt").asString()).isEqualTo("2026-11-05T09:30:00Z");
    assertThat(leadOf(report, "ben").get("breachedAt").asString())
        .isEqualTo("2026-11-05T09:30:00Z");
  }

  JsonNode leadOf(JsonNode report, String name) {
    long id = funnel.ids().get(name);
    for (JsonNode l : report.get("leads")) {
      if (l.get("personId").asLong() == id) {
        return l;
      }
    }
    throw new AssertionError(name + " is not listed");
  }

  @Test
  void the_groups_count_each_category_and_the_distinct_leads_by_owner_source_campaign_and_cohort() {
    assertThat(groups(report("?groupBy=owner")))
        .containsExactly(
            Map.entry(
                "bram@acme.example",
                "4: mql-not-accepted=1 not-contacted=1 sql-stalled=1 rejected-not-recycled=1"
                    + " sla-breached=2"),
            Map.entry(
                "sam@acme.example",
                "3: mql-not-accepted=1 sal-stalled=1 rejected-not-recycled=1 sla-breached=1"),
            Map.entry("(unassigned)", "1: unassigned=1"));
    assertThat(groups(report("?groupBy=source")))
        .containsExactly(
            Map.entry(
                "web",
                "5: mql-not-accepted=2 not-contacted=1 rejected-not-recycled=2 sla-breached=3"),
            Map.entry("events", "2: sal-stalled=1 sql-stalled=1"),
            Map.entry("linkedin", "1: unassigned=1"));
    assertThat(groups(report("?groupBy=campaign")))
        .containsExactly(
            Map.entry("(none)", "4: sal-stalled=1 rejected-not-recycled=2 unassigned=1"),
            Map.entry("spring-webinar", "2: mql-not-accepted=1 not-contacted=1 sla-breached=2"),
            Map.entry("Black Friday, 2026", "1: mql-not-accepted=1 sla-breached=1"),
            Map.entry("expo-2026", "1: sql-stalled=1"));
    assertThat(groups(report("?groupBy=COHORT")))
        .containsExactly(
            Map.entry(
                "2026-11",
                "6: mql-not-accepted=2 not-contacted=1 rejected-not-recycled=2 sla-breached=3"
                    + " unassigned=1"),
            Map.entry("2026-08", "1: sql-stalled=1"),
            Map.entry("2026-10", "1: sal-stalled=1"));
    // Zero counts are there too, for every category asked about.
    assertThat(report("?groupBy=cohort").get("groups").get(1).get("counts").size()).isEqualTo(7);
  }

  @Test
  void the_thresholds_the_categories_the_period_and_the_limit_are_the_callers_to_choose() {
    // Longer patience: eva (24 days in sal) and fay (94 in sql) have not stalled yet.
    assertThat(leads(report("?salDays=30&sqlDays=100")))
        .doesNotContainKeys("eva", "fay")
        .containsKeys("ada", "ben");
    // Shorter: mo, accepted a day ago and still within the first-contact SLA, leaks at 0 days.
    assertThat(leads(report("?contactDays=0&category=not-contacted")))
        .containsOnlyKeys("dan", "mo");
    assertThat(leads(report("?mqlDays=0&category=mql-not-accepted")))
        .containsOnlyKeys("ada", "ben", "cas");

    JsonNode two = report("?category=unassigned,sla-breached");
    assertThat(counts(two)).containsOnlyKeys("sla-breached", "unassigned");
    assertThat(leads(two))
        .containsOnlyKeys("ada", "ben", "dan", "cas")
        .containsEntry("ada", List.of("sla-breached"));
    assertThat(report("?category=unassigned&category=sql-stalled").get("leads")).hasSize(2);

    // Before Wednesday: ada's accept breach (Tuesday) is in, the later breaches and moves are not.
    JsonNode early = report("?to=2026-11-04");
    assertThat(counts(early))
        .containsExactly(
            Map.entry("mql-not-accepted", 1),
            Map.entry("not-contacted", 1),
            Map.entry("sal-stalled", 1),
            Map.entry("sql-stalled", 1),
            Map.entry("rejected-not-recycled", 0),
            Map.entry("sla-breached", 1),
            Map.entry("unassigned", 0));
    assertThat(leadOf(early, "ada").get("breachedAt").asString()).isEqualTo("2026-11-03T12:00:00Z");
    assertThat(leads(report("?from=2026-11-04T10:00:00%2B01:00&category=rejected-not-recycled")))
        .containsOnlyKeys("gus", "hal");
    assertThat(leads(report("?from=2026-11-05T00:00:00Z&category=sla-breached")))
        .containsOnlyKeys("ada", "ben", "dan");

    JsonNode cut = report("?limit=3");
    assertThat(cut.get("leads")).hasSize(3);
    assertThat(cut.get("truncated").asBoolean()).isTrue();
    assertThat(counts(cut).get("sla-breached")).isEqualTo(3);
    assertThat(report("?limit=0").get("leads")).isEmpty();
  }

  @Test
  void the_csv_has_a_header_and_one_quoted_row_per_lead_and_category() throws Exception {
    Api.Response r = funnel.iris().get("/api/reports/leakage?groupBy=source", "text/csv");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    assertThat(r.body()).contains("\"Ada Jansen, Jr.\"", "\"Black Friday, 2026\"");

    List<List<String>> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(r.body())) {
      reader.forEach(rec -> rows.add(rec.getFields()));
    }
    assertThat(rows.getFirst())
        .containsExactly(
            "personId",
            "email",
            "name",
            "stage",
            "stageSince",
            "daysInStage",
            "owner",
            "source",
            "campaign",
            "cohort",
            "category",
            "breachedAt");
    assertThat(rows).hasSize(1 + 11);
    List<List<String>> ada =
        rows.stream().filter(row -> row.get(1).equals("ada@acme.example")).toList();
    assertThat(ada)
        .containsExactly(
            List.of(
                String.valueOf(funnel.ids().get("ada")),
                "ada@acme.example",
                "Ada Jansen, Jr.",
                "mql",
                "2026-11-02T09:00:00Z",
                "3",
                "bram@acme.example",
                "web",
                "spring-webinar",
                "2026-11",
                "mql-not-accepted",
                "2026-11-05T09:30:00Z"),
            List.of(
                String.valueOf(funnel.ids().get("ada")),
                "ada@acme.example",
                "Ada Jansen, Jr.",
                "mql",
                "2026-11-02T09:00:00Z",
                "3",
                "bram@acme.example",
                "web",
                "spring-webinar",
                "2026-11",
                "sla-breached",
                "2026-11-05T09:30:00Z"));
    assertThat(rows.stream().filter(row -> row.get(1).equals("cas@acme.example")).toList())
        .singleElement()
        .satisfies(row -> assertThat(row.get(6)).isEmpty());

    Api.Response byParam = funnel.iris().get("/api/reports/leakage?groupBy=source&format=csv");
    assertThat(byParam.body()).isEqualTo(r.body());
    // The two leads longest in their stage, fay and eva, one category each.
    assertThat(funnel.iris().get("/api/reports/leakage?limit=2&format=csv").body().lines())
        .hasSize(3)
        .element(1)
        .asString()
        .contains("fay@acme.example", "sql-stalled");
  }

  @Test
  void bad_parameters_are_refused_with_a_problem_naming_each() {
    Api.Response r =
        funnel
            .iris()
            .get(
                "/api/reports/leakage?groupBy=team&category=lost&mqlDays=-1&salDays=soon"
                    + "&from=yesterday&limit=1000000");
    assertThat(r.status()).isEqualTo(400);
    JsonNode problem = r.json();
    assertThat(problem.get("type").asString())
        .isEqualTo("urn:hengel:problem:handoff.leakage.invalid-parameter");
    var pointers = new ArrayList<String>();
    problem.get("errors").forEach(e -> pointers.add(e.get("pointer").asString()));
    assertThat(pointers)
        .containsExactly("groupBy", "category", "mqlDays", "salDays", "from", "limit");
    assertThat(problem.get("errors").get(1).get("message").asString())
        .contains("'lost'", "mql-not-accepted");

    Api.Response reversed = funnel.iris().get("/api/reports/leakage?from=2026-11-05&to=2026-11-01");
    assertThat(reversed.status()).isEqualTo(400);
    assertThat(reversed.json().get("errors").get(0).get("pointer").asString()).isEqualTo("to");
    Api.Response format = funnel.iris().get("/api/reports/leakage?format=xml");
    assertThat(format.status()).isEqualTo(400);
    assertThat(format.json().get("errors").get(0).get("pointer").asString()).isEqualTo("format");
    assertThat(funnel.iris().get("/api/reports/leakage?contactDays=-3", "text/csv").status())
        .isEqualTo(400);
    assertThat(anonymous().get("/api/reports/leakage").status()).isEqualTo(401);
  }

  @Test
  void another_workspaces_leaks_never_appear() {
    JsonNode ours = report("?groupBy=campaign");
    var emails = new ArrayList<String>();
    ours.get("leads").forEach(l -> emails.add(l.get("email").asString()));
    assertThat(emails).hasSize(8).doesNotContain("zed@acme.example");
    ours.get("leads")
        .forEach(l -> assertThat(l.get("personId").asLong()).isNotEqualTo(funnel.zed()));

    JsonNode theirs = funnel.other().admin().get("/api/reports/leakage").json();
    assertThat(theirs.get("leads")).hasSize(1);
    JsonNode zed = theirs.get("leads").get(0);
    assertThat(zed.get("personId").asLong()).isEqualTo(funnel.zed());
    assertThat(zed.get("categories").toString())
        .isEqualTo("[\"mql-not-accepted\",\"sla-breached\",\"unassigned\"]");
    assertThat(counts(theirs).values()).containsExactly(1, 0, 0, 0, 0, 1, 1);
  }
}
