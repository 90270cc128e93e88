package nl.hengel.definition.internal;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.CompanyChanged;
import nl.hengel.timeline.InteractionsRecorded;
import nl.hengel.timeline.PeopleChanged;
import nl.hengel.timeline.PersonId;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The durable queue of people to score again. People whose data changed are queued in the
 * transaction that changed it: if it commits they will be scored, and a crash cannot lose them. A
 * queued person's row carries the time of the latest change; the scorer removes it only if no newer
 * change came in meanwhile, so a change during scoring is scored again, never missed.
 */
@Component
public class ScoringQueue {

  private static final List<String> COLUMNS = List.of("person_id", "workspace_id", "enqueued_at");

  private final JdbcTemplate template;
  private final JdbcClient jdbc;
  private final Dialect dialect;
  private final Clock clock;

  ScoringQueue(JdbcTemplate template, JdbcClient jdbc, Dialect dialect, Clock clock) {
    this.template = template;
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.clock = clock;
  }

  @EventListener
  void on(InteractionsRecorded recorded) {
    enqueue(recorded.workspace(), recorded.people().stream().map(PersonId::value).toList());
  }

  @EventListener
  void on(PeopleChanged changed) {
    enqueue(changed.workspace(), changed.people().stream().map(PersonId::value).toList());
  }

  @EventListener
  void on(CompanyChanged changed) {
    jdbc.sql(
            dialect.upsertSelect(
                "scoring_queue",
                "person_id",
                COLUMNS,
                List.of("enqueued_at"),
                "select id, workspace_id, cast(? as timestamp with time zone) from person where workspace_id = ? and company_id = ? and merged_into is null"))
        .params(Sql.ts(clock.instant()), changed.workspace().value(), changed.company().value())
        .update();
  }

  /** Queues people, in id order so concurrent writers lock queue rows in one order. */
  public void enqueue(WorkspaceId ws, Collection<Long> people) {
    if (people.isEmpty()) {
      return;
    }
    var now = Sql.ts(clock.instant());
    List<Long> ids = people.stream().sorted().distinct().toList();
    if (dialect == Dialect.POSTGRESQL) {
      // One statement for them all (an import queues 100,000 people): a batch is one statement per
      // person on the server. unnest keeps the array's order, so the rows are still locked in it.
      jdbc.sql(
              dialect.upsertSelect(
                  "scoring_queue",
                  "person_id",
                  COLUMNS,
                  List.of("enqueued_at"),
                  "select id, :ws, :now from unnest(:ids::bigint[]) as p (id)"))
          .param("ws", ws.value())
          .param("now", now)
          .param("ids", new SqlArrayValue("bigint", ids.toArray()))
          .update();
      return;
    }
    template.batchUpdate(
        dialect.upsert("scoring_queue", "person_id", COLUMNS, List.of("enqueued_at")),
        ids.stream().map(id -> new Object[] {id, ws.value(), now}).toList(),
        new int[] {Types.BIGINT, Types.BIGINT, Types.TIMESTAMP_WITH_TIMEZONE});
  }

  /** Queues everyone in the workspace who received an interaction since the moment given. */
  public void enqueueReceivedSince(WorkspaceId ws, Instant since) {
    jdbc.sql(
            dialect.upsertSelect(
                "scoring_queue",
                "person_id",
                COLUMNS,
                List.of("enqueued_at"),
                "select distinct person_id, workspace_id, cast(? as timestamp with time zone) from interaction where workspace_id = ? and received_at >= ?"))
        .params(Sql.ts(clock.instant()), ws.value(), Sql.ts(since))
        .update();
  }

  /**
   * One queued person as claimed: who, where, and the change time that must still be current to
   * remove it.
   */
  public record Claimed(long personId, long workspaceId, java.time.OffsetDateTime enqueuedAt) {}

  /**
   * Locks up to {@code limit} of the oldest queued people that no other node holds. Inside a
   * transaction.
   */
  public List<Claimed> claim(int limit) {
    return jdbc.sql(
            "select person_id, workspace_id, enqueued_at from scoring_queue order by enqueued_at fetch first ? rows only"
                + dialect.forUpdateSkipLocked())
        .param(limit)
        .query((rs, n) ->
            new Claimed(
                rs.getLong(1), rs.getLong(2), rs.getObject(3, java.time.OffsetDateTime.class)))
        .list();
  }

  /** Removes claimed people whose queue row did not change since the claim. */
  public void done(List<Claimed> claimed) {
    template.batchUpdate(
        "delete from scoring_queue where person_id = ? and enqueued_at = ?",
        claimed.stream().map(c -> new Object[] {c.personId(), c.enqueuedAt()}).toList(),
        new int[] {Types.BIGINT, Types.TIMESTAMP_WITH_TIMEZONE});
  }

  /** How many people wait to be scored in the workspace. */
  public long waiting(WorkspaceId ws) {
    return jdbc.sql("select count(*) from scoring_queue where workspace_id = ?")
        .param(ws.value())
        .query(Long.class)
        .single();
  }
}
