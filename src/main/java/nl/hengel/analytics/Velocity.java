package nl.hengel.analytics;

import java.io.Writer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How fast the leads in range moved: per group, the median and 80th percentile of the time from
 * each stage to the next and from first touch to won, in seconds (see {@link Metric#VELOCITY}).
 */
public record Velocity(
    ReportParameters parameters, List<Metric.Definition> definitions, List<Row> rows) {

  /** The CSV columns, in order: one row per group and span. */
  public static final List<String> CSV_HEADER =
      List.of("key", "from", "to", "leads", "medianSeconds", "p80Seconds");

  /** The spans measured, in this order. */
  public enum Span {
    MQL_TO_SAL("mql", "sal"),
    SAL_TO_SQL("sal", "sql"),
    SQL_TO_WON("sql", "won"),
    FIRST_TOUCH_TO_WON("first-touch", "won");

    private final String from;
    private final String to;

    Span(String from, String to) {
      this.from = from;
      this.to = to;
    }

    public String from() {
      return from;
    }

    public String to() {
      return to;
    }
  }

  /** One span of one group: over how many leads, its median and p80 (absent without leads). */
  public record Duration(
      String from,
      String to,
      long leads,
      @Nullable Double medianSeconds,
      @Nullable Double p80Seconds) {}

  /** One group with its spans in {@link Span} order. */
  public record Row(String key, List<Duration> spans) {}

  /** Writes one row per group and span as CSV. */
  public void writeCsv(Writer out) {
    Csv.write(
        out,
        CSV_HEADER,
        csv -> {
          for (Row r : rows) {
            for (Duration d : r.spans()) {
              csv.writeRecord(
                  r.key(),
                  d.from(),
                  d.to(),
                  Csv.cell(d.leads()),
                  Csv.cell(d.medianSeconds()),
                  Csv.cell(d.p80Seconds()));
            }
          }
        });
  }
}
