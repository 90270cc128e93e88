package nl.hengel.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Events folded per second on one core, for the shipped 12-rule example definition (4 fit rules, 8
 * engagement rules with caps and decay, a 3-part gate) over 10,000 seeded leads of 1-40 events. The
 * baseline is a plain pass over the same events that touches each one, measured in the same run, so
 * the ratio says what the scoring itself costs.
 *
 * <p>Run: {@code ./mvnw -Pbench-engine verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class ScoringBenchmark {

  static final int LEADS = 10_000;

  List<ScoringLawsUnitTests.Lead> leads;
  List<Instant> asOf;
  Scoring scoring;
  long events;

  @Setup
  public void setup() {
    CompiledDefinition definition = Lint.compileValid(LintUnitTests.example());
    scoring = new Scoring(definition);
    var random = new Random(42);
    leads = new ArrayList<>(LEADS);
    asOf = new ArrayList<>(LEADS);
    for (int n = 0; n < LEADS; n++) {
      ScoringLawsUnitTests.Lead lead = ScoringLawsUnitTests.lead(definition, random, n);
      // Folds take events in order; sort once here as the database read does.
      var sorted = new ArrayList<>(lead.events());
      sorted.sort(Event.ORDER);
      leads.add(new ScoringLawsUnitTests.Lead(lead.facts(), sorted));
      asOf.add(ScoringLawsUnitTests.end(lead));
      events += sorted.size();
    }
  }

  /** The fold of every lead, without explanations (as re-evaluation and backtest run it). */
  @Benchmark
  public void fold(Blackhole sink) {
    for (int i = 0; i < LEADS; i++) {
      ScoringLawsUnitTests.Lead lead = leads.get(i);
      sink.consume(scoring.score(lead.facts(), lead.events(), asOf.get(i), false));
    }
  }

  /** The baseline: visit every event of every lead and read its time and type. */
  @Benchmark
  public void iterate(Blackhole sink) {
    for (int i = 0; i < LEADS; i++) {
      for (Event e : leads.get(i).events()) {
        sink.consume(e.at().toEpochMilli());
        sink.consume(e.type());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    var results =
        new Runner(new OptionsBuilder().include(ScoringBenchmark.class.getName()).build()).run();
    var probe = new ScoringBenchmark();
    probe.setup();
    double fold = 0;
    double iterate = 0;
    for (RunResult r : results) {
      double opsPerSecond = r.getPrimaryResult().getScore();
      if (r.getParams().getBenchmark().endsWith(".fold")) {
        fold = opsPerSecond * probe.events;
      } else {
        iterate = opsPerSecond * probe.events;
      }
    }
    System.out.printf(
        "%nEngine benchmark: %,d leads, %,d events, definition: %s%n",
        LEADS, probe.events, probe.scoring.definition().fastPathSummary());
    System.out.printf("  fold      %,14.0f events/s on one core%n", fold);
    System.out.printf(
        "  baseline  %,14.0f events/s (plain iteration over the same events)%n", iterate);
    System.out.printf("  ratio     %14.3f (fold / baseline)%n", fold / iterate);
  }
}
