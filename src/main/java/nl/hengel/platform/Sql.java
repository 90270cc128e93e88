package nl.hengel.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The JDBC conversions both databases agree on: instants travel as {@link OffsetDateTime} in UTC
 * (the PostgreSQL driver does not take {@link Instant}).
 */
public final class Sql {

  private Sql() {}

  public static @Nullable OffsetDateTime ts(@Nullable Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /** A condition "{@code column} is one of the values" and the value of its named parameter. */
  public record OneOf(String sql, Object parameter) {}

  /** Lists up to this long stay lists; longer ones travel as one array. */
  static final int FEW = 10;

  /**
   * "{@code column} is one of {@code values}", with the values in the named parameter {@code name}:
   * a few as a plain list, many as one array of {@code arrayType} ({@code column = any(:name)}).
   * PostgreSQL keeps one plan per list length but plans an array anew on every call, as it cannot
   * tell its length (about 35 us per lookup, which single-item requests feel); a long list is
   * planned per length and, planned before the table had statistics, may scan a whole workspace
   * comparing every row with every value.
   */
  public static OneOf oneOf(String column, String name, String arrayType, Collection<?> values) {
    return values.size() <= FEW
        ? new OneOf(column + " in (:" + name + ")", List.copyOf(values))
        : new OneOf(
            column + " = any(:" + name + ")", new SqlArrayValue(arrayType, values.toArray()));
  }
}
