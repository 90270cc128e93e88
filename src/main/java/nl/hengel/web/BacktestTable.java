package nl.hengel.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import nl.hengel.backtest.BacktestReport;
import nl.hengel.backtest.BacktestReport.Figures;
import nl.hengel.backtest.BacktestReport.Share;
import nl.hengel.engine.BacktestResult.Lift;
import nl.hengel.web.Chart.Kind;
import nl.hengel.web.Chart.Series;
import org.jspecify.annotations.Nullable;

/**
 * A backtest's report as the version page shows it: one row per figure with the candidate's value
 * beside the baseline's (formatted here, so the template only places them), and the MQLs per month
 * of both as a chart.
 */
public final class BacktestTable {

  /** One figure of both versions; the baseline's is null for a backtest run alone. */
  public record Row(String figure, String candidate, @Nullable String baseline, boolean group) {}

  private BacktestTable() {}

  static List<Row> rows(BacktestReport report) {
    Figures c = report.candidate();
    @Nullable Figures b = report.baseline();
    var rows = new ArrayList<Row>();
    add(rows, b, "Leads", c, f -> count(f.leads()));
    add(rows, b, "MQLs", c, f -> count(f.mqls()));
    group(rows, b, "Precision: MQLs that reached the stage within the horizon");
    add(rows, b, "sal", c, f -> share(f.precision().sal()));
    add(rows, b, "sql", c, f -> share(f.precision().sql()));
    add(rows, b, "won", c, f -> share(f.precision().won()));
    group(rows, b, "Base rate: all leads that reached the stage");
    add(rows, b, "sal", c, f -> share(f.baseRate().sal()));
    add(rows, b, "sql", c, f -> share(f.baseRate().sql()));
    add(rows, b, "won", c, f -> share(f.baseRate().won()));
    group(rows, b, "Lift: precision over base rate");
    add(rows, b, "sal", c, f -> ratio(f.liftOverBaseRate().sal()));
    add(rows, b, "sql", c, f -> ratio(f.liftOverBaseRate().sql()));
    add(rows, b, "won", c, f -> ratio(f.liftOverBaseRate().won()));
    group(rows, b, "Recall and speed");
    add(rows, b, "Won deals flagged MQL before the win", c, f -> share(f.recall().caught()));
    add(rows, b, "Median days MQL → won", c, f -> days(f.recall().medianLeadTimeDays()));
    add(rows, b, "Single-touch MQLs", c, f -> share(f.singleTouch()));
    add(rows, b, "Median days first touch → MQL", c, f -> days(f.medianDaysFirstTouchToMql()));
    group(rows, b, "Sales load: MQLs per owner per week");
    add(rows, b, "average", c, f -> decimal(f.salesLoad().average()));
    add(rows, b, "busiest owner-week", c, f -> count(f.salesLoad().max()));
    return rows;
  }

  /** The candidate's precision over the baseline's, per stage: sal ×1.20, … */
  static List<String> liftOverBaseline(BacktestReport report) {
    Lift lift = report.liftOverBaseline();
    if (lift == null) {
      return List.of();
    }
    return List.of(
        "sal " + ratio(lift.sal()), "sql " + ratio(lift.sql()), "won " + ratio(lift.won()));
  }

  /** MQLs per month (of the MQL moment, UTC) of both versions. */
  static Chart mqlsPerMonth(BacktestReport report) {
    var months = new TreeSet<String>(report.candidate().mqlsPerMonth().keySet());
    if (report.baseline() != null) {
      months.addAll(report.baseline().mqlsPerMonth().keySet());
    }
    var series = new ArrayList<Series>();
    series.add(perMonth(report.candidate(), months, "draft"));
    if (report.baseline() != null) {
      series.add(perMonth(report.baseline(), months, "baseline"));
    }
    return new Chart(Kind.BAR, "count", List.copyOf(months), series);
  }

  private static Series perMonth(Figures f, TreeSet<String> months, String role) {
    return new Series(
        "version " + f.version() + " (" + role + ")",
        months.stream().map(m -> f.mqlsPerMonth().getOrDefault(m, 0L)).toList());
  }

  private static void add(
      List<Row> rows,
      @Nullable Figures baseline,
      String figure,
      Figures candidate,
      Function<Figures, String> value) {
    rows.add(
        new Row(
            figure,
            value.apply(candidate),
            baseline == null ? null : value.apply(baseline),
            false));
  }

  private static void group(List<Row> rows, @Nullable Figures baseline, String title) {
    rows.add(new Row(title, "", baseline == null ? null : "", true));
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String share(Share s) {
    String of = count(s.count()) + " of " + count(s.of());
    return s.value() == null
        ? "– (" + of + ")"
        : String.format(Locale.ROOT, "%.1f %%", s.value() * 100) + " (" + of + ")";
  }

  static String ratio(@Nullable Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "×%.2f", value);
  }

  static String days(@Nullable Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.1f d", value);
  }

  static String decimal(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
