package nl.hengel.timeline.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Companies by their key in another system (table {@code company_key}), and companies written in
 * bulk: one statement per thousand keys read, one batch per write, whatever the number of rows.
 */
@Component
public class CompanyKeys {

  /** Values per lookup statement. */
  private static final int PAGE = 1000;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final Clock clock;

  CompanyKeys(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
    this.jdbc = jdbc;
    this.template = template;
    this.clock = clock;
  }

  /** A company as stored: its id, domain, name and attributes (JSON text). */
  public record Stored(
      long id, @Nullable String domain, @Nullable String name, String attributes) {}

  /** A company to create: its domain (may be null), name and attributes (JSON text). */
  public record NewCompany(@Nullable String domain, String name, String attributes) {}

  /** A company's new name, domain and attributes. */
  public record Change(long id, String name, @Nullable String domain, String attributes) {}

  /** The company id of each of these keys of one source that a company has. */
  public Map<String, Long> find(WorkspaceId ws, String source, Collection<String> keys) {
    var result = new HashMap<String, Long>();
    for (List<String> page : pages(keys)) {
      Sql.OneOf key = Sql.oneOf("external_id", "keys", "varchar", page);
      jdbc.sql(
              "select external_id, company_id from company_key where workspace_id = :ws and source = :source and "
                  + key.sql())
          .param("ws", ws.value())
          .param("source", source)
          .param("keys", key.parameter())
          .query(rs -> {
            result.put(rs.getString("external_id"), rs.getLong("company_id"));
          });
    }
    return result;
  }

  /** The company id of each of these (normalised) domains that a company of the workspace has. */
  public Map<String, Long> byDomain(WorkspaceId ws, Collection<String> domains) {
    var result = new HashMap<String, Long>();
    for (List<String> page : pages(domains)) {
      Sql.OneOf domain = Sql.oneOf("domain", "domains", "varchar", page);
      jdbc.sql("select id, domain from company where workspace_id = :ws and " + domain.sql())
          .param("ws", ws.value())
          .param("domains", domain.parameter())
          .query(rs -> {
            result.put(rs.getString("domain"), rs.getLong("id"));
          });
    }
    return result;
  }

  /** These companies of the workspace as stored, by id; ids of other workspaces are absent. */
  public Map<Long, Stored> companies(WorkspaceId ws, Collection<Long> ids) {
    var result = new HashMap<Long, Stored>();
    for (List<Long> page : pages(ids)) {
      Sql.OneOf id = Sql.oneOf("id", "ids", "bigint", page);
      jdbc.sql(
              "select id, domain, name, attributes from company where workspace_id = :ws and "
                  + id.sql())
          .param("ws", ws.value())
          .param("ids", id.parameter())
          .query(rs -> {
            long company = rs.getLong("id");
            result.put(
                company,
                new Stored(
                    company,
                    rs.getString("domain"),
                    rs.getString("name"),
                    rs.getString("attributes")));
          });
    }
    return result;
  }

  /** Creates the companies in one batch; their ids, in the same order. */
  public List<Long> create(WorkspaceId ws, List<NewCompany> companies) {
    if (companies.isEmpty()) {
      return List.of();
    }
    OffsetDateTime now = Sql.ts(clock.instant());
    var keys = new GeneratedKeyHolder();
    template.batchUpdate(
        connection ->
            connection.prepareStatement(
                "insert into company (workspace_id, domain, name, attributes, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?)",
                new String[] {"id"}),
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            NewCompany c = companies.get(i);
            ps.setLong(1, ws.value());
            ps.setObject(2, c.domain(), Types.VARCHAR);
            ps.setString(3, c.name());
            ps.setString(4, c.attributes());
            ps.setObject(5, now, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(6, now, Types.TIMESTAMP_WITH_TIMEZONE);
          }

          @Override
          public int getBatchSize() {
            return companies.size();
          }
        },
        keys);
    List<Long> ids =
        keys.getKeyList().stream().map(k -> ((Number) k.get("id")).longValue()).toList();
    if (ids.size() != companies.size()) {
      throw new IllegalStateException(
          "Created " + companies.size() + " companies but got " + ids.size() + " ids back");
    }
    return ids;
  }

  /**
   * Gives companies keys of one source. With {@code skipTaken}, a key another transaction gave a
   * company meanwhile is skipped (the insert waits for that transaction); without, it fails the
   * statement with a duplicate key.
   */
  public void attach(WorkspaceId ws, String source, Map<String, Long> keys, boolean skipTaken) {
    if (keys.isEmpty()) {
      return;
    }
    OffsetDateTime now = Sql.ts(clock.instant());
    template.batchUpdate(
        "insert into company_key (workspace_id, source, external_id, company_id, created_at)"
            + " values (?, ?, ?, ?, ?)"
            + (skipTaken ? " on conflict do nothing" : ""),
        keys.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new Object[] {ws.value(), source, e.getKey(), e.getValue(), now})
            .toList(),
        new int[] {
          Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.TIMESTAMP_WITH_TIMEZONE
        });
  }

  /** Writes new names, domains and attributes in one batch. */
  public void update(WorkspaceId ws, List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    OffsetDateTime now = Sql.ts(clock.instant());
    template.batchUpdate(
        "update company set name = ?, domain = ?, attributes = ?, updated_at = ?"
            + " where id = ? and workspace_id = ?",
        changes.stream()
            .sorted(java.util.Comparator.comparingLong(Change::id))
            .map(c -> new Object[] {c.name(), c.domain(), c.attributes(), now, c.id(), ws.value()})
            .toList(),
        new int[] {
          Types.VARCHAR,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.BIGINT,
          Types.BIGINT
        });
  }

  /** Deletes companies nothing points at yet (created in this transaction and not needed). */
  public void delete(WorkspaceId ws, Collection<Long> ids) {
    for (List<Long> page : pages(ids)) {
      Sql.OneOf id = Sql.oneOf("id", "ids", "bigint", page);
      jdbc.sql("delete from company where workspace_id = :ws and " + id.sql())
          .param("ws", ws.value())
          .param("ids", id.parameter())
          .update();
    }
  }

  /** The people (not merged away) of these companies. */
  public List<Long> peopleOf(WorkspaceId ws, Collection<Long> companies) {
    var result = new ArrayList<Long>();
    for (List<Long> page : pages(companies)) {
      Sql.OneOf company = Sql.oneOf("company_id", "companies", "bigint", page);
      result.addAll(
          jdbc.sql(
                  "select id from person where workspace_id = :ws and merged_into is null and "
                      + company.sql())
              .param("ws", ws.value())
              .param("companies", company.parameter())
              .query(Long.class)
              .list());
    }
    return result;
  }

  private static <T> List<List<T>> pages(Collection<T> values) {
    List<T> all = List.copyOf(values);
    var result = new ArrayList<List<T>>();
    for (int from = 0; from < all.size(); from += PAGE) {
      result.add(all.subList(from, Math.min(all.size(), from + PAGE)));
    }
    return result;
  }
}
