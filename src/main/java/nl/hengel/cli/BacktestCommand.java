package nl.hengel.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import nl.hengel.access.Workspace;
import nl.hengel.backtest.BacktestReport;
import nl.hengel.backtest.BacktestReport.Figures;
import nl.hengel.backtest.BacktestReport.Share;
import nl.hengel.backtest.BacktestRun;
import nl.hengel.backtest.Backtests;
import nl.hengel.engine.BacktestResult.Lift;
import nl.hengel.platform.Problem;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** A backtest on the command line, run in this process, its report as a table or JSON. */
@Command(
    name = "backtest",
    sortOptions = false,
    description = {
      "Replays every lead of the workspace under a definition version (a draft or any",
      "other), strictly as of each moment, and scores its MQLs against what really",
      "happened: MQLs per month, precision (share of MQLs that reached sal, sql and won",
      "within --horizon), base rate and lift, recall (won deals flagged MQL before the",
      "win, and how long before), single-touch MQLs, median time from first touch to",
      "MQL, sales load (MQLs per owner per week).",
      "",
      "Side by side with a baseline: the active version by default, --baseline N for",
      "another, --alone for none. --differences FILE writes the leads only one of them",
      "flags, with both explanations, as CSV.",
      "",
      "Point in time: interactions count from their own time only; person and company",
      "attributes are not historised, so fit rules see today's attributes. Outcomes",
      "(first sal, sql, won) come from the lifecycle's history and only score the",
      "backtest. The run is stored; the API shows it under /api/backtests.",
      "",
    })
final class BacktestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HistoryOptions history;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "EMAIL",
      description = "The member running it (any role), recorded on the run.")
  String actor;

  @Option(
      names = {"-v", "--version"},
      required = true,
      paramLabel = "N",
      description = "The definition version to backtest.")
  int version;

  @Option(
      names = "--horizon",
      paramLabel = "SPAN",
      description =
          "How long after the MQL moment an outcome counts as predicted: 90d, 8w, P30D. Default: 90d.")
  String horizon;

  @Option(
      names = {"-b", "--baseline"},
      paramLabel = "N",
      description = "Compare with this version. Default: the active version.")
  Integer baseline;

  @Option(names = "--alone", description = "No baseline, not even the active version.")
  boolean alone;

  @Option(
      names = "--differences",
      paramLabel = "FILE",
      description = "Write the leads only one version flags to FILE as CSV.")
  Path differences;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (the run with its report). Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() {
    String shape = format.trim().toLowerCase(Locale.ROOT);
    if (!List.of("table", "json").contains(shape)) {
      throw Problem.badRequest(
          "cli.invalid-format", "--format is table or json, not '" + format + "'.");
    }
    Backtests.Request request =
        Backtests.Request.parse(version, history.from, history.to, horizon, baseline, alone);
    try (var context = Spring.offline()) {
      Workspace ws = Lookups.workspace(context, history.workspace);
      Backtests backtests = context.getBean(Backtests.class);
      BacktestRun run = backtests.run(ws.id(), Lookups.caller(context, ws, actor), request);
      PrintWriter out = spec.commandLine().getOut();
      if (run.status() != BacktestRun.Status.DONE) {
        spec.commandLine().getErr().println("Backtest " + run.id() + " failed: " + run.error());
        return 1;
      }
      if (differences != null && run.baselineVersion() != null) {
        try (Writer file = Files.newBufferedWriter(differences, StandardCharsets.UTF_8)) {
          backtests.writeDifferences(ws.id(), run.id(), file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (shape.equals("json")) {
        out.println(
            context
                .getBean(JsonMapper.class)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(run));
      } else {
        table(out, run);
      }
      out.flush();
      return 0;
    }
  }

  private void table(PrintWriter out, BacktestRun run) {
    BacktestReport report = run.report();
    Figures a = report.candidate();
    Figures b = report.baseline();
    out.printf(
        "Backtest %d of version %d%s, %s to %s, horizon %d days, %d leads%n%n",
        run.id(),
        run.version(),
        b == null ? " alone" : " against version " + b.version(),
        run.from(),
        run.to(),
        run.horizon().toDays(),
        a.leads());
    out.printf(
        "%-34s %14s%s%n",
        "",
        "version " + a.version(),
        b == null ? "" : String.format("%14s", "version " + b.version()));
    row(out, "MQLs", a, b, f -> String.valueOf(f.mqls()));
    row(out, "precision: reached sal", a, b, f -> share(f.precision().sal()));
    row(out, "precision: reached sql", a, b, f -> share(f.precision().sql()));
    row(out, "precision: won", a, b, f -> share(f.precision().won()));
    row(out, "base rate: reached sal", a, b, f -> share(f.baseRate().sal()));
    row(out, "base rate: reached sql", a, b, f -> share(f.baseRate().sql()));
    row(out, "base rate: won", a, b, f -> share(f.baseRate().won()));
    row(out, "lift over base rate (sql)", a, b, f -> ratio(f.liftOverBaseRate().sql()));
    row(out, "recall: won deals caught", a, b, f -> share(f.recall().caught()));
    row(out, "median days MQL before win", a, b, f -> days(f.recall().medianLeadTimeDays()));
    row(out, "single-touch MQLs", a, b, f -> share(f.singleTouch()));
    row(out, "median days first touch to MQL", a, b, f -> days(f.medianDaysFirstTouchToMql()));
    row(
        out,
        "MQLs per owner per week (avg)",
        a,
        b,
        f -> String.format(Locale.ROOT, "%.2f", f.salesLoad().average()));
    row(out, "MQLs per owner per week (max)", a, b, f -> String.valueOf(f.salesLoad().max()));
    if (b != null) {
      Lift lift = report.liftOverBaseline();
      out.printf(
          "%nLift of version %d's precision over version %d's: sal %s, sql %s, won %s%n",
          a.version(), b.version(), ratio(lift.sal()), ratio(lift.sql()), ratio(lift.won()));
      out.printf(
          "Leads only version %d flags: %d; only version %d flags: %d%s%n",
          a.version(),
          report.differences().candidateOnly(),
          b.version(),
          report.differences().baselineOnly(),
          differences == null
              ? " (--differences FILE lists them)"
              : " (written to " + differences + ")");
    }
    if (report.implied() != null) {
      out.printf("%nNote: %s%n", report.implied().note());
    }
    var months = new TreeSet<>(a.mqlsPerMonth().keySet());
    if (b != null) {
      months.addAll(b.mqlsPerMonth().keySet());
    }
    if (!months.isEmpty()) {
      out.printf("%nMQLs per month%n");
      for (String month : months) {
        out.printf(
            "  %-32s %14d%s%n",
            month,
            a.mqlsPerMonth().getOrDefault(month, 0L),
            b == null ? "" : String.format("%14d", b.mqlsPerMonth().getOrDefault(month, 0L)));
      }
    }
  }

  private static void row(
      PrintWriter out,
      String label,
      Figures a,
      @Nullable Figures b,
      Function<Figures, String> cell) {
    out.printf(
        "%-34s %14s%s%n",
        label, cell.apply(a), b == null ? "" : String.format("%14s", cell.apply(b)));
  }

  private static String share(Share s) {
    return s.value() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * s.value());
  }

  private static String ratio(@Nullable Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.2f×", value);
  }

  private static String days(@Nullable Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }
}
