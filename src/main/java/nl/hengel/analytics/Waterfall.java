package nl.hengel.analytics;

import java.io.Writer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The waterfall of the leads in range: per group, how many leads reached each stage and the
 * conversion from each stage of the path to the next, and the same over all groups ({@code total}).
 */
public record Waterfall(
    ReportParameters parameters, List<Metric.Definition> definitions, List<Row> rows, Row total) {

  /** The CSV columns, in order. */
  public static final List<String> CSV_HEADER =
      List.of(
          "key",
          "leads",
          "nurture",
          "mql",
          "sal",
          "sql",
          "won",
          "lost",
          "disqualified",
          "leadToMql",
          "mqlToSal",
          "salToSql",
          "sqlToWon");

  /** One group: leads, leads that reached each stage, and the conversions along the path. */
  public record Row(
      String key,
      long leads,
      long nurture,
      long mql,
      long sal,
      long sql,
      long won,
      long lost,
      long disqualified,
      @Nullable Double leadToMql,
      @Nullable Double mqlToSal,
      @Nullable Double salToSql,
      @Nullable Double sqlToWon) {

    /** A row of these counts with its conversions. */
    public static Row of(
        String key,
        long leads,
        long nurture,
        long mql,
        long sal,
        long sql,
        long won,
        long lost,
        long disqualified) {
      return new Row(
          key,
          leads,
          nurture,
          mql,
          sal,
          sql,
          won,
          lost,
          disqualified,
          share(mql, leads),
          share(sal, mql),
          share(sql, sal),
          share(won, sql));
    }

    /** The rows' counts added up, under {@code key}. */
    static Row sum(String key, List<Row> rows) {
      return of(
          key,
          rows.stream().mapToLong(Row::leads).sum(),
          rows.stream().mapToLong(Row::nurture).sum(),
          rows.stream().mapToLong(Row::mql).sum(),
          rows.stream().mapToLong(Row::sal).sum(),
          rows.stream().mapToLong(Row::sql).sum(),
          rows.stream().mapToLong(Row::won).sum(),
          rows.stream().mapToLong(Row::lost).sum(),
          rows.stream().mapToLong(Row::disqualified).sum());
    }
  }

  /** {@code part / whole}, or absent when the whole is 0. */
  static @Nullable Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
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
        Csv.cell(r.leads()),
        Csv.cell(r.nurture()),
        Csv.cell(r.mql()),
        Csv.cell(r.sal()),
        Csv.cell(r.sql()),
        Csv.cell(r.won()),
        Csv.cell(r.lost()),
        Csv.cell(r.disqualified()),
        Csv.cell(r.leadToMql()),
        Csv.cell(r.mqlToSal()),
        Csv.cell(r.salToSql()),
        Csv.cell(r.sqlToWon()));
  }
}
