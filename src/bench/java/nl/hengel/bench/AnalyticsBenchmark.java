package nl.hengel.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import nl.hengel.analytics.Report;
import nl.hengel.analytics.ReportParameters;
import nl.hengel.analytics.internal.FunnelLeads;
import nl.hengel.analytics.internal.FunnelQueries;
import nl.hengel.platform.WorkspaceId;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The dashboard bar of DESIGN.md §6 for the funnel analytics: p50 and p99 latency of each report
 * over one year at 1 M people / 20 M interactions on PostgreSQL, as a ratio to a plain count of the
 * same year's leads measured in the same run.
 */
@Command(
    name = "bench-analytics",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Measures the funnel analytics queries on PostgreSQL against a count(*) baseline.",
      "",
      "Empties the database at --db-url (it must be named like *bench* unless --force), migrates it",
      "with Hengel's Flyway migrations, and fills it in SQL (INSERT ... SELECT generate_series, seeded",
      "by hashing ids, so every run holds the same rows): --people people created over 2025-2026, a",
      "third of them qualified (mql, then sal, sql, won/lost or out), a fifth nurtured, their lead",
      "rows, stage history and SLA clocks, and --interactions-per-person interactions each (indexes",
      "dropped during the load and rebuilt after it). Then it rebuilds funnel_lead with the very",
      "statement 'hengel analytics rebuild' runs, analyzes, and runs each report for 2026 --runs",
      "times (after --warmup runs) through the product's own query class, one connection, one at a",
      "time. Prints fill times and p50/p99 per query and their ratio to the baseline's p50.",
      "--reuse skips the fill and measures a database filled before.",
    })
public final class AnalyticsBenchmark implements Callable<Integer> {

  @Option(names = "--people", paramLabel = "N", defaultValue = "1000000")
  int people;

  @Option(names = "--interactions-per-person", paramLabel = "N", defaultValue = "20")
  int perPerson;

  @Option(
      names = "--db-url",
      paramLabel = "URL",
      defaultValue =
          "${env:HENGEL_BENCH_ANALYTICS_URL:-jdbc:postgresql://localhost:5432/hengel_bench_analytics}")
  String url;

  @Option(names = "--db-user", paramLabel = "USER", defaultValue = "hengel")
  String user;

