package nl.hengel.analytics;

import java.io.Writer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How well sales kept its SLAs: per owner or team, and over all ({@code total}), the accept and
 * first-contact clocks started in range and the share met on time (see {@link
 * Metric#SLA_COMPLIANCE}), as of {@code asOf}.
 */
public record SlaCompliance(
    java.time.Instant asOf,
    ReportParameters parameters,
    List<Metric.Definition> definitions,
    List<Row> rows,
    Row total) {

  /** The CSV columns, in order: one row per group and kind. */
  public static final List<String> CSV_HEADER =
      List.of("key", "kind", "clocks", "onTime", "late", "stopped", "running", "share");

  /**
   * The clocks of one kind: those that count ({@code clocks} = on time + late), the ones stopped
   * and the ones running and not yet due, and the share on time (absent when none count).
   */
  public record Clocks(
      long clocks, long onTime, long late, long stopped, long running, @Nullable Double share) {

    public static Clocks of(long onTime, long late, long stopped, long running) {
      return new Clocks(
          onTime + late, onTime, late, stopped, running, Waterfall.share(onTime, onTime + late));
    }

    static final Clocks NONE = of(0, 0, 0, 0);

    Clocks plus(Clocks o) {
      return of(onTime + o.onTime, late + o.late, stopped + o.stopped, running + o.running);
    }
  }

  /** One owner or team: its accept clocks and its first-contact clocks. */
  public record Row(String key, Clocks accept, Clocks firstContact) {}

  /** Writes one row per group and kind, then the totals, as CSV. */
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
    for (var kind : List.of("accept", "first_contact")) {
      Clocks c = kind.equals("accept") ? r.accept() : r.firstContact();
      csv.writeRecord(
          r.key(),
          kind,
          Csv.cell(c.clocks()),
          Csv.cell(c.onTime()),
          Csv.cell(c.late()),
          Csv.cell(c.stopped()),
          Csv.cell(c.running()),
          Csv.cell(c.share()));
    }
  }
}
