package nl.hengel.webhook.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.webhook.EventTypes;
import nl.hengel.webhook.Outbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox in the database: the event and its deliveries are rows of the caller's transaction.
 */
@Component
class JdbcOutbox implements Outbox {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final ObjectProvider<WebhookSender> sender;

  JdbcOutbox(JdbcClient jdbc, JsonMapper json, Clock clock, ObjectProvider<WebhookSender> sender) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.sender = sender;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(WorkspaceId ws, String type, Map<String, Object> data) {
    if (!EventTypes.isKnown(type)) {
      throw new IllegalArgumentException(
          "Unknown webhook event type '" + type + "'; add it to EventTypes first");
    }
    List<Long> subscriptions =
        jdbc.sql(
                """
                select t.subscription_id from webhook_subscription_type t
                  join webhook_subscription s on s.id = t.subscription_id
                 where t.workspace_id = ? and t.event_type = ? and s.active = true
                 order by t.subscription_id
                """)
            .params(ws.value(), type)
            .query(Long.class)
            .list();
    if (subscriptions.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    var payload = new LinkedHashMap<String, Object>();
    payload.put("type", type);
    payload.put("timestamp", now.toString());
    payload.put("data", data);
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into webhook_event (workspace_id, type, payload, created_at) values (?, ?, ?, ?)")
        .params(ws.value(), type, json.writeValueAsString(payload), Deliveries.stored(now))
        .update(keys, "id");
    long eventId = keys.getKey().longValue();
    for (long subscription : subscriptions) {
      jdbc.sql(
              """
              insert into webhook_delivery (workspace_id, subscription_id, event_id, status, attempts, next_attempt_at, created_at)
              values (?, ?, ?, 'pending', 0, ?, ?)
              """)
          .params(ws.value(), subscription, eventId, Deliveries.stored(now), Deliveries.stored(now))
          .update();
    }
    // Send soon after the commit instead of at the next poll; nothing is sent if it rolls back.
    sender.ifAvailable(WebhookSender::nudgeAfterCommit);
  }
}
