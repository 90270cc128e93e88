package nl.hengel.definition.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.hengel.definition.Approval;
import nl.hengel.definition.DefinitionVersion;
import nl.hengel.definition.DefinitionVersion.Status;
import nl.hengel.definition.Side;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The stored versions of each workspace's lead definition and their approvals. Statuses and sides
 * are stored as their lower-case keys ({@code draft}, {@code marketing}), as the re-evaluation
 * writes them too, and read ignoring case.
 */
@Repository
public class DefinitionVersions {

  private static final String SELECT =
      """
      select v.id, v.number, v.name, v.yaml, v.status, v.marketing_owner, v.sales_owner, u.email as author,
             v.created_at, v.approved_at, v.activated_at, v.retired_at
        from definition_version v join app_user u on u.id = v.author_id
      """;

  private final JdbcClient jdbc;

  DefinitionVersions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new draft; fails with a duplicate key when another upload took the number first. */
  public long insert(
      WorkspaceId ws,
      int number,
      String name,
      String yaml,
      String marketingOwner,
      String salesOwner,
      UserId author,
      Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into definition_version (workspace_id, number, name, yaml, status, marketing_owner, sales_owner,
                                            author_id, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            ws.value(),
            number,
            name,
            yaml,
            Status.DRAFT.key(),
            marketingOwner,
            salesOwner,
            author.value(),
            Sql.ts(at))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  /** The number the next version of this workspace gets. */
  public int nextNumber(WorkspaceId ws) {
    return jdbc.sql(
            "select coalesce(max(number), 0) + 1 from definition_version where workspace_id = ?")
        .param(ws.value())
        .query(Integer.class)
        .single();
  }

  public Optional<DefinitionVersion> find(WorkspaceId ws, int number) {
    return jdbc.sql(SELECT + " where v.workspace_id = ? and v.number = ?")
        .params(ws.value(), number)
        .query((rs, n) -> map(rs))
        .optional();
  }

  public Optional<DefinitionVersion> findById(WorkspaceId ws, long id) {
    return jdbc.sql(SELECT + " where v.workspace_id = ? and v.id = ?")
        .params(ws.value(), id)
        .query((rs, n) -> map(rs))
        .optional();
  }

  /**
   * Locks the version's row until the transaction ends, so that approvals, activation and archiving
   * of one version happen one after the other; answers whether it exists.
   */
  public boolean lock(WorkspaceId ws, int number) {
    return !jdbc.sql(
            "select id from definition_version where workspace_id = ? and number = ? for update")
        .params(ws.value(), number)
        .query(Long.class)
        .list()
        .isEmpty();
  }

  /** Every version of the workspace, newest first. */
  public List<DefinitionVersion> list(WorkspaceId ws) {
    return jdbc.sql(SELECT + " where v.workspace_id = ? order by v.number desc")
        .param(ws.value())
        .query((rs, n) -> map(rs))
        .list();
  }

  public Optional<DefinitionVersion> active(WorkspaceId ws) {
    return jdbc.sql(
            SELECT + " join active_definition a on a.version_id = v.id where a.workspace_id = ?")
        .param(ws.value())
        .query((rs, n) -> map(rs))
        .optional();
  }

  public void approved(long versionId, Instant at) {
    jdbc.sql("update definition_version set status = ?, approved_at = ? where id = ?")
        .params(Status.APPROVED.key(), Sql.ts(at), versionId)
        .update();
  }

  public void archived(long versionId) {
    jdbc.sql("update definition_version set status = ? where id = ?")
        .params(Status.ARCHIVED.key(), versionId)
        .update();
  }

  public List<Approval> approvals(long versionId) {
    return jdbc.sql(
            """
            select a.side, a.user_id, u.email, a.approved_at
              from definition_approval a join app_user u on u.id = a.user_id
             where a.version_id = ?
             order by a.approved_at, a.side
            """)
        .param(versionId)
        .query((rs, n) ->
            new Approval(
                Side.valueOf(rs.getString("side").toUpperCase(Locale.ROOT)),
                new UserId(rs.getLong("user_id")),
                rs.getString("email"),
                Sql.instant(rs, "approved_at")))
        .list();
  }

  public void approve(long versionId, Side side, UserId user, Instant at) {
    jdbc.sql(
            "insert into definition_approval (version_id, side, user_id, approved_at) values (?, ?, ?, ?)")
        .params(versionId, side.key(), user.value(), Sql.ts(at))
        .update();
  }

  private static DefinitionVersion map(ResultSet rs) throws SQLException {
    return new DefinitionVersion(
        rs.getLong("id"),
        rs.getInt("number"),
        rs.getString("name"),
        rs.getString("yaml"),
        Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getString("marketing_owner"),
        rs.getString("sales_owner"),
        rs.getString("author"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "approved_at"),
        Sql.instant(rs, "activated_at"),
        Sql.instant(rs, "retired_at"));
  }
}
