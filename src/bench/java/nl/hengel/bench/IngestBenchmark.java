package nl.hengel.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
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
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ingest bar of DESIGN.md §6: interactions committed end to end per second through the HTTP
 * batch API of a real Hengel server on PostgreSQL, as a ratio to a raw PostgreSQL {@code COPY} of
 * the same rows measured in the same run; then the latency of single-item posts at a fixed rate.
 */
@Command(
    name = "bench-ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Measures Hengel's ingest on PostgreSQL, end to end, against a raw COPY baseline of the same rows.",
      "",
      "Empties the database at --db-url (it must be named like *bench* unless --force), starts the built",
      "jar as a separate server on it, creates a workspace and token with the jar's CLI, and then:",
      "  1. ingests N generated interactions (seeded, so every run sends the same) for M people through",
      "     POST /api/interactions/batch from --clients concurrent clients, checking that every item of",
      "     every answer is stored, and times it from the first request to the last answer;",
      "  2. copies exactly the stored rows (COPY interaction TO STDOUT) into a bare table with the same",
      "     columns and no keys, indexes or constraints with one COPY ... FROM STDIN, --copy-rounds times,",
      "     and takes the best round as the baseline, so a slow round never flatters the ratio; then the",
      "     same into a table with interaction's keys, indexes and foreign key, to show what the schema",
      "     alone costs;",
      "  3. posts single interactions (POST /api/interactions) at --latency-rate per second for",
      "     --latency-seconds, open loop, part by new people and part by people seen before, and reports",
      "     the latency percentiles counted from each request's due time.",
      "Prints a report (also written to --out/report.txt) and stops the server, also on failure.",
      "Request bodies and the COPY data are prepared in memory before the clock starts.",
      "",
      "With --pipeline N it measures the pipeline import instead (issue 13's bar: 100,000 opportunities",
      "in under 60 s): it generates a seeded CRM export of N opportunities (opportunity_id, sales_agent,",
      "product, account, deal_stage, engage_date, close_date, close_value), imports --pipeline-warmup",
      "others in a workspace of their own, then POSTs the export to /api/imports/pipeline as the admin",
      "of a new workspace (owners created, stages, dates and values mapped) and times it from the request",
      "to the answer; after the scoring queue has drained it COPYs the person, person_key, lead and",
      "lead_transition rows the import stored, in one transaction, into bare tables and into tables with",
      "the real keys, indexes and foreign keys (--copy-rounds each, the best counts), and prints the",
      "ratios. Of the options below, --seed, the database, --jar, --copy-rounds, --server-jvm-option,",
      "--jfr and --out apply to it; the interaction and latency options do not.",
    },
    footer = {
      "",
      "Exit code 0 when every interaction was stored and every single post answered 201 (with",
      "--pipeline: when every opportunity was imported with all its stage changes), else 1."
    })
public final class IngestBenchmark implements Callable<Integer> {

  @Option(
      names = "--interactions",
      paramLabel = "N",
      description = "Interactions to ingest (default: ${DEFAULT-VALUE}).")
  int interactions = 1_000_000;

  @Option(
      names = "--people",
      paramLabel = "M",
      description = "People they fall on (default: ${DEFAULT-VALUE}).")
  int people = 100_000;

  @Option(
      names = "--pipeline",
      paramLabel = "N",
      description =
          "Measure the pipeline import of a CRM export of N opportunities instead (see above); "
              + "0 measures the interaction ingest (default: ${DEFAULT-VALUE}).")
  int pipeline = 0;

