package nl.hengel.webhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A workspace's subscription of one URL to some event types; never carries its secret. */
public record Webhook(
    long id,
    String url,
    List<String> eventTypes,
    @Nullable String description,
    boolean active,
    Instant createdAt) {

  public Webhook {
    eventTypes = List.copyOf(eventTypes);
  }
}
