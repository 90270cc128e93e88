package nl.hengel.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The speed bar of issue 13: a CRM export of N opportunities imported end to end through {@code
 * POST /api/imports/pipeline} of a real Hengel server on PostgreSQL, as an admin, with the mapping
 * of the design (owners created, deal values, implied stages), timed from the request to the
 * answer; then the same rows the import stored ({@code person}, {@code person_key}, {@code lead},
 * {@code lead_transition} of the workspace) copied with raw PostgreSQL {@code COPY} in one
 * transaction, into bare tables and into tables with the real keys, indexes and foreign keys, for
 * the ratios. Run by {@link IngestBenchmark} with {@code --pipeline N}; a class of its own because
 * it shares the server, the database and the COPY with the interaction ingest but none of its data
 * or clients.
 */
final class PipelineImportBench {

  /** The tables the baseline copies, in the order an import fills them. */
  static final List<String> TABLES = List.of("person", "person_key", "lead", "lead_transition");

  /** The mapping a user gives this export (the design's), as API query parameters. */
  static final String MAPPING =
      "map=id:opportunity_id&map=stage:deal_stage&map=owner:sales_agent&map=account:account"
          + "&map=amount:close_value&set=currency:USD&map=attr.product:product"
          + "&map=date.sal:engage_date&map=date.won:close_date&map=date.lost:close_date"
          + "&stage="
          + URLEncoder.encode("Prospecting:new", StandardCharsets.UTF_8)
          + "&stage="
          + URLEncoder.encode("Engaging:sal", StandardCharsets.UTF_8)
          + "&zone="
          + URLEncoder.encode("America/New_York", StandardCharsets.UTF_8)
          + "&createOwners=true";

  /** What the run needs from the command line. */
  record Settings(
      BenchDatabase db,
      Path jar,
      List<String> jvm,
      Path out,
      int opportunities,
      int warmup,
      long seed,
      int copyRounds,
      Duration scoringTimeout) {}

  private final Settings s;
  private final PrintStream log;
  private final JsonMapper json = JsonMapper.builder().build();

  PipelineImportBench(Settings settings, PrintStream log) {
    this.s = settings;
    this.log = log;
  }