  @Option(
      names = "--pipeline-warmup",
      paramLabel = "N",
      description =
          "Opportunities imported into another workspace before the clock starts, so the "
              + "server's JIT is warm; 0 measures a cold server (default: ${DEFAULT-VALUE}).")
  int pipelineWarmup = 10_000;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--db-url",
      paramLabel = "URL",
      description = "PostgreSQL database to empty and use (default: ${DEFAULT-VALUE}).")
  String dbUrl = "jdbc:postgresql://localhost:5432/hengel_bench";

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Its user; needs CREATEDB to recreate it (default: ${DEFAULT-VALUE}).")
  String dbUser = "hengel";

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      description = "Its password (default: ${DEFAULT-VALUE}).")
  String dbPassword = "hengel";

  @Option(
      names = "--force",
      description = "Empty the database even when its name does not contain 'bench'.")
  boolean force;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "The Hengel jar to run (default: ${DEFAULT-VALUE}).")
  Path jar = Path.of("target/hengel.jar");

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Batch body format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.ndjson;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Interactions per batch request, at most 20,000 (default: ${DEFAULT-VALUE}).")
  int batchSize = 5_000;

  @Option(
      names = "--clients",
      paramLabel = "N",
      description = "Concurrent batch clients (default: ${DEFAULT-VALUE}).")
  int clients = 3;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description =
          "Interactions ingested (by other people) before the clock starts, "
              + "so the server's JIT is warm; 0 measures a cold server (default: ${DEFAULT-VALUE}).")
  int warmup = 20_000;

  @Option(
      names = "--copy-rounds",
      paramLabel = "N",
      description = "COPY rounds into each table; the best counts (default: ${DEFAULT-VALUE}).")
  int copyRounds = 2;

  @Option(
      names = "--latency-rate",
      paramLabel = "PER_SECOND",
      description = "Single posts per second (default: ${DEFAULT-VALUE}).")
  int latencyRate = 150;

  @Option(
      names = "--latency-seconds",
      paramLabel = "SECONDS",
      description =
          "Seconds of measured single posts; 0 skips the latency part (default: ${DEFAULT-VALUE}).")
  int latencySeconds = 30;

  @Option(
      names = "--latency-warmup-seconds",
      paramLabel = "SECONDS",
      description =
          "Seconds of single posts at the same rate before measuring (default: ${DEFAULT-VALUE}).")
  int latencyWarmupSeconds = 10;

  @Option(
      names = "--latency-new-people",
      paramLabel = "SHARE",
      description =
          "Share of single posts by people never seen before; "
              + "the rest are by people from the ingested data (default: ${DEFAULT-VALUE}).")
  double latencyNewPeople = 0.3;

  @Option(
      names = "--server-jvm-option",
      paramLabel = "OPTION",
      description = "An option for the server's JVM, e.g. --server-jvm-option=-Xmx1g (repeatable).")
  List<String> serverJvmOptions = new ArrayList<>();

  @Option(
      names = "--jfr",
      description =
          "Record the server with Java Flight Recorder (profile settings) into --out/server.jfr.")
  boolean jfr;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Directory for the report, the server log and the recording (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("target/bench-ingest");

  enum Format {
    ndjson,
    json
  }

  private final PrintStream log = System.err;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (Runtime.version().feature() < 21) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "Needs a JDK 21 or newer, runs on " + Runtime.version());
    }
    if (interactions < 1
        || people < 1
        || batchSize < 1
        || batchSize > 20_000
        || clients < 1
        || copyRounds < 1
        || warmup < 0
        || latencyRate < 1
        || latencySeconds < 0
        || latencyWarmupSeconds < 0
        || latencyNewPeople < 0
        || latencyNewPeople > 1
        || pipeline < 0
        || pipelineWarmup < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "Need --interactions, --people, --clients, --copy-rounds, --latency-rate >= 1, --batch-size 1-20000, "
              + "--warmup, --latency-*-seconds, --pipeline and --pipeline-warmup >= 0, "
              + "--latency-new-people 0-1.");
    }
    var db = new BenchDatabase(dbUrl, dbUser, dbPassword);
    if (!db.looksDisposable() && !force) {
      log.println(
          "Refusing to empty database '"
              + db.name
              + "': its name does not contain 'bench'. "
              + "Point --db-url at a benchmark database, or add --force if this one may really be wiped.");
      return 1;
    }
    Files.createDirectories(out);
    if (pipeline > 0) {
      String text =
          new PipelineImportBench(
                  new PipelineImportBench.Settings(
                      db,
                      jar,
                      serverJvm(),
                      out,
                      pipeline,
                      pipelineWarmup,
                      seed,
                      copyRounds,
                      Duration.ofMinutes(10)),
                  log)
              .run();
      finish(text);
      return 0;
    }
    var report = new Report();
    var data = new SyntheticTimeline(seed, people);

    log.println(
        "Preparing "
            + String.format(Locale.ROOT, "%,d", interactions)
            + " interactions in "
            + format
            + " batches of "
            + batchSize
            + "...");
    var bodies = new ArrayList<byte[]>();
    var sizes = new ArrayList<Integer>();
    long bytes = 0;
    for (long from = 0; from < interactions; from += batchSize) {
      long to = Math.min(interactions, from + batchSize);
      byte[] body = data.body(from, to, format == Format.ndjson);
      bodies.add(body);
      sizes.add((int) (to - from));
      bytes += body.length;
    }
    log.println("  " + db.recreate());
    report.line("Hengel ingest benchmark, %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
    report.line(
        "machine     %d cores, JDK %s, %s",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), db.describeServer());
    report.line(
        "data        %,d interactions on %,d people (seed %d), %,d company domains + free-mail, 2025; %.0f MB of %s",
        interactions, people, seed, SyntheticTimeline.COMPANY_DOMAINS, bytes / 1e6, format);

    List<String> jvm = serverJvm();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(Math.max(4, clients)))
            .build();
    Path serverLog = out.resolve("server.log");
    log.println("Starting " + jar + " on " + db.url + " (log: " + serverLog + ")...");
    try (var server = HengelServer.start(jar, db, jvm, serverLog)) {
      try {
        server.awaitHealthy(http, Duration.ofMinutes(2));
        HengelServer.Workspace ws = server.createWorkspace("bench", "bench@hengel.example");
        var cpu = new CpuMeter(server.pid(), db.name);
        var ingest =
            new BatchIngest(
                http, server.uri("/api/interactions/batch"), ws.token(), format == Format.ndjson);

        if (warmup > 0) {
          log.println(
              "Warming up with " + String.format(Locale.ROOT, "%,d", warmup) + " interactions...");
          var warmSizes = new ArrayList<Integer>();
          var warm = warmupBodies(data, warmSizes);
          ingest.run(warm, warmSizes.stream().mapToInt(Integer::intValue).toArray(), clients, log);
        }

        log.println(
            "Ingesting through POST /api/interactions/batch with " + clients + " clients...");
        CpuMeter.Reading before = cpu.read();
        BatchIngest.Result result =
            ingest.run(bodies, sizes.stream().mapToInt(Integer::intValue).toArray(), clients, log);
        CpuMeter.Reading after = cpu.read();
        bodies = null; // let the collector have them
        long inTable = db.count("select count(*) from interaction where external_id like 'evt-%'");
        if (result.stored() != interactions || inTable != interactions) {
          throw new IllegalStateException(
              "Answers said "
                  + result.stored()
                  + " stored, the table holds "
                  + inTable
                  + ", expected "
                  + interactions);
        }
        double e2e = interactions / (result.nanos() / 1e9);
        long peopleInTable =
            db.count("select count(*) from person where email is null or email not like 'warm.%'");

        log.println("Exporting the stored rows for the COPY baseline...");
        List<byte[]> rows = db.exportInteractions("evt-");
        long rowBytes = rows.stream().mapToLong(r -> r.length).sum();
        // Let PostgreSQL finish what the ingest left it (autovacuum of the new table) before timing
        // COPY.
        db.execute("vacuum (analyze) interaction");
        Copies bare = copies(db, rows, false);
        Copies schema = copies(db, rows, true);
        rows = null;

        report.line("");
        report.line(
            "end to end  %,d interactions in %.1f s = %,.0f interactions/s",
            interactions, result.nanos() / 1e9, e2e);
        report.line(
            "            POST /api/interactions/batch, %s, %,d per batch, %d clients; every item stored",
            format, batchSize, clients);
        report.line(
            "            batch round trip p50 %,d ms, max %,d ms; %,d people created (%,d distinct in answers)",
            result.batchMillis().getValueAtPercentile(50),
            result.batchMillis().getMaxValue(),
            peopleInTable,
            result.distinctPeople());
        report.line("            CPU: %s", CpuMeter.between(before, after, interactions));
        report.line(
            "baseline    COPY of the same rows (%.0f MB) into a bare table: %,.0f rows/s (best of %s)",
            rowBytes / 1e6, bare.best(), bare.rounds());
        report.line("ratio       end to end / COPY = %.3f   (goal >= 0.25)", e2e / bare.best());
        report.line(
            "schema      COPY of the same rows into a table with interaction's keys, indexes and person FK:");
        report.line(
            "            %,.0f rows/s (best of %s) = %.3f of the bare COPY; end to end is %.2f of it",
            schema.best(), schema.rounds(), schema.best() / bare.best(), e2e / schema.best());

        if (latencySeconds > 0) {
          var probe = new LatencyProbe(http, server.uri("/api/interactions"), ws.token());
          if (latencyWarmupSeconds > 0) {
            log.println(
                "Single posts: "
                    + latencyWarmupSeconds
                    + " s of warm-up at "
                    + latencyRate
                    + "/s...");
            LatencyProbe.Result warm =
                probe.run(latencyRate, latencyWarmupSeconds, i -> single(data, "latw", i));
            failOn(warm.failures());
          }
          log.println("Single posts: " + latencySeconds + " s at " + latencyRate + "/s...");
          CpuMeter.Reading latencyBefore = cpu.read();
          LatencyProbe.Result latency =
              probe.run(latencyRate, latencySeconds, i -> single(data, "lat", i));
          CpuMeter.Reading latencyAfter = cpu.read();
          failOn(latency.failures());
          Histogram h = latency.micros();
          report.line("");
          report.line(
              "single post %,d × POST /api/interactions at %d/s for %d s, open loop (%.0f%% new people): all 201",
              latency.requests(), latencyRate, latencySeconds, latencyNewPeople * 100);
          report.line(
              "            p50 %s, p90 %s, p99 %s, max %s",
              ms(h.getValueAtPercentile(50)),
              ms(h.getValueAtPercentile(90)),
              ms(h.getValueAtPercentile(99)),
              ms(h.getMaxValue()));
          report.line(
              "            CPU: %s",
              CpuMeter.between(latencyBefore, latencyAfter, latency.requests()));
        }
        long rss = server.peakRssKib();
        report.line("");
        report.line(
            "server      peak RSS (VmHWM) %s; JVM options: %s",
            rss < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", rss / 1024),
            jvm.isEmpty() ? "(defaults)" : String.join(" ", jvm));
      } catch (Exception | Error e) {
        log.println("FAILED: " + e.getMessage());
        log.println("Last lines of the server log (" + serverLog + "):");
        log.println(server.tail());
        throw e;
      }
    } finally {
      http.shutdownNow();
    }
    finish(report.toString());
    return 0;
  }

  /** The server's JVM options: those given, and the flight recorder when asked for. */
  private List<String> serverJvm() {
    var jvm = new ArrayList<>(serverJvmOptions);
    if (jfr) {
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + out.resolve("server.jfr").toAbsolutePath()
              + ",settings=profile,dumponexit=true");
    }
    return jvm;
  }

  /** Prints the report and writes it to --out/report.txt. */
  private void finish(String text) throws java.io.IOException {
    System.out.println();
    System.out.print(text);
    Files.writeString(out.resolve("report.txt"), text, StandardCharsets.UTF_8);
    if (jfr) {
      log.println(
          "Flight recording: "
              + out.resolve("server.jfr")
              + " (jfr print --events jdk.ExecutionSample ...)");
    }
  }

  /** The COPY rates of some rounds: the best, and each round's time. */
  private record Copies(double best, String rounds) {}

  private Copies copies(BenchDatabase db, List<byte[]> rows, boolean withSchema)
      throws SQLException {
    double best = 0;
    var rounds = new ArrayList<String>();
    for (int round = 1; round <= copyRounds; round++) {
      long[] copied = db.copyBaseline(rows, withSchema);
      if (copied[0] != interactions) {
        throw new IllegalStateException(
            "COPY copied " + copied[0] + " rows, expected " + interactions);
      }
      double rate = copied[0] / (copied[1] / 1e9);
      rounds.add(String.format(Locale.ROOT, "%.2f s", copied[1] / 1e9));
      best = Math.max(best, rate);
      log.printf(
          "  COPY into a %s table, round %d: %,d rows in %.2f s (%,.0f rows/s)%n",
          withSchema ? "fully indexed" : "bare", round, copied[0], copied[1] / 1e9, rate);
    }
    return new Copies(best, String.join(", ", rounds));
  }

  /**
   * Warm-up batches: other people, on companies of their own, so the measured run starts as cold in
   * data.
   */
  private List<byte[]> warmupBodies(SyntheticTimeline data, List<Integer> sizes) {
    var result = new ArrayList<byte[]>();
    var lines = new ArrayList<String>();
    for (int k = 0; k < warmup; k++) {
      String email = "warm." + (k % Math.max(1, warmup / 10)) + "@warm-" + (k % 500) + ".example";
      lines.add(SyntheticTimeline.json(data.item(k, email, "warm")));
      if (lines.size() == batchSize || k == warmup - 1) {
        String body =
            format == Format.ndjson
                ? String.join("\n", lines) + "\n"
                : "[" + String.join(",", lines) + "]";
        result.add(body.getBytes(StandardCharsets.UTF_8));
        sizes.add(lines.size());
        lines.clear();
      }
    }
    return result;
  }

  /**
   * Single post {@code i}: by a new person (sometimes of a new company) or by a person seen before.
   */
  private String single(SyntheticTimeline data, String prefix, int i) {
    var r = new SplittableRandom(seed * 31 + prefix.hashCode() * 1_000_003L + i);
    String email;
    if (r.nextDouble() < latencyNewPeople) {
      String domain =
          r.nextDouble() < 0.2
              ? "new-" + prefix + "-" + i + ".example"
              : SyntheticTimeline.companyDomain(r.nextInt(SyntheticTimeline.COMPANY_DOMAINS));
      email = "new." + prefix + "." + i + "@" + domain;
    } else {
      email = data.email(data.personOf(r.nextLong(interactions)));
    }
    return SyntheticTimeline.json(data.item(i, email, prefix));
  }

  private static void failOn(List<String> failures) {
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          failures.size() + " single posts failed; first: " + failures.getFirst());
    }
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  /** The report's lines, ready to paste. */
  static final class Report {
    private final StringBuilder text = new StringBuilder();

    void line(String format, Object... args) {
      text.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
