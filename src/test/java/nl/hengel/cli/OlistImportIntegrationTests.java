package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The real Olist funnel imported by the CLI, checked against figures the test computes from the raw
 * files itself. The data is not in the repository (CC BY-NC-SA 4.0): it is read from {@code
 * ../shared/data/olist} next to the project, or {@code HENGEL_OLIST_DIR}; without it the test is
 * skipped.
 */
class OlistImportIntegrationTests extends IntegrationTestSupport {

  static final ZoneId BRAZIL = ZoneId.of("America/Sao_Paulo");

  @Autowired JdbcClient jdbc;

  record Run(int exit, String out, String err) {}

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Path olistDir() {
    String override = System.getProperty("hengel.olist.dir", System.getenv("HENGEL_OLIST_DIR"));
    Path dir =
        override != null
            ? Path.of(override)
            : Path.of("").toAbsolutePath().resolveSibling("shared").resolve("data/olist");
    Assumptions.assumeTrue(
        Files.isRegularFile(dir.resolve("olist_marketing_qualified_leads_dataset.csv"))
            && Files.isRegularFile(dir.resolve("olist_closed_deals_dataset.csv")),
        "Olist data not found in "
            + dir
            + ": skipped. Download the Kaggle dataset \"Marketing Funnel by Olist\" there, or set"
            + " HENGEL_OLIST_DIR.");
    return dir;
  }

  /** The raw files, read with plain string splitting (only lead_behaviour_profile is quoted). */
  record Raw(Map<String, String[]> mqls, Map<String, String[]> deals) {

    static Raw of(Path dir) throws IOException {
      var mqls = new HashMap<String, String[]>();
      for (String line : body(dir.resolve("olist_marketing_qualified_leads_dataset.csv"))) {
        String[] c = line.split(",", -1);
        mqls.put(c[0], c);
      }
      var deals = new HashMap<String, String[]>();
      for (String line : body(dir.resolve("olist_closed_deals_dataset.csv"))) {
        String[] c = line.replaceAll("\"[^\"]*\"", "q").split(",", -1);
        deals.put(c[0], c);
      }
      return new Raw(mqls, deals);
    }

    static List<String> body(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file);
      return lines.subList(1, lines.size());
    }

    /** Origin as the lead source: empty is no source, kept apart from "unknown". */
    String origin(String mql) {
      String origin = mqls.get(mql)[3];
      return origin.isEmpty() ? "(none)" : origin;
    }

    /** First contact: the start of its day in Brazil. Won: UTC. */
    Instant firstContact(String mql) {
      return LocalDate.parse(mqls.get(mql)[1]).atStartOfDay(BRAZIL).toInstant();
    }

