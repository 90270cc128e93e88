package nl.hengel.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.hengel.backtest.internal.History;
import nl.hengel.backtest.internal.Replay;
import nl.hengel.definition.CompiledVersion;
import nl.hengel.definition.FoldInputs;
import nl.hengel.engine.BacktestResult;
import nl.hengel.engine.Lint;
import nl.hengel.platform.WorkspaceId;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 7's bar for the backtest: at 1 M people / 20 M interactions on PostgreSQL, the wall time of
 * a backtest as a ratio to a raw sequential read of the same rows, measured in the same run; the
 * goal is within 2×.
 *
 * <p>Three measurements, repeated in rounds and alternated (a, b, c, a, b, c, …), each over the
 * whole workspace in one read-only transaction through the product's own classes, built without
 * Spring on one PostgreSQL connection:
 *
 * <ol>
 *   <li>(a) the raw read, {@link History#readRaw}: the very two queries the backtest streams
 *       (people with company, funnel outcomes and owner; interactions in (person, time) order),
 *       with the same fetch size, every column fetched with {@code getObject} and discarded — the
 *       floor;
 *   <li>(b) a backtest of one version alone: {@link History#stream} into a {@link Replay} without
 *       baseline (rows mapped to attributes and events, one fold per lead, the metrics);
 *   <li>(c) a backtest of a candidate against a baseline: two folds per lead, and the leads only
 *       one version flags explained under both (as a stored backtest job does).
 * </ol>
 *
 * <p>For each: wall time, leads and interactions per second, the ratio to (a) of the same round,
 * the peak heap (the sum of the heap pools' peak usage, reset after a GC just before the
 * measurement; an upper bound, as the pools peak at different moments) against {@code -Xmx}, GC
 * time, and the CPU the JVM, PostgreSQL and everything else on the machine used meanwhile (the
 * "other" share says whether the machine was busy with other work). Run with a small heap ({@code
 * -Xmx1g}, the profile's default) to show that the stream never holds the history.
 *
 * <p>The data is bench-analytics' fill: people have only an email (no stored person or company
 * attributes) and every interaction's attributes are {@code {}}, so the JSON parsing a real history
 * costs in row mapping is not in (b) and (c); the definitions' fit rules on company and title give
 * nothing, as for leads never enriched.
 *
 * <p>Run: {@code ./mvnw -q -Pbench-backtest verify -Dbench.args="--reuse"}; see {@code
 * -Dbench.args=-h}.
 */
@Command(
    name = "bench-backtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Measures a backtest on PostgreSQL against a raw read of the same rows, in the same run.",
      "",
      "Without --reuse, empties the database at --db-url (it must be named like *bench* unless",
      "--force) and fills it exactly as bench-analytics does (--people people, --interactions-per-",
      "person interactions each, funnel_lead rebuilt, analyzed). Always migrates it with Hengel's",
      "Flyway migrations first (a database filled by bench-analytics gets the backtest's tables).",
      "",
      "Then, --rounds times, alternating, over workspace 1 and the interactions before --to:",
      "  (a) raw read: the backtest's two queries (people with outcomes; interactions in (person,",
      "      time) order), streamed with the backtest's fetch size, every column read and discarded;",
      "  (b) backtest alone: the same rows streamed into the product's replay of one definition",
      "      version (rows mapped, one fold per lead, metrics over [--from, --to));",
      "  (c) backtest vs baseline: a candidate version against a baseline version, two folds per",
      "      lead, the leads only one of them flags explained under both.",
      "Prints per round and as the median: wall time, leads/s and interactions/s, the ratios",
      "(b)/(a) and (c)/(a) (goal: (b)/(a) within 2), peak heap (sum of heap pools' peaks, reset",
      "before each measurement) against -Xmx, GC time, and the CPU used by this JVM, PostgreSQL",
      "and other work on the machine. Also the MQLs each version finds and the differing leads.",
      "Writes the same to --out/report.txt.",
    })
public final class BacktestBenchmark implements Callable<Integer> {

  @Option(names = "--people", paramLabel = "N", defaultValue = "1000000")
  int people;

  @Option(names = "--interactions-per-person", paramLabel = "N", defaultValue = "20")
  int perPerson;

  @Option(
      names = "--db-url",
      paramLabel = "URL",
      defaultValue =
          "${env:HENGEL_BENCH_BACKTEST_URL:-jdbc:postgresql://localhost:5432/hengel_bench_analytics}")
  String url;

  @Option(names = "--db-user", paramLabel = "USER", defaultValue = "hengel")
  String user;

  @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "hengel")
  String password;

  @Option(names = "--force", description = "Allow a database not named like *bench*.")
  boolean force;

  @Option(names = "--reuse", description = "Measure the database as filled by an earlier run.")
  boolean reuse;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "3")
  int rounds;

  @Option(
      names = "--from",
      paramLabel = "INSTANT",
      defaultValue = "2025-01-01T00:00:00Z",
      description = "Start of the backtest range (default: ${DEFAULT-VALUE}).")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "INSTANT",
      defaultValue = "2027-08-01T00:00:00Z",
      description =
          "End of the range; interactions before it are read (default: ${DEFAULT-VALUE}, after"
              + " the last filled one).")
  Instant to;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench-backtest")
  Path out;

  static final WorkspaceId WS = new WorkspaceId(1);
  static final Duration HORIZON = Duration.ofDays(90);

  /**
   * The baseline version, written for the filled data: its people have only an email (no title,
   * company or other attributes, so the rules on those give nothing, as for leads that were never
   * enriched) and interactions of the types and campaigns the fill makes.
   */
  static final String BASELINE =
      """
      name: Bench lead definition
      owners: { marketing: anna@bench.example, sales: bram@bench.example }
      fit:
        - { name: business email, when: "person.email_domain != 'gmail.com'", points: 10 }
        - { name: named account, when: "person.email.endsWith('1@bench.example') || person.email.endsWith('4@bench.example') || person.email.endsWith('7@bench.example')", points: 10 }
        - { name: target country, when: "company.country in ['NL','BE','DE']", points: 10 }
        - { name: company size, when: "company.employees >= 50", points: 15 }
        - { name: decision maker, when: "person.seniority in ['c-level', 'director', 'vp']", points: 10 }
      engagement:
        half_life: 30d
        rules:
          - { name: whitepaper, when: "event.type == 'content_download'", points: 5, max_per: { count: 3, window: 30d } }
          - { name: webinar, when: "event.type == 'webinar_attended'", points: 8 }
          - { name: email click, when: "event.type == 'email_click'", points: 2, max_per: { count: 5, window: 7d } }
          - { name: spring campaign, when: "event.campaign.startsWith('campaign-1')", points: 3 }
          - { name: sales call, when: "event.type in ['call', 'meeting'] && event.department == 'sales'", points: 5 }
          - { name: unsubscribed, when: "event.type == 'email_unsubscribed'", points: -20 }
          - { name: complaint, when: "event.sentiment == 'negative' && event.department == 'service'", points: -10 }
      mql: "fit >= 20 && engagement >= 20 && touches.marketing >= 3"
      sla:
        accept_within: 8h
        first_contact_within: 24h
        business_hours: { zone: Europe/Amsterdam, days: MON-FRI, from: "09:00", to: "17:30" }
      recycle: { on_reject: nurture, min_nurture: 30d }
      contact_pressure: { marketing_per_week: 2 }
      """;

  /**
   * The candidate: a wider list of named accounts and a lower engagement bar, but one more
   * marketing touch required (so leads differ both ways).
   */
  static final String CANDIDATE =
      BASELINE
          .replace(
              "person.email.endsWith('7@bench.example')\"",
              "person.email.endsWith('7@bench.example') || person.email.endsWith('2@bench.example')\"")
          .replace(
              "engagement >= 20 && touches.marketing >= 3",
              "engagement >= 15 && touches.marketing >= 4");

  private final List<String> report = new ArrayList<>();
  private boolean streaming = true;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BacktestBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!CANDIDATE.contains("'2@bench.example')") || !CANDIDATE.contains("engagement >= 15")) {
      throw new IllegalStateException("the candidate is not a variant of the baseline");
    }
    var db = new BenchDatabase(url, user, password);
    if (!db.looksDisposable() && !force) {
      System.err.println("Refusing to empty " + db.name + ": not named like *bench* (--force).");
      return 2;
    }
    line(db.describeServer());
    if (!reuse) {
      line(db.recreate());
    }
    Flyway.configure().dataSource(url, user, password).load().migrate();
    if (!reuse) {
      var fill = new AnalyticsBenchmark();
      fill.people = people;
      fill.perPerson = perPerson;
      fill.fill(db);
    }
    line(
        String.format(
            Locale.ROOT,
            "data: %,d people, %,d interactions (%,d before %s); range [%s, %s), horizon %s",
            db.count("select count(*) from person where workspace_id = 1"),
            db.count("select count(*) from interaction where workspace_id = 1"),
            db.count(
                "select count(*) from interaction where workspace_id = 1 and occurred_at < '"
                    + to
                    + "'"),
            to,
            from,
            to,
            HORIZON));
    line(
        String.format(
            Locale.ROOT,
            "JVM %s, -Xmx %,d MB, %d cores",
            Runtime.version(),
            Runtime.getRuntime().maxMemory() >> 20,
            Runtime.getRuntime().availableProcessors()));
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

  /** One measurement's figures. */
  record Run(
      long nanos,
      long leads,
      long interactions,
      long peakHeap,
      long gcMillis,
      CpuMeter.Reading before,
      CpuMeter.Reading after,
      String result) {}

  private void measure(BenchDatabase db) {
    var source = new SingleConnectionDataSource(url, user, password, true);
    try {
      // DataSourceTransactionManager turns autocommit off for the read-only transaction, so the
      // driver streams with the fetch size instead of loading every row.
      var history =
          new History(
              source,
              new DataSourceTransactionManager(source),
              new FoldInputs(JsonMapper.builder().build()));
      var baseline = new CompiledVersion(1, 1, Lint.compileValid(BASELINE));
      var candidate = new CompiledVersion(2, 2, Lint.compileValid(CANDIDATE));
      var cpu = new CpuMeter(-1, db.name);
      long people = history.count(WS);

      var cases = new LinkedHashMap<String, List<Run>>();
      cases.put("(a) raw read", new ArrayList<>());
      cases.put("(b) backtest alone", new ArrayList<>());
      cases.put("(c) backtest vs baseline", new ArrayList<>());
      for (int round = 1; round <= rounds; round++) {
        for (Map.Entry<String, List<Run>> c : cases.entrySet()) {
          Run run =
              switch (c.getKey().charAt(1)) {
                case 'a' -> raw(history, people, cpu);
                case 'b' -> backtest(history, source, candidate, null, cpu);
                default -> backtest(history, source, candidate, baseline, cpu);
              };
          c.getValue().add(run);
          line(
              String.format(
                  Locale.ROOT,
                  "round %d %-26s %8.1f s  %s  %s",
                  round,
                  c.getKey(),
                  run.nanos() / 1e9,
                  heap(run),
                  machine(run)));
          if (!run.result().isEmpty()) {
            line("        " + run.result());
          }
        }
      }
      report(cases);
      line(
          streaming
              ? "every stream ran in a transaction (autocommit off): the driver fetched the rows in"
                  + " batches of the fetch size"
              : "WARNING: a stream ran with autocommit on: the driver read all its rows at once");
    } finally {
      source.destroy();
    }
  }

  private Run raw(History history, long people, CpuMeter cpu) {
    Probe probe = Probe.start(cpu);
    long rows = history.readRaw(WS, to);
    return probe.stop(people, rows - people, "");
  }

  private Run backtest(
      History history,
      SingleConnectionDataSource source,
      CompiledVersion candidate,
      CompiledVersion baseline,
      CpuMeter cpu) {
    var listener = new Differences();
    var replay = new Replay(candidate, baseline, from, to, HORIZON, listener);
    long[] interactions = {0};
    long[] checked = {0};
    Probe probe = Probe.start(cpu);
    history.stream(
        WS,
        to,
        lead -> {
          if (checked[0]++ == 0) {
            streaming &= streams(source);
          }
          interactions[0] += lead.events().size();
          replay.accept(lead);
        });
    String result =
        "candidate: "
            + mqls(replay.candidateResult())
            + (baseline == null
                ? ""
                : "; baseline: "
                    + mqls(replay.baselineResult())
                    + String.format(
                        Locale.ROOT,
                        "; %,d leads only the candidate flags, %,d only the baseline",
                        listener.candidateOnly,
                        listener.baselineOnly));
    return probe.stop(replay.leads(), interactions[0], result);
  }

  /**
   * Whether the connection is in a transaction (autocommit off), the condition for PostgreSQL's
   * driver to fetch a cursor's rows in batches of the fetch size rather than all at once.
   */
  private static boolean streams(SingleConnectionDataSource source) {
    try (var connection = source.getConnection()) {
      return !connection.getAutoCommit();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String mqls(BacktestResult r) {
    return String.format(
        Locale.ROOT,
        "%,d MQLs of %,d leads (%.1f%%), precision sal %.1f%%",
        r.mqls(),
        r.leads(),
        100.0 * r.mqls() / Math.max(1, r.leads()),
        100.0 * r.precision().sal().count() / Math.max(1, r.precision().sal().of()));
  }

  /** Counts the differing leads (their explanations are built by the replay all the same). */
  static final class Differences implements Replay.Listener {
    long candidateOnly;
    long baselineOnly;

    @Override
    public void replayed(long leads) {}

    @Override
    public void differs(Replay.Difference difference) {
      if (difference.candidateFlags()) {
        candidateOnly++;
      } else {
        baselineOnly++;
      }
    }
  }

  /** Wall time, heap peak, GC time and CPU of one measurement. */
  private record Probe(CpuMeter cpu, long gcMillis, CpuMeter.Reading before, long start) {

    static Probe start(CpuMeter cpu) {
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          pool.resetPeakUsage();
        }
      }
      return new Probe(cpu, gcTime(), cpu.read(), System.nanoTime());
    }

    Run stop(long leads, long interactions, String result) {
      long nanos = System.nanoTime() - start;
      CpuMeter.Reading after = cpu.read();
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      return new Run(nanos, leads, interactions, peak, gcTime() - gcMillis, before, after, result);
    }

    private static long gcTime() {
      long total = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        total += Math.max(0, gc.getCollectionTime());
      }
      return total;
    }
  }

  private static String heap(Run run) {
    return String.format(
        Locale.ROOT,
        "peak heap %,5d MB of %,d, GC %,6d ms",
        run.peakHeap() >> 20,
        Runtime.getRuntime().maxMemory() >> 20,
        run.gcMillis());
  }

  /** Cores used during the run by this JVM, by PostgreSQL for this database, and by the rest. */
  private static String machine(Run run) {
    double seconds = run.nanos() / 1e9;
    if (run.after().busy() == 0) {
      return "(CPU not measured on this system)";
    }
    double self = (run.after().driver() - run.before().driver()) / 100.0 / seconds;
    double postgres = (run.after().postgres() - run.before().postgres()) / 100.0 / seconds;
    double busy = (run.after().busy() - run.before().busy()) / 100.0 / seconds;
    return String.format(
        Locale.ROOT,
        "cores: JVM %.2f (%.1f s CPU), PostgreSQL %.2f, other %.2f",
        self,
        self * seconds,
        postgres,
        Math.max(0, busy - self - postgres));
  }

  private void report(Map<String, List<Run>> cases) {
    line("");
    line(
        String.format(
            Locale.ROOT,
            "%-26s %9s %9s %11s %14s %13s  %s",
            "median of " + rounds + " rounds",
            "wall s",
            "ratio",
            "leads/s",
            "interactions/s",
            "peak heap MB",
            "rounds' ratios"));
    long[] raw = cases.values().iterator().next().stream().mapToLong(Run::nanos).toArray();
    for (Map.Entry<String, List<Run>> c : cases.entrySet()) {
      List<Run> runs = c.getValue();
      double[] ratios = new double[runs.size()];
      for (int i = 0; i < runs.size(); i++) {
        ratios[i] = (double) runs.get(i).nanos() / raw[i];
      }
      long nanos = median(runs.stream().mapToLong(Run::nanos).toArray());
      long peak = runs.stream().mapToLong(Run::peakHeap).max().orElse(0);
      Run any = runs.getFirst();
      line(
          String.format(
              Locale.ROOT,
              "%-26s %9.1f %9.2f %,11.0f %,14.0f %13s  %s",
              c.getKey(),
              nanos / 1e9,
              median(ratios),
              any.leads() / (nanos / 1e9),
              any.interactions() / (nanos / 1e9),
              String.format(Locale.ROOT, "%,d", peak >> 20),
              Arrays.stream(ratios)
                  .mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                  .reduce((x, y) -> x + " " + y)
                  .orElse("")));
    }
    line(
        String.format(
            Locale.ROOT,
            "ratio: wall time over the raw read's of the same round, median over rounds; peak heap:"
                + " the highest over rounds, -Xmx %,d MB",
            Runtime.getRuntime().maxMemory() >> 20));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }
}
