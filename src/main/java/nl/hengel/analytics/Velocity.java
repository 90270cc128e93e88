package nl.hengel.analytics;

import java.io.Writer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How fast the leads in range moved: per group and over all leads in range ({@code total}, one
 * computation, not a sum of the groups: percentiles do not add up), the median and 80th percentile
 * of the time between first entries of two stages and from first touch to won, in seconds (see
 * {@link Metric#VELOCITY}); leads whose span starts or ends at an implied entry are left out of it
 * and counted apart; {@code notes} say which and why.
 */
public record Velocity(
    ReportParameters parameters,
    List<Metric.Definition> definitions,
    List<Row> rows,
    Row total,
    List<Note> notes) {

  /** The CSV columns, in order: one row per group and span, then the total's. */
  public static final List<String> CSV_HEADER =
      List.of("key", "from", "to", "leads", "medianSeconds", "p80Seconds", "implied");

  /**
   * The spans measured, in this order: the path mql → sal → sql → won, first touch → won, the spans
   * to lost, and the sales cycle from acceptance.
   */
  public enum Span {
    MQL_TO_SAL("mql", "sal"),
    SAL_TO_SQL("sal", "sql"),
    SQL_TO_WON("sql", "won"),
    FIRST_TOUCH_TO_WON("first-touch", "won"),
    SQL_TO_LOST("sql", "lost"),
    SAL_TO_WON("sal", "won"),
    SAL_TO_LOST("sal", "lost");

    /** The start of {@link #FIRST_TOUCH_TO_WON}: not a stage, never implied. */
    public static final String FIRST_TOUCH = "first-touch";

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

    /** {@code sql→won}. */
    public String label() {
      return from + "→" + to;
    }

    /** Whether the span starts or ends at this stage's first entry. */
    public boolean touches(String stage) {
      return from.equals(stage) || to.equals(stage);
    }
  }

  /**
   * One span of one group: over how many leads it was measured ({@code leads}), its median and p80
   * (absent without leads), and how many leads entered both stages but were left out because one of
   * the two entries was implied ({@code implied}).
   */
  public record Duration(
      String from,
      String to,
      long leads,
      long implied,
      @Nullable Double medianSeconds,
      @Nullable Double p80Seconds) {}

  /** One group with its spans in {@link Span} order. */
  public record Row(String key, List<Duration> spans) {

    /** The duration of one span. */
    public Duration span(Span span) {
      return spans.get(span.ordinal());
    }
  }

  /** Writes one row per group and span as CSV, then the total's spans. */
  public void writeCsv(Writer out) {
    Csv.write(
        out,
        CSV_HEADER,
        csv -> {
          for (Row r : rows) {
            write(csv, r);
          }
          write(csv, total);
        });
  }

  private static void write(de.siegmar.fastcsv.writer.CsvWriter csv, Row r) {
    for (Duration d : r.spans()) {
      csv.writeRecord(
          r.key(),
          d.from(),
          d.to(),
          Csv.cell(d.leads()),
          Csv.cell(d.medianSeconds()),
          Csv.cell(d.p80Seconds()),
          Csv.cell(d.implied()));
    }
  }
}
