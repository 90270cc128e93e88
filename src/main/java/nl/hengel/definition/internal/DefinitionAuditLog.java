package nl.hengel.definition.internal;

import java.time.Instant;
import java.util.List;
import nl.hengel.definition.AuditEntry;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who uploaded, approved, activated, archived or granted what in a workspace's definitions, and
 * when.
 */
@Repository
public class DefinitionAuditLog {

  private static final int MAX_DETAIL = 2000;

  private final JdbcClient jdbc;

  DefinitionAuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(
      WorkspaceId ws,
      @Nullable Long versionId,
      String action,
      String actor,
      Instant at,
      @Nullable String detail) {
    jdbc.sql(
            "insert into definition_audit (workspace_id, version_id, action, actor, at, detail) values (?, ?, ?, ?, ?, ?)")
        .params(
            ws.value(),
            versionId,
            action,
            actor,
            Sql.ts(at),
            detail == null || detail.length() <= MAX_DETAIL
                ? detail
                : detail.substring(0, MAX_DETAIL - 1) + "…")
        .update();
  }

  /** The workspace's whole log, oldest first. */
  public List<AuditEntry> list(WorkspaceId ws) {
    return jdbc.sql(
            """
            select l.id, v.number, l.action, l.actor, l.at, l.detail
              from definition_audit l left join definition_version v on v.id = l.version_id
             where l.workspace_id = ?
             order by l.id
            """)
        .param(ws.value())
        .query((rs, n) -> {
          int number = rs.getInt("number");
          return new AuditEntry(
              rs.getLong("id"),
              rs.wasNull() ? null : number,
              rs.getString("action"),
              rs.getString("actor"),
              Sql.instant(rs, "at"),
              rs.getString("detail"));
        })
        .list();
  }
}
