package nl.hengel.analytics;

import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The waterfall of the leads in range: per group, how many leads reached each stage, the conversion
 * from each stage of the path to the next, the value of its won deals and of its open pipeline, and
 * the same over all groups ({@code total}); {@code notes} say what makes a figure less than it
 * seems.
 */
public record Waterfall(
    ReportParameters parameters,
    List<Metric.Definition> definitions,
    List<Row> rows,
    Row total,
    List<Note> notes) {

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
          "sqlToWon",
          "wonValue",
          "wonCurrency",
          "pipelineValue",
          "pipelineCurrency");

  /**
   * One group: leads, leads that reached each stage, the conversions along the path, the value of
   * the won leads' deals and of the deals of leads in an open stage (new, mql, sal, sql).
   */
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
      @Nullable Double sqlToWon,
      DealValue wonValue,
      DealValue pipelineValue) {

    /** A row of these counts with its conversions, without deal values. */
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
          share(won, sql),
          DealValue.NONE,
          DealValue.NONE);
    }

    /** This row with these deal values. */
    public Row withValues(DealValue won, DealValue pipeline) {
      return new Row(
          key,
          leads,
          nurture,
          mql,
          sal,
          sql,
          this.won,
          lost,
          disqualified,
          leadToMql,
          mqlToSal,
          salToSql,
          sqlToWon,
          won,
          pipeline);
    }

    /** The rows' counts added up, under {@code key}, without deal values. */
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

  /**
   * The summed deal value of some leads ({@code leads}: those that carry one): {@code amount} in
   * major units of {@code currency} when their deals are all in one currency; absent when there are
   * none, or when {@code currencies} lists more than one: no single sum (a note says so).
   */
  public record DealValue(
      long leads, @Nullable BigDecimal amount, @Nullable String currency, List<String> currencies) {

    /** No lead carries a deal value. */
    public static final DealValue NONE = new DealValue(0, null, null, List.of());

    public DealValue {
      currencies = List.copyOf(currencies);
    }

    /** Whether the deals are in more than one currency. */
    public boolean mixed() {
      return currencies.size() > 1;
    }
  }

  /** {@code part / whole}, or absent when the whole is 0. */
  static @Nullable Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  /**
   * Writes the rows and then the total as CSV; a value in more than one currency is an empty cell
   * with its currencies, space-separated, in the currency cell.
   */
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
        Csv.cell(r.sqlToWon()),
        Csv.cell(r.wonValue().amount() == null ? null : r.wonValue().amount().toPlainString()),
        String.join(" ", r.wonValue().currencies()),
        Csv.cell(
            r.pipelineValue().amount() == null ? null : r.pipelineValue().amount().toPlainString()),
        String.join(" ", r.pipelineValue().currencies()));
  }
}
