package nl.hengel.webhook.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.webhook.Webhook;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The stored webhook subscriptions of every workspace, each read only within its workspace. */
@Repository
public class Subscriptions {

  private static final String SELECT =
      "select id, url, description, active, created_at from webhook_subscription";

  private final JdbcClient jdbc;

  Subscriptions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a subscription with its event types and secret; answers it (without the secret). */
  public Webhook insert(
      WorkspaceId ws,
      String url,
      List<String> eventTypes,
      @Nullable String description,
      boolean active,
      String secret,
      Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into webhook_subscription (workspace_id, url, description, active, secret, created_at)
            values (?, ?, ?, ?, ?, ?)
            """)
        .params(ws.value(), url, description, active, secret, Sql.ts(now))
        .update(keys, "id");
    long id = keys.getKey().longValue();
    for (String type : eventTypes) {
      jdbc.sql(
              "insert into webhook_subscription_type (workspace_id, event_type, subscription_id) values (?, ?, ?)")
          .params(ws.value(), type, id)
          .update();
    }
    return new Webhook(id, url, eventTypes, description, active, now);
  }

  public List<Webhook> list(WorkspaceId ws) {
    return withTypes(
        ws,
        jdbc.sql(SELECT + " where workspace_id = ? order by id")
            .param(ws.value())
            .query(Subscriptions::row)
            .list());
  }

  public Optional<Webhook> find(WorkspaceId ws, long id) {
    return withTypes(
            ws,
            jdbc.sql(SELECT + " where workspace_id = ? and id = ?")
                .params(ws.value(), id)
                .query(Subscriptions::row)
                .list())
        .stream()
        .findFirst();
  }

  /** Removes a subscription with its pending and past deliveries; answers whether it existed. */
  public boolean delete(WorkspaceId ws, long id) {
    return jdbc.sql("delete from webhook_subscription where workspace_id = ? and id = ?")
            .params(ws.value(), id)
            .update()
        == 1;
  }

  private List<Webhook> withTypes(WorkspaceId ws, List<Webhook> found) {
    if (found.isEmpty()) {
      return found;
    }
    Map<Long, List<String>> types = new HashMap<>();
    jdbc.sql(
            "select subscription_id, event_type from webhook_subscription_type where workspace_id = ? order by event_type")
        .param(ws.value())
        .query(rs -> {
          types
              .computeIfAbsent(rs.getLong("subscription_id"), k -> new ArrayList<>())
              .add(rs.getString("event_type"));
        });
    return found.stream()
        .map(w ->
            new Webhook(
                w.id(),
                w.url(),
                types.getOrDefault(w.id(), List.of()),
                w.description(),
                w.active(),
                w.createdAt()))
        .toList();
  }

  private static Webhook row(ResultSet rs, int n) throws SQLException {
    return new Webhook(
        rs.getLong("id"),
        rs.getString("url"),
        List.of(),
        rs.getString("description"),
        rs.getBoolean("active"),
        Sql.instant(rs, "created_at"));
  }
}
