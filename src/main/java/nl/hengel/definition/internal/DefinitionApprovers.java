package nl.hengel.definition.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import nl.hengel.definition.Approver;
import nl.hengel.definition.Side;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The members an admin allowed to approve one side of a workspace's definition versions. */
@Repository
public class DefinitionApprovers {

  private final JdbcClient jdbc;

  DefinitionApprovers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public boolean isGranted(WorkspaceId ws, UserId user, Side side) {
    return jdbc.sql(
                "select count(*) from definition_approver where workspace_id = ? and user_id = ? and side = ?")
            .params(ws.value(), user.value(), side.key())
            .query(Long.class)
            .single()
        > 0;
  }

  /** Grants the right; answers false when it was granted already. */
  public boolean grant(WorkspaceId ws, UserId user, Side side, Instant at) {
    if (isGranted(ws, user, side)) {
      return false;
    }
    jdbc.sql(
            "insert into definition_approver (workspace_id, user_id, side, granted_at) values (?, ?, ?, ?)")
        .params(ws.value(), user.value(), side.key(), Sql.ts(at))
        .update();
    return true;
  }

  /** Takes the right back; answers false when it was not granted. */
  public boolean revoke(WorkspaceId ws, UserId user, Side side) {
    return jdbc.sql(
                "delete from definition_approver where workspace_id = ? and user_id = ? and side = ?")
            .params(ws.value(), user.value(), side.key())
            .update()
        > 0;
  }

  public List<Approver> list(WorkspaceId ws) {
    return jdbc.sql(
            """
            select g.user_id, u.email, g.side, g.granted_at
              from definition_approver g join app_user u on u.id = g.user_id
             where g.workspace_id = ?
             order by g.side, u.email
            """)
        .param(ws.value())
        .query((rs, n) ->
            new Approver(
                new UserId(rs.getLong("user_id")),
                rs.getString("email"),
                Side.valueOf(rs.getString("side").toUpperCase(Locale.ROOT)),
                Sql.instant(rs, "granted_at")))
        .list();
  }
}
