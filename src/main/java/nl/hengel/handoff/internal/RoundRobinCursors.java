package nl.hengel.handoff.internal;

import nl.hengel.access.TeamId;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Per team, the member who got its last round-robin lead. {@link #lock} holds the team's cursor row
 * until the transaction ends, so two nodes routing for one team take turns instead of both picking
 * the same next member.
 */
@Repository
public class RoundRobinCursors {

  private final JdbcClient jdbc;
  private final Dialect dialect;

  RoundRobinCursors(JdbcClient jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  /** Locks the team's cursor (creating it if new) and answers the last member picked, if any. */
  public @Nullable UserId lock(TeamId team) {
    jdbc.sql(
            switch (dialect) {
              // Waits for a concurrent insert of the same team to commit, then does nothing.
              case POSTGRESQL ->
                  "insert into routing_cursor (team_id) values (?) on conflict (team_id) do nothing";
              case H2 -> "merge into routing_cursor (team_id) key (team_id) values (?)";
            })
        .param(team.value())
        .update();
    long last =
        jdbc.sql(
                "select coalesce(last_user_id, 0) from routing_cursor where team_id = ? for update")
            .param(team.value())
            .query(Long.class)
            .single();
    return last == 0 ? null : new UserId(last);
  }

  /** The last member picked, without locking; for previews. */
  public @Nullable UserId peek(TeamId team) {
    long last =
        jdbc.sql("select coalesce(last_user_id, 0) from routing_cursor where team_id = ?")
            .param(team.value())
            .query(Long.class)
            .optional()
            .orElse(0L);
    return last == 0 ? null : new UserId(last);
  }

  /** Records the member just picked; call after {@link #lock} in the same transaction. */
  public void advance(TeamId team, UserId picked) {
    jdbc.sql("update routing_cursor set last_user_id = ? where team_id = ?")
        .params(picked.value(), team.value())
        .update();
  }
}
