package nl.hengel.platform;

import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;

/** The two databases Hengel runs on, for the few statements whose SQL differs. */
public enum Dialect {
  POSTGRESQL,
  H2;

  public static Dialect of(DataSource dataSource) {
    try {
      String product =
          JdbcUtils.extractDatabaseMetaData(dataSource, md -> md.getDatabaseProductName());
      if (product.toLowerCase().contains("postgres")) {
        return POSTGRESQL;
      }
      if (product.toLowerCase().contains("h2")) {
        return H2;
      }
      throw new IllegalStateException("Hengel runs on PostgreSQL or H2, not on " + product);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot tell which database this is", e);
    }
  }

  /**
   * Runs {@code work}, inside a transaction, with every statement it sends planned for its own
   * values. Why: a bulk import writes tens of thousands of rows in one transaction and looks them
   * up as it goes; PostgreSQL's driver prepares a statement run five times and the server then
   * keeps one generic plan, made while the tables were still empty: a sequential scan, which turns
   * the import quadratic. On PostgreSQL the driver sends the connection's statements unprepared for
   * the while (prepareThreshold 0), so each is planned with its values. Not {@code set local
   * plan_cache_mode = force_custom_plan}: that also replans the server's own cached plans, among
   * them the foreign-key check run for every row inserted, which made inserting the 336,000 steps
   * of 100,000 opportunities four times slower (36.6 s instead of 8.9 s).
   */
  public <T> T planningEachStatement(
      org.springframework.jdbc.core.JdbcTemplate jdbc, java.util.function.Supplier<T> work) {
    if (this == H2) {
      return work.get();
    }
    return jdbc.execute(
        (org.springframework.jdbc.core.ConnectionCallback<T>)
            connection -> {
              var pg = connection.unwrap(org.postgresql.PGConnection.class);
              int threshold = pg.getPrepareThreshold();
              pg.setPrepareThreshold(0);
              try {
                return work.get();
              } finally {
                // The connection goes back to the pool: as it was.
                pg.setPrepareThreshold(threshold);
              }
            });
  }

  /** The locking clause that lets several nodes claim different rows of a work queue at once. */
  public String forUpdateSkipLocked() {
    return switch (this) {
      case POSTGRESQL -> " for update skip locked";
      // The embedded database serves one node; plain row locks are enough there.
      case H2 -> " for update";
    };
  }

  /**
   * An upsert of one row by its key that, on conflict, overwrites the given columns: {@code
   * table(columns) VALUES (?, …)}.
   */
  public String upsert(
      String table, String key, java.util.List<String> columns, java.util.List<String> update) {
    String cols = String.join(", ", columns);
    String marks = String.join(", ", java.util.Collections.nCopies(columns.size(), "?"));
    return switch (this) {
      case POSTGRESQL ->
          "insert into "
              + table
              + " ("
              + cols
              + ") values ("
              + marks
              + ") on conflict ("
              + key
              + ") do update set "
              + String.join(", ", update.stream().map(c -> c + " = excluded." + c).toList());
      case H2 -> "merge into " + table + " (" + cols + ") key (" + key + ") values (" + marks + ")";
    };
  }

  /** As {@link #upsert}, with the rows coming from a query instead of values. */
  public String upsertSelect(
      String table,
      String key,
      java.util.List<String> columns,
      java.util.List<String> update,
      String select) {
    String cols = String.join(", ", columns);
    return switch (this) {
      case POSTGRESQL ->
          "insert into "
              + table
              + " ("
              + cols
              + ") "
              + select
              + " on conflict ("
              + key
              + ") do update set "
              + String.join(", ", update.stream().map(c -> c + " = excluded." + c).toList());
      case H2 -> "merge into " + table + " (" + cols + ") key (" + key + ") " + select;
    };
  }

  /** A query giving {@code n} fresh values of a sequence, one per row. */
  public String nextValues(String sequence) {
    return switch (this) {
      case POSTGRESQL -> "select nextval('" + sequence + "') from generate_series(1, ?)";
      case H2 -> "select next value for " + sequence + " from system_range(1, ?)";
    };
  }
}