  /** Runs the benchmark; answers the report. */
  String run() throws Exception {
    var report = new IngestBenchmark.Report();
    BenchDatabase db = s.db();
    log.printf(Locale.ROOT, "Preparing a CRM export of %,d opportunities...%n", s.opportunities());
    CrmPipelineExport export = CrmPipelineExport.generate(s.seed(), s.opportunities(), "");
    byte[] csv = export.csv();
    long expectedSteps = export.stageChanges();
    byte[] warmCsv =
        s.warmup() > 0 ? CrmPipelineExport.generate(s.seed() + 1, s.warmup(), "W").csv() : null;

    log.println("  " + db.recreate());
    report.line(
        "Hengel pipeline import benchmark, %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
    report.line(
        "machine     %d cores, JDK %s, %s",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), db.describeServer());
    report.line(
        "data        %,d opportunities (seed %d), %d agents by name, 85 accounts; %s",
        s.opportunities(), s.seed(), CrmPipelineExport.AGENTS.size(), export.shares());
    report.line(
        "            %.1f MB of CSV as a CRM writes it (dates without a time); %,d stage changes to record",
        csv.length / 1e6, expectedSteps);

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(2))
            .build();
    Path serverLog = s.out().resolve("server.log");
    log.println("Starting " + s.jar() + " on " + db.url + " (log: " + serverLog + ")...");
    try (var server = HengelServer.start(s.jar(), db, s.jvm(), serverLog)) {
      try {
        server.awaitHealthy(http, Duration.ofMinutes(2));
        if (warmCsv != null) {
          log.printf(
              Locale.ROOT,
              "Warming up with %,d opportunities in a workspace of their own...%n",
              s.warmup());
          HengelServer.Workspace warm = server.createWorkspace("warm", "warm@hengel.example");
          JsonNode answer = post(http, server, warm.token(), warmCsv).json();
          require(answer.get("outcome").asString().equals("IMPORTED"), "warm-up: " + answer);
        }
        HengelServer.Workspace ws = server.createWorkspace("bench", "bench@hengel.example");
        var cpu = new CpuMeter(server.pid(), db.name);

        log.println("Importing through POST /api/imports/pipeline...");
        String loadBefore = loadAverage();
        CpuMeter.Reading before = cpu.read();
        Posted posted = post(http, server, ws.token(), csv);
        CpuMeter.Reading after = cpu.read();
        String loadAfter = loadAverage();
        JsonNode answer = posted.json();
        require(answer.get("outcome").asString().equals("IMPORTED"), "import: " + posted.body());
        JsonNode leads = answer.get("leads");
        long answeredSteps = sum(leads.get("dated")) + sum(leads.get("implied"));
        long recorded = leads.get("recorded").asLong();
        long leadRows = db.count("select count(*) from lead where workspace_id = " + ws.id());
        long stepRows =
            db.count("select count(*) from lead_transition where workspace_id = " + ws.id());
        require(
            recorded == s.opportunities()
                && leadRows == s.opportunities()
                && answeredSteps == expectedSteps
                && stepRows == expectedSteps,
            "expected "
                + s.opportunities()
                + " leads and "
                + expectedSteps
                + " steps; the answer says "
                + recorded
                + " and "
                + answeredSteps
                + ", the tables hold "
                + leadRows
                + " and "
                + stepRows);
        double seconds = posted.nanos() / 1e9;
        long funnelRows =
            db.count("select count(*) from funnel_lead where workspace_id = " + ws.id());

        log.println("Waiting for the scoring queue to drain before the COPY baseline...");
        long drain = drainScoring(db, ws.id(), posted.answeredAt());
        for (String table : TABLES) {
          db.execute("vacuum (analyze) " + table);
        }
        log.println("Exporting the stored rows for the COPY baseline...");
        Map<String, List<byte[]>> rows = db.exportWorkspace(TABLES, ws.id());
        var perTable = new ArrayList<String>();
        long rowCount = 0;
        long rowBytes = 0;
        for (String table : TABLES) {
          long n = db.count("select count(*) from " + table + " where workspace_id = " + ws.id());
          perTable.add(String.format(Locale.ROOT, "%s %,d", table, n));
          rowCount += n;
          rowBytes += rows.get(table).stream().mapToLong(b -> b.length).sum();
        }
        Copies bare = copies(db, rows, rowCount, false);
        Copies schema = copies(db, rows, rowCount, true);

        report.line("");
        report.line(
            "import      %,d opportunities, %,d stage changes stored in %.1f s = %,.0f opportunities/s",
            s.opportunities(), stepRows, seconds, s.opportunities() / seconds);
        report.line(
            "            POST /api/imports/pipeline as an admin, one request from upload to answer;"
                + " %,d people created, %d owners created",
            answer.get("peopleCreated").asLong(), answer.get("ownersCreated").asInt());
        report.line(
            "            mapping: %s", java.net.URLDecoder.decode(MAPPING, StandardCharsets.UTF_8));
        report.line(
            "            also written in the same transaction: %,d funnel_lead rows, the people queued for scoring",
            funnelRows);
        report.line("            CPU: %s", CpuMeter.between(before, after, s.opportunities()));
        report.line(
            "            load average (1/5/15 min) before %s, after %s", loadBefore, loadAfter);
        report.line(
            "            goal: under 60 s for 100,000 opportunities on this 2-core machine: %s",
            s.opportunities() != 100_000
                ? "(measured at another size)"
                : seconds < 60 ? "met" : "NOT met");
        report.line(
            "baseline    COPY of the same rows in one transaction (%s = %,d rows, %.0f MB):",
            String.join(", ", perTable), rowCount, rowBytes / 1e6);
        report.line(
            "            into bare tables:                  %.2f s (best of %s)",
            bare.best(), bare.rounds());
        report.line(
            "            into tables with the real schema:  %.2f s (best of %s): keys, indexes, foreign keys",
            schema.best(), schema.rounds());
        report.line(
            "ratio       import / COPY (same rows, as rates) = %.3f of the bare COPY, %.3f of the schema COPY",
            bare.best() / seconds, schema.best() / seconds);
        report.line(
            "            (the import takes %.1f× the bare COPY's time, %.1f× the schema COPY's)",
            seconds / bare.best(), seconds / schema.best());
        report.line(
            "scoring     the workspace's scoring queue was empty %s after the answer (not in the import's time)",
            drain < 0
                ? "(not within " + s.scoringTimeout().toSeconds() + " s)"
                : String.format(Locale.ROOT, "%.1f s", drain / 1000.0));
        long rss = server.peakRssKib();
        report.line(
            "server      peak RSS (VmHWM) %s; JVM options: %s",
            rss < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", rss / 1024),
            s.jvm().isEmpty() ? "(defaults)" : String.join(" ", s.jvm()));
      } catch (Exception | Error e) {
        log.println("FAILED: " + e.getMessage());
        log.println("Last lines of the server log (" + serverLog + "):");
        log.println(server.tail());
        throw e;
      }
    } finally {
      http.shutdownNow();
    }
    return report.toString();
  }

  /** One answered import: its body, the nanoseconds from sending to the whole answer, and when. */
  private record Posted(String body, long nanos, long answeredAt, JsonMapper mapper) {
    JsonNode json() {
      return mapper.readTree(body);
    }
  }

  private Posted post(HttpClient http, HengelServer server, String token, byte[] csv)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(server.uri("/api/imports/pipeline?" + MAPPING))
            .timeout(Duration.ofMinutes(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "text/csv; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
            .build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST /api/imports/pipeline answered "
              + response.statusCode()
              + ": "
              + abbreviate(response.body()));
    }
    return new Posted(response.body(), nanos, System.currentTimeMillis(), json);
  }

  /**
   * Waits until the workspace's scoring queue is empty, so the baseline's COPY does not share the
   * machine with the scorer; answers the milliseconds from the import's answer, or -1 on timeout.
   */
  private long drainScoring(BenchDatabase db, long ws, long answeredAt)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + s.scoringTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (db.count("select count(*) from scoring_queue where workspace_id = " + ws) == 0) {
        return System.currentTimeMillis() - answeredAt;
      }
      Thread.sleep(250);
    }
    return -1;
  }

  /** The best of some COPY rounds, in seconds, and each round's time. */
  private record Copies(double best, String rounds) {}

  private Copies copies(
      BenchDatabase db, Map<String, List<byte[]>> rows, long expected, boolean withSchema)
      throws SQLException {
    double best = Double.MAX_VALUE;
    var rounds = new ArrayList<String>();
    for (int round = 1; round <= s.copyRounds(); round++) {
      long[] copied = db.copyTablesBaseline(rows, withSchema);
      require(copied[0] == expected, "COPY copied " + copied[0] + " rows, expected " + expected);
      double seconds = copied[1] / 1e9;
      rounds.add(String.format(Locale.ROOT, "%.2f s", seconds));
      best = Math.min(best, seconds);
      log.printf(
          Locale.ROOT,
          "  COPY into %s tables, round %d: %,d rows in %.2f s%n",
          withSchema ? "fully keyed" : "bare",
          round,
          copied[0],
          seconds);
    }
    return new Copies(best, String.join(", ", rounds));
  }

  private static long sum(JsonNode counts) {
    long total = 0;
    for (JsonNode n : counts) {
      total += n.asLong();
    }
    return total;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + "/" + f[1] + "/" + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