    Instant won(String mql) {
      return LocalDateTime.parse(deals.get(mql)[4].replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  @Test
  void the_import_matches_the_raw_files_and_a_second_import_changes_nothing() throws IOException {
    Path dir = olistDir();
    Raw raw = Raw.of(dir);
    TestWorkspace tw = newWorkspace();
    long ws = tw.workspace().id().value();
    String[] args = {"import", "olist", "--dir", dir.toString(), "-w", tw.workspace().slug()};

    long started = System.nanoTime();
    Run first = hengel(args);
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("Olist import took " + millis + " ms:\n" + first.out());

    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains(
            "olist_marketing_qualified_leads_dataset.csv: 8000 rows read; interactions: 8000"
                + " stored, 0 duplicates, 0 rejected",
            "olist_closed_deals_dataset.csv: 842 rows read; interactions: 842 stored,"
                + " 0 duplicates, 0 rejected",
            "sales reps: 22 members added, 0 already members",
            "leads: 8000 recorded, 0 already known, 0 refused")
        .containsPattern("origin empty\\s+60 ")
        .containsPattern("origin 'unknown'\\s+1099 ")
        .containsPattern("won_date at local midnight \\(02:00/03:00 UTC\\)\\s+61 ")
        .containsPattern("won before first contact\\s+1 .*b91cf8812365f50ff4bda4bcd6206b05")
        .containsPattern("won on the day of first contact\\s+33 ")
        .containsPattern("no SAL/SQL timestamps\\s+842 ")
        .containsPattern("declared_monthly_revenue 0.0\\s+797 ")
        .containsPattern("has_company empty\\s+779 ")
        .containsPattern("ids both sdr and sr\\s+13 ")
        .containsPattern("sdr_id equals sr_id\\s+5 ");
    Map<String, Long> counts = counts(ws);
    assertThat(counts)
        .containsEntry("people", (long) raw.mqls().size())
        .containsEntry("mql", (long) raw.mqls().size())
        .containsEntry("sal", (long) raw.deals().size())
        .containsEntry("sql", (long) raw.deals().size())
        .containsEntry("won", (long) raw.deals().size())
        .containsEntry("leads at won", (long) raw.deals().size())
        .containsEntry("leads at mql", (long) raw.mqls().size() - raw.deals().size())
        .containsEntry("form_submitted", 8000L)
        .containsEntry("deal_won", 842L);

    var wonPerOrigin = new TreeMap<String, Long>();
    raw.deals().keySet().forEach(m -> wonPerOrigin.merge(raw.origin(m), 1L, Long::sum));
    assertThat(
            jdbc.sql(
                    "select coalesce(source, '(none)') s, count(*) n from lead"
                        + " where workspace_id = ? and stage = 'won' group by source")
                .param(ws)
                .query((rs, n) -> Map.entry(rs.getString("s"), rs.getLong("n")))
                .list())
        .containsExactlyInAnyOrderElementsOf(wonPerOrigin.entrySet());

    var channels = new TreeMap<String, Long>();
    raw.mqls().keySet().forEach(m -> channels.merge(raw.origin(m), 1L, Long::sum));
    assertThat(channels).containsEntry("(none)", 60L).containsEntry("unknown", 1099L);
    assertThat(
            jdbc.sql(
                    "select coalesce(channel, '(none)') c, count(*) n from interaction"
                        + " where workspace_id = ? and type = 'form_submitted' group by channel")
                .param(ws)
                .query((rs, n) -> Map.entry(rs.getString("c"), rs.getLong("n")))
                .list())
        .containsExactlyInAnyOrderElementsOf(channels.entrySet());

    var cohorts = new TreeMap<String, Long>();
    raw.mqls().values().forEach(c -> cohorts.merge(c[1].substring(0, 7), 1L, Long::sum));
    var stored = new TreeMap<String, Long>();
    for (Instant at : instants("select mql_at from lead where workspace_id = ?", ws)) {
      stored.merge(at.atZone(BRAZIL).toLocalDate().toString().substring(0, 7), 1L, Long::sum);
    }
    assertThat(stored).isEqualTo(cohorts);

    // The one deal won before its first contact has its mql moved to the win: 0 days, not -1.18.
    var days = new ArrayList<Double>();
    raw.deals()
        .keySet()
        .forEach(m ->
            days.add(
                Math.max(
                    0, Duration.between(raw.firstContact(m), raw.won(m)).toSeconds() / 86400.0)));
    var storedDays = new ArrayList<Double>();
    jdbc.sql(
            """
            select m.at mql, w.at won from lead_transition m
              join lead_transition w on w.person_id = m.person_id and w.to_stage = 'won'
             where m.workspace_id = ? and m.to_stage = 'mql'
            """)
        .param(ws)
        .query(rs -> {
          storedDays.add(
              Duration.between(
                          rs.getObject("mql", java.time.OffsetDateTime.class),
                          rs.getObject("won", java.time.OffsetDateTime.class))
                      .toSeconds()
                  / 86400.0);
        });
    assertThat(storedDays).hasSize(842);
    assertThat(median(storedDays))
        .isCloseTo(median(days), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(median(days)).isGreaterThan(0);

    assertThat(
            jdbc.sql(
                    """
                    select count(*) from lead l join app_user u on u.id = l.owner_user_id
                     where l.workspace_id = ? and l.stage = 'won' and u.email like 'sr-%@olist.invalid'
                    """)
                .param(ws)
                .query(Long.class)
                .single())
        .isEqualTo(842L);

    Run second = hengel(args);

    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    assertThat(second.out())
        .contains(
            "8000 rows read; interactions: 0 stored, 8000 duplicates, 0 rejected",
            "842 rows read; interactions: 0 stored, 842 duplicates, 0 rejected",
            "sales reps: 0 members added, 22 already members",
            "leads: 0 recorded, 8000 already known, 0 refused");
    assertThat(counts(ws)).isEqualTo(counts);
  }

  /** Linear interpolation between closest ranks, at position p·(n−1) of the sorted values. */
  static double percentile(List<Double> values, double p) {
    List<Double> sorted = values.stream().sorted().toList();
    double position = p * (sorted.size() - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.size() - 1);
    return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
  }

  @Test
  void the_funnel_analytics_of_the_import_equal_what_the_raw_files_say() throws IOException {
    Path dir = olistDir();
    Raw raw = Raw.of(dir);
    TestWorkspace tw = newWorkspace();
    Run imported = hengel("import", "olist", "--dir", dir.toString(), "-w", tw.workspace().slug());
    assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
    String range = "&from=2017-01-01T00:00:00Z&to=2019-01-01T00:00:00Z";

    // Waterfall by origin: MQLs, won deals and MQL-to-won, counted here from the two CSV files.
    var mqls = new TreeMap<String, Long>();
    var wins = new TreeMap<String, Long>();
    raw.mqls().keySet().forEach(m -> mqls.merge(raw.origin(m), 1L, Long::sum));
    raw.deals().keySet().forEach(m -> wins.merge(raw.origin(m), 1L, Long::sum));
    JsonNode bySource =
        tw.admin().get("/api/analytics/waterfall?groupBy=source&cohort=mql" + range).json();
    var seenMqls = new TreeMap<String, Long>();
    var seenWins = new TreeMap<String, Long>();
    for (JsonNode row : bySource.get("rows")) {
      seenMqls.put(row.get("key").asString(), row.get("mql").asLong());
      seenWins.put(row.get("key").asString(), row.get("won").asLong());
      double expected =
          (double) wins.getOrDefault(row.get("key").asString(), 0L)
              / mqls.get(row.get("key").asString());
      double mqlToWon = (double) row.get("won").asLong() / row.get("mql").asLong();
      assertThat(mqlToWon).as(row.get("key").asString()).isCloseTo(expected, within(1e-12));
    }
    assertThat(seenMqls).isEqualTo(mqls);
    assertThat(seenWins.entrySet().stream().filter(e -> e.getValue() > 0).toList())
        .containsExactlyInAnyOrderElementsOf(wins.entrySet());
    assertThat(bySource.get("total").get("mql").asLong()).isEqualTo(8000);
    assertThat(bySource.get("total").get("won").asLong()).isEqualTo(842);

    // Waterfall by MQL cohort month (UTC): the MQL is the first contact, or the win for the one
    // deal won before it.
    var cohortMqls = new TreeMap<String, Long>();
    var cohortWins = new TreeMap<String, Long>();
    for (String m : raw.mqls().keySet()) {
      Instant mql = raw.firstContact(m);
      if (raw.deals().containsKey(m) && raw.won(m).isBefore(mql)) {
        mql = raw.won(m);
      }
      String month = mql.toString().substring(0, 7);
      cohortMqls.merge(month, 1L, Long::sum);
      if (raw.deals().containsKey(m)) {
        cohortWins.merge(month, 1L, Long::sum);
      }
    }
    JsonNode byCohort =
        tw.admin().get("/api/analytics/waterfall?groupBy=cohort&cohort=mql" + range).json();
    var seenCohortMqls = new TreeMap<String, Long>();
    var seenCohortWins = new TreeMap<String, Long>();
    for (JsonNode row : byCohort.get("rows")) {
      seenCohortMqls.put(row.get("key").asString(), row.get("mql").asLong());
      if (row.get("won").asLong() > 0) {
        seenCohortWins.put(row.get("key").asString(), row.get("won").asLong());
      }
    }
    assertThat(seenCohortMqls).isEqualTo(cohortMqls);
    assertThat(seenCohortWins).isEqualTo(cohortWins);

    // Velocity from first touch (the sign-up) to won: median and p80 over the 842 deals.
    var days = new ArrayList<Double>();
    raw.deals()
        .keySet()
        .forEach(
            m -> days.add((double) Duration.between(raw.firstContact(m), raw.won(m)).toSeconds()));
    JsonNode velocity =
        tw.admin().get("/api/analytics/velocity?groupBy=cohort&cohort=mql" + range).json();
    long leads = 0;
    for (JsonNode row : velocity.get("rows")) {
      for (JsonNode span : row.get("spans")) {
        if (span.get("from").asString().equals("first-touch")) {
          leads += span.get("leads").asLong();
        }
      }
    }
    assertThat(leads).isEqualTo(842);
    JsonNode all =
        tw.admin().get("/api/analytics/velocity?groupBy=source&cohort=mql" + range).json();
    // Over all sources at once: the CLI table the README quotes is made the same way.
    Run table =
        hengel(
            "analytics",
            "velocity",
            "-w",
            tw.workspace().slug(),
            "--group-by",
            "cohort",
            "--cohort",
            "mql",
            "--from",
            "2017-01-01T00:00:00Z",
            "--to",
            "2019-01-01T00:00:00Z",
            "--format",
            "json");
    assertThat(table.exit()).as(table.out() + table.err()).isZero();
    assertThat(all.get("rows")).isNotEmpty();
    var perSource = new TreeMap<String, List<Double>>();
    raw.deals()
        .keySet()
        .forEach(m ->
            perSource
                .computeIfAbsent(raw.origin(m), k -> new ArrayList<>())
                .add((double) Duration.between(raw.firstContact(m), raw.won(m)).toSeconds()));
    for (JsonNode row : all.get("rows")) {
      for (JsonNode span : row.get("spans")) {
        if (span.get("from").asString().equals("first-touch") && span.get("leads").asLong() > 0) {
          List<Double> expected = perSource.get(row.get("key").asString());
          assertThat(span.get("leads").asLong()).isEqualTo(expected.size());
          assertThat(span.get("medianSeconds").asDouble())
              .as("median " + row.get("key").asString())
              .isCloseTo(percentile(expected, 0.5), within(1e-6));
          assertThat(span.get("p80Seconds").asDouble())
              .as("p80 " + row.get("key").asString())
              .isCloseTo(percentile(expected, 0.8), within(1e-6));
        }
      }
    }
    assertThat(percentile(days, 0.5)).isPositive();
  }

  @Test
  void a_directory_without_the_files_exits_2_and_says_where_to_get_them() throws IOException {
    TestWorkspace tw = newWorkspace();
    Path empty = Files.createTempDirectory("olist-empty");

    Run run = hengel("import", "olist", "--dir", empty.toString(), "-w", tw.workspace().slug());
    Run help = hengel("import", "olist", "--help");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Marketing Funnel by Olist", "[lifecycle.olist-missing-file]");
    assertThat(help.out()).contains("--dir=DIR", "-w, --workspace=SLUG").doesNotContain("--map");
  }

  private Map<String, Long> counts(long ws) {
    var counts = new TreeMap<String, Long>();
    counts.put("people", count("select count(*) from person where workspace_id = ?", ws));
    for (String stage : List.of("mql", "sal", "sql", "won")) {
      counts.put(
          stage,
          count(
              "select count(*) from lead_transition where workspace_id = ? and to_stage = '"
                  + stage
                  + "'",
              ws));
      counts.put(
          "leads at " + stage,
          count(
              "select count(*) from lead where workspace_id = ? and stage = '" + stage + "'", ws));
    }
    for (String type : List.of("form_submitted", "deal_won")) {
      counts.put(
          type,
          count(
              "select count(*) from interaction where workspace_id = ? and type = '" + type + "'",
              ws));
    }
    counts.put("members", count("select count(*) from membership where workspace_id = ?", ws));
    return counts;
  }

  private long count(String sql, long ws) {
    return jdbc.sql(sql).param(ws).query(Long.class).single();
  }

  private List<Instant> instants(String sql, long ws) {
    return jdbc.sql(sql)
        .param(ws)
        .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
        .list();
  }
}
