package nl.hengel.platform;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Inserts many rows into one table: on PostgreSQL one statement per call, each column an array
 * ({@code insert … select from unnest(…)}), on H2 a JDBC batch. Why: a batch is one statement per
 * row on the server; recording a CRM's pipeline (100,000 leads, 300,000 steps in one transaction)
 * spent most of its time there, as the interaction ingest did before it moved to arrays.
 */
@Component
public class BulkInsert {

  /**
   * A column's name and SQL type: {@code bigint}, {@code integer}, {@code varchar}, {@code
   * boolean}, {@code timestamptz}.
   */
  public record Column(String name, String type) {}

  private final JdbcTemplate template;
  private final JdbcClient jdbc;
  private final Dialect dialect;

  BulkInsert(JdbcTemplate template, JdbcClient jdbc, Dialect dialect) {
    this.template = template;
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  /**
   * Inserts the rows, each holding one value per column in column order (timestamps as {@link
   * OffsetDateTime}).
   */
  public void insert(String table, List<Column> columns, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    String names = String.join(", ", columns.stream().map(Column::name).toList());
    if (dialect == Dialect.H2) {
      template.batchUpdate(
          "insert into "
              + table
              + " ("
              + names
              + ") values ("
              + String.join(", ", Collections.nCopies(columns.size(), "?"))
              + ")",
          rows);
      return;
    }
    var arrays = new ArrayList<String>();
    for (Column c : columns) {
      arrays.add(
          c.type().equals("timestamptz")
              ? "cast(? as varchar[])::timestamptz[]"
              : "cast(? as " + c.type() + "[])");
    }
    var spec =
        jdbc.sql(
            "insert into "
                + table
                + " ("
                + names
                + ") select * from unnest("
                + String.join(", ", arrays)
                + ")");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      Object[] values = new Object[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        Object v = rows.get(r)[i];
        values[r] = v instanceof OffsetDateTime t ? t.toString() : v;
      }
      String element =
          switch (c.type().toLowerCase(Locale.ROOT)) {
            case "timestamptz", "varchar", "char" -> "varchar";
            case "boolean" -> "bool";
            case "integer" -> "int4";
            default -> "int8";
          };
      spec = spec.param(new SqlArrayValue(element, values));
    }
    spec.update();
  }
}
