package nl.hengel.webhook.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.webhook.Delivery;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deliveries of outbox events to subscriptions: the sender's work queue (claimed with a lease,
 * outcome recorded after sending) and what the API shows of it.
 */
@Repository
public class Deliveries {

  private static final String SELECT =
      """
      select d.id, d.subscription_id, d.event_id, e.type, d.status, d.attempts, d.next_attempt_at,
             d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at
        from webhook_delivery d join webhook_event e on e.id = d.event_id
      """;

  /** Longest stored error text of an attempt. */
  static final int MAX_ERROR = 500;

  private final JdbcClient jdbc;
  private final Dialect dialect;

  Deliveries(JdbcClient jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  /** The most recent deliveries of a subscription, newest first, optionally of one status. */
  public List<Delivery> list(
      WorkspaceId ws, long subscriptionId, Delivery.@Nullable Status status, int limit) {
    var statement =
        jdbc.sql(
                SELECT
                    + " where d.workspace_id = :ws and d.subscription_id = :subscription"
                    + (status == null ? "" : " and d.status = :status")
                    + " order by d.id desc fetch first :limit rows only")
            .param("ws", ws.value())
            .param("subscription", subscriptionId)
            .param("limit", limit);
    if (status != null) {
      statement = statement.param("status", status.key());
    }
    return statement.query(Deliveries::row).list();
  }

  public Optional<Delivery> find(WorkspaceId ws, long id) {
    return jdbc.sql(SELECT + " where d.workspace_id = ? and d.id = ?")
        .params(ws.value(), id)
        .query(Deliveries::row)
        .optional();
  }

  /**
   * Makes a delivered or dead delivery due again at {@code now}, with a fresh round of attempts;
   * answers whether it was in one of those states.
   */
  public boolean redeliver(WorkspaceId ws, long id, Instant now) {
    return jdbc.sql(
                """
                update webhook_delivery set status = 'pending', attempts = 0, next_attempt_at = ?
                 where workspace_id = ? and id = ? and status in ('delivered', 'dead')
                """)
            .params(stored(now), ws.value(), id)
            .update()
        == 1;
  }

  /** A claimed delivery with what sending it needs. */
  public record Due(
      long id, long eventId, int attempts, String url, String secret, String payload) {

    @Override
    public String toString() {
      return "Due[id=" + id + ", eventId=" + eventId + ", attempts=" + attempts + "]";
    }
  }

  /**
   * Claims up to {@code limit} due deliveries no other node holds and leases them until {@code
   * leaseUntil}: pushing their next attempt there means no node claims them again meanwhile, and
   * that a node that dies while sending leaves them due again when the lease ends. Inside a
   * transaction, which the caller commits before sending.
   */
  public List<Due> claim(int limit, Instant now, Instant leaseUntil) {
    List<Long> ids =
        jdbc.sql(
                """
                select id from webhook_delivery where status = 'pending' and next_attempt_at <= ?
                 order by next_attempt_at, id fetch first ? rows only
                """
                    + dialect.forUpdateSkipLocked())
            .params(stored(now), limit)
            .query(Long.class)
            .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    Sql.OneOf leased = Sql.oneOf("id", "ids", "bigint", ids);
    jdbc.sql("update webhook_delivery set next_attempt_at = :lease where " + leased.sql())
        .param("lease", stored(leaseUntil))
        .param("ids", leased.parameter())
        .update();
    Sql.OneOf idIn = Sql.oneOf("d.id", "ids", "bigint", ids);
    return jdbc.sql(
            """
            select d.id, d.event_id, d.attempts, s.url, s.secret, e.payload
              from webhook_delivery d
              join webhook_subscription s on s.id = d.subscription_id
              join webhook_event e on e.id = d.event_id
             where\s\
            """
                + idIn.sql()
                + " order by d.id")
        .param("ids", idIn.parameter())
        .query((rs, n) ->
            new Due(
                rs.getLong("id"),
                rs.getLong("event_id"),
                rs.getInt("attempts"),
                rs.getString("url"),
                rs.getString("secret"),
                rs.getString("payload")))
        .list();
  }

  /**
   * Records a 2xx answer. Like {@link #failed}, changes nothing if the delivery moved on since the
   * claim (another node's attempt after the lease ran out, a deletion).
   */
  public void delivered(Due due, Instant at, int statusCode) {
    jdbc.sql(
            """
            update webhook_delivery
               set status = 'delivered', attempts = attempts + 1, next_attempt_at = null,
                   last_attempt_at = ?, last_status_code = ?, last_error = null, delivered_at = ?
             where id = ? and status = 'pending' and attempts = ?
            """)
        .params(stored(at), statusCode, stored(at), due.id(), due.attempts())
        .update();
  }

  /** Records a failed attempt: due again at {@code next}, or dead when {@code next} is null. */
  public void failed(
      Due due, Instant at, @Nullable Integer statusCode, String error, @Nullable Instant next) {
    jdbc.sql(
            """
            update webhook_delivery
               set status = ?, attempts = attempts + 1, next_attempt_at = ?,
                   last_attempt_at = ?, last_status_code = ?, last_error = ?
             where id = ? and status = 'pending' and attempts = ?
            """)
        .params(
            next == null ? Delivery.Status.DEAD.key() : Delivery.Status.PENDING.key(),
            stored(next),
            stored(at),
            statusCode,
            error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error,
            due.id(),
            due.attempts())
        .update();
  }

  /**
   * An instant as stored: databases keep microseconds and round the rest, which could put a
   * delivery due "now" a fraction of a microsecond after now.
   */
  static Object stored(@Nullable Instant instant) {
    return Sql.ts(instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS));
  }

  private static Delivery row(ResultSet rs, int n) throws SQLException {
    int statusCode = rs.getInt("last_status_code");
    Integer lastStatusCode = rs.wasNull() ? null : statusCode;
    return new Delivery(
        rs.getLong("id"),
        rs.getLong("subscription_id"),
        Delivery.messageIdOf(rs.getLong("event_id")),
        rs.getString("type"),
        Delivery.Status.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
        rs.getInt("attempts"),
        Sql.instant(rs, "next_attempt_at"),
        Sql.instant(rs, "last_attempt_at"),
        lastStatusCode,
        rs.getString("last_error"),
        Sql.instant(rs, "delivered_at"),
        Sql.instant(rs, "created_at"));
  }
}
