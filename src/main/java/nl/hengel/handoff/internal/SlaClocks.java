package nl.hengel.handoff.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import nl.hengel.handoff.Assignment;
import nl.hengel.handoff.SlaClock;
import nl.hengel.handoff.SlaKind;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The stored SLA clocks and the lead assignments. */
@Component
public class SlaClocks {

  private static final String SELECT =
      """
      select c.*, u.email as owner_email from sla_clock c
        left join app_user u on u.id = c.owner_user_id
      """;

  private final JdbcClient jdbc;
  private final Dialect dialect;

  SlaClocks(JdbcClient jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  /** Starts a clock unless this MQL cycle already has one of the kind. */
  public void start(
      WorkspaceId ws,
      PersonId person,
      int mqlCount,
      SlaKind kind,
      @Nullable Long owner,
      @Nullable Long team,
      Instant startedAt,
      Instant dueAt,
      @Nullable Long versionId) {
    jdbc.sql(
            """
            insert into sla_clock (workspace_id, person_id, mql_count, kind, owner_user_id, team_id,
              started_at, due_at, version_id)
            select ?, ?, ?, ?, ?, ?, ?, ?, ? from (values (1)) as one (x)
             where not exists (
               select 1 from sla_clock where person_id = ? and mql_count = ? and kind = ?)
            """)
        .params(
            ws.value(),
            person.value(),
            mqlCount,
            kind.key(),
            owner,
            team,
            Sql.ts(startedAt),
            Sql.ts(dueAt),
            versionId,
            person.value(),
            mqlCount,
            kind.key())
        .update();
  }

  /** Hands the lead's running clocks to a new owner (a reassignment keeps the due times). */
  public void reassign(WorkspaceId ws, PersonId person, @Nullable Long owner, @Nullable Long team) {
    jdbc.sql(
            """
            update sla_clock set owner_user_id = ?, team_id = ?
             where workspace_id = ? and person_id = ?
               and met_at is null and stopped_at is null and breached_at is null
            """)
        .params(owner, team, ws.value(), person.value())
        .update();
  }

  /** Ends the lead's running clock of the kind as met at {@code at}; answers whether one ran. */
  public boolean meet(WorkspaceId ws, PersonId person, SlaKind kind, Instant at) {
    return jdbc.sql(
                """
                update sla_clock set met_at = ?
                 where workspace_id = ? and person_id = ? and kind = ?
                   and met_at is null and stopped_at is null and breached_at is null
                """)
            .params(Sql.ts(at), ws.value(), person.value(), kind.key())
            .update()
        > 0;
  }

  /**
   * Ends a breached clock of the kind as met too: a late response is still a response, and the
   * breach stays recorded.
   */
  public void meetLate(WorkspaceId ws, PersonId person, SlaKind kind, Instant at) {
    jdbc.sql(
            """
            update sla_clock set met_at = ?
             where workspace_id = ? and person_id = ? and kind = ?
               and met_at is null and stopped_at is null and breached_at is not null
            """)
        .params(Sql.ts(at), ws.value(), person.value(), kind.key())
        .update();
  }

  /** Stops the lead's running clocks: it left sales before they were due. */
  public void stop(WorkspaceId ws, PersonId person, Instant at) {
    jdbc.sql(
            """
            update sla_clock set stopped_at = ?
             where workspace_id = ? and person_id = ?
               and met_at is null and stopped_at is null and breached_at is null
            """)
        .params(Sql.ts(at), ws.value(), person.value())
        .update();
  }

  /** The lead's clocks, of every MQL cycle, oldest first. */
  public List<SlaClock> of(WorkspaceId ws, PersonId person) {
    return jdbc.sql(
            SELECT + " where c.workspace_id = ? and c.person_id = ? order by c.started_at, c.id")
        .params(ws.value(), person.value())
        .query((rs, n) -> map(rs))
        .list();
  }

  /** Running clocks of these people of the kind. */
  public List<SlaClock> running(WorkspaceId ws, List<PersonId> people, SlaKind kind) {
    if (people.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            SELECT
                + """
                 where c.workspace_id = :ws and c.kind = :kind and c.person_id in (:people)
                   and c.met_at is null and c.stopped_at is null
                """)
        .param("ws", ws.value())
        .param("kind", kind.key())
        .param("people", people.stream().map(PersonId::value).toList())
        .query((rs, n) -> map(rs))
        .list();
  }

  /**
   * Locks up to {@code limit} running clocks due by {@code now} that no other node holds. Inside a
   * transaction: whoever holds the lock records the breach, so it is recorded once.
   */
  public List<Due> claimDue(Instant now, int limit) {
    return jdbc.sql(
            """
            select id, workspace_id, owner_user_id, team_id from sla_clock
             where due_at <= ? and met_at is null and stopped_at is null and breached_at is null
             order by due_at fetch first ? rows only
            """
                + dialect.forUpdateSkipLocked())
        .params(Sql.ts(now), limit)
        .query((rs, n) ->
            new Due(
                rs.getLong("id"),
                new WorkspaceId(rs.getLong("workspace_id")),
                Sql.nullableLong(rs, "owner_user_id"),
                Sql.nullableLong(rs, "team_id")))
        .list();
  }

  /** A clock claimed for breach. */
  public record Due(long id, WorkspaceId workspace, @Nullable Long owner, @Nullable Long team) {}

  /** Records the breach of a claimed clock; answers the clock as breached. */
  public SlaClock breach(long id, Instant at, @Nullable String escalatedTo) {
    jdbc.sql(
            "update sla_clock set breached_at = ?, escalated_to = ? where id = ? and breached_at"
                + " is null")
        .params(Sql.ts(at), escalatedTo, id)
        .update();
    return jdbc.sql(SELECT + " where c.id = ?").param(id).query((rs, n) -> map(rs)).single();
  }

  /** Records who got the lead, or that nobody did. */
  public void assigned(
      WorkspaceId ws,
      PersonId person,
      @Nullable Long owner,
      @Nullable Long team,
      String because,
      String actor,
      Instant at) {
    jdbc.sql(
            """
            insert into lead_assignment (workspace_id, person_id, owner_user_id, team_id, because, actor, at)
            values (?, ?, ?, ?, ?, ?, ?)
            """)
        .params(ws.value(), person.value(), owner, team, because, actor, Sql.ts(at))
        .update();
  }

  /** A lead's assignments, oldest first. */
  public List<Assignment> assignments(WorkspaceId ws, PersonId person) {
    return jdbc.sql(
            """
            select a.*, u.email from lead_assignment a left join app_user u on u.id = a.owner_user_id
             where a.workspace_id = ? and a.person_id = ? order by a.at, a.id
            """)
        .params(ws.value(), person.value())
        .query((rs, n) ->
            new Assignment(
                rs.getString("email"),
                Sql.nullableLong(rs, "team_id"),
                rs.getString("because"),
                rs.getString("actor"),
                Sql.instant(rs, "at")))
        .list();
  }

  static SlaClock map(ResultSet rs) throws SQLException {
    Long owner = Sql.nullableLong(rs, "owner_user_id");
    return new SlaClock(
        rs.getLong("id"),
        new PersonId(rs.getLong("person_id")),
        rs.getInt("mql_count"),
        SlaKind.of(rs.getString("kind")),
        owner == null ? null : new UserId(owner),
        rs.getString("owner_email"),
        Sql.nullableLong(rs, "team_id"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "due_at"),
        Sql.instant(rs, "met_at"),
        Sql.instant(rs, "stopped_at"),
        Sql.instant(rs, "breached_at"),
        rs.getString("escalated_to"));
  }
}
