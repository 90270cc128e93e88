package nl.hengel.platform;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;

/** The two databases Hengel runs on, for the few statements whose SQL differs. */
public enum Dialect {
  POSTGRESQL,
  H2;

  public static Dialect of(DataSource dataSource) {
    try {
      String product = JdbcUtils.extractDatabaseMetaData(dataSource, md -> md.getDatabaseProductName());
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

  /** A query giving {@code n} fresh values of a sequence, one per row. */
  public String nextValues(String sequence) {
    return switch (this) {
      case POSTGRESQL -> "select nextval('" + sequence + "') from generate_series(1, ?)";
      case H2 -> "select next value for " + sequence + " from system_range(1, ?)";
    };
  }
}
