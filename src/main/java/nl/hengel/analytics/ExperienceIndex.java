package nl.hengel.analytics;

import java.io.Writer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The experience index of the interactions in range: per department or month, and over all ({@code
 * total}), the share of positive interactions (see {@link Metric#EXPERIENCE_INDEX}).
 */
public record ExperienceIndex(
    ReportParameters parameters, List<Metric.Definition> definitions, List<Row> rows, Row total) {

  /** The CSV columns, in order. */
  public static final List<String> CSV_HEADER =
      List.of("key", "interactions", "positive", "neutral", "negative", "index");

  /** One department or month: its interactions by sentiment and positive / all. */
  public record Row(
      String key,
      long interactions,
      long positive,
      long neutral,
      long negative,
      @Nullable Double index) {

    public static Row of(String key, long positive, long neutral, long negative) {
      long all = positive + neutral + negative;
      return new Row(key, all, positive, neutral, negative, Waterfall.share(positive, all));
    }

    static Row sum(String key, List<Row> rows) {
      return of(
          key,
          rows.stream().mapToLong(Row::positive).sum(),
          rows.stream().mapToLong(Row::neutral).sum(),
          rows.stream().mapToLong(Row::negative).sum());
    }
  }

  /** Writes the rows and then the total as CSV. */
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
    csv.writeRecord(
        r.key(),
        Csv.cell(r.interactions()),
        Csv.cell(r.positive()),
        Csv.cell(r.neutral()),
        Csv.cell(r.negative()),
        Csv.cell(r.index()));
  }
}