  @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "hengel")
  String password;

  @Option(names = "--force", description = "Allow a database not named like *bench*.")
  boolean force;

  @Option(names = "--reuse", description = "Measure the database as filled by an earlier run.")
  boolean reuse;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "50")
  int runs;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "5")
  int warmup;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench-analytics")
  Path out;

  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
  static final WorkspaceId WS = new WorkspaceId(1);

  private final List<String> report = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new AnalyticsBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    var db = new BenchDatabase(url, user, password);
    if (!db.looksDisposable() && !force) {
      System.err.println("Refusing to empty " + db.name + ": not named like *bench* (--force).");
      return 2;
    }
    line(db.describeServer());
    if (!reuse) {
      line(db.recreate());
      Flyway.configure().dataSource(url, user, password).load().migrate();
      fill(db);
    }
    line(
        String.format(
            Locale.ROOT,
            "data: %,d people, %,d interactions, %,d leads, %,d transitions, %,d SLA clocks;"
                + " %,d leads created in 2026",
            db.count("select count(*) from person"),
            db.count("select count(*) from interaction"),
            db.count("select count(*) from funnel_lead"),
            db.count("select count(*) from lead_transition"),
            db.count("select count(*) from sla_clock"),
            db.count(
                "select count(*) from funnel_lead where created_at >= '2026-01-01Z'"
                    + " and created_at < '2027-01-01Z'")));
    measure(db);
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("report.txt"), String.join("\n", report) + "\n", StandardCharsets.UTF_8);
    return 0;
  }

  private void line(String text) {
    System.out.println(text);
    report.add(text);
  }

  /** Fills the emptied, migrated database; the backtest benchmark fills through here too. */
  void fill(BenchDatabase db) throws SQLException {
    long all = System.nanoTime();
    try (Connection c = db.connect();
        var st = c.createStatement()) {
      st.execute("set max_parallel_workers_per_gather = 2");
      timed("people, leads, history, clocks", () -> run(st, FillSql.people(people)));
      // The interaction table's indexes and foreign key, dropped for the load and rebuilt after.
      List<String> rebuild = new ArrayList<>();
      try (var rs =
          c.createStatement()
              .executeQuery(
                  """
                  select 'alter table interaction add constraint ' || quote_ident(conname) || ' '
                         || pg_get_constraintdef(oid)
                    from pg_constraint where conrelid = 'interaction'::regclass
                  """)) {
        while (rs.next()) {
          rebuild.add(rs.getString(1));
        }
      }
      try (var rs =
          c.createStatement()
              .executeQuery(
                  """
                  select indexdef from pg_indexes i
                   where tablename = 'interaction' and not exists (
                     select 1 from pg_constraint k where k.conname = i.indexname)
                  """)) {
        while (rs.next()) {
          rebuild.add(rs.getString(1));
        }
      }
      timed(
          "interactions (" + perPerson + " per person)",
          () -> {
            st.execute(
                "alter table interaction drop constraint if exists interaction_person_id_fkey");
            st.execute("alter table interaction drop constraint if exists interaction_pkey");
            st.execute("alter table interaction drop constraint if exists interaction_idempotency");
            st.execute("drop index if exists interaction_person_time");
            run(st, FillSql.interactions(perPerson));
          });
      timed(
          "interaction keys and indexes",
          () -> {
            st.execute("set maintenance_work_mem = '512MB'");
            for (String ddl : rebuild) {
              st.execute(ddl);
            }
          });
      timed(
          "funnel_lead rebuild (hengel analytics rebuild)",
          () -> st.executeUpdate(FunnelLeads.REBUILD.replace(":ws", "1")));
      timed("vacuum analyze", () -> st.execute("vacuum analyze"));
    }
    line(String.format(Locale.ROOT, "fill total: %.1f s", (System.nanoTime() - all) / 1e9));
  }

  private static void run(java.sql.Statement st, List<String> statements) throws SQLException {
    for (String s : statements) {
      st.execute(s);
    }
  }

  interface Step {
    void run() throws SQLException;
  }

  private void timed(String what, Step step) throws SQLException {
    long t = System.nanoTime();
    step.run();
    line(String.format(Locale.ROOT, "fill %-46s %8.1f s", what, (System.nanoTime() - t) / 1e9));
  }

  private void measure(BenchDatabase db) throws SQLException {
    var source = new SingleConnectionDataSource(url, user, password, true);
    try {
      JdbcClient jdbc = JdbcClient.create(source);
      var queries = new FunnelQueries(jdbc);
      Instant now = TO;
      var cases = new java.util.LinkedHashMap<String, Supplier<Object>>();
      cases.put(
          "baseline: count(*) of 2026's leads",
          () ->
              jdbc.sql(
                      "select count(*) from funnel_lead where workspace_id = :ws"
                          + " and created_at >= :from and created_at < :to")
                  .param("ws", 1)
                  .param("from", nl.hengel.platform.Sql.ts(FROM))
                  .param("to", nl.hengel.platform.Sql.ts(TO))
                  .query(Long.class)
                  .single());
      cases.put(
          "waterfall by cohort (created)",
          () -> queries.waterfall(WS, p(Report.WATERFALL, "cohort", "created")));
      cases.put(
          "waterfall by source", () -> queries.waterfall(WS, p(Report.WATERFALL, "source", null)));
      cases.put(
          "waterfall by owner", () -> queries.waterfall(WS, p(Report.WATERFALL, "owner", null)));
      cases.put(
          "waterfall by cohort (mql)",
          () -> queries.waterfall(WS, p(Report.WATERFALL, "cohort", "mql")));
      cases.put(
          "velocity by cohort (created)",
          () -> queries.velocity(WS, p(Report.VELOCITY, "cohort", "created")));
      cases.put(
          "velocity by source", () -> queries.velocity(WS, p(Report.VELOCITY, "source", null)));
      cases.put(
          "sla compliance by owner",
          () -> queries.slaCompliance(WS, p(Report.SLA_COMPLIANCE, "owner", null), now));
      cases.put(
          "sla compliance by team",
          () -> queries.slaCompliance(WS, p(Report.SLA_COMPLIANCE, "team", null), now));
      cases.put(
          "experience by department (reads 2026's interactions)",
          () -> queries.experience(WS, p(Report.EXPERIENCE, "department", null)));
      double baseline = 0;
      line("");
      line(
          String.format(
              Locale.ROOT,
              "%-54s %9s %9s %9s %8s",
              "query (year 2026, " + runs + " runs)",
              "p50 ms",
              "p99 ms",
              "max ms",
              "p50/base"));
      for (Map.Entry<String, Supplier<Object>> e : cases.entrySet()) {
        int n = e.getKey().startsWith("experience") ? Math.max(5, runs / 5) : runs;
        for (int i = 0; i < warmup; i++) {
          e.getValue().get();
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
          long t = System.nanoTime();
          e.getValue().get();
          nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        double p50 = nearestRank(nanos, 0.50) / 1e6;
        double p99 = nearestRank(nanos, 0.99) / 1e6;
        if (baseline == 0) {
          baseline = p50;
        }
        line(
            String.format(
                Locale.ROOT,
                "%-54s %9.1f %9.1f %9.1f %8.1f",
                e.getKey() + (n != runs ? " [" + n + " runs]" : ""),
                p50,
                p99,
                nanos[n - 1] / 1e6,
                p50 / baseline));
      }
    } finally {
      source.destroy();
    }
  }

  /** The nearest-rank percentile of sorted values. */
  static long nearestRank(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static ReportParameters p(Report report, String groupBy, String cohort) {
    var raw = new java.util.HashMap<String, List<String>>();
    raw.put("groupBy", List.of(groupBy));
    if (cohort != null) {
      raw.put("cohort", List.of(cohort));
    }
    raw.put("from", List.of(FROM.toString()));
    raw.put("to", List.of(TO.toString()));
    return ReportParameters.parse(report, raw);
  }
}
