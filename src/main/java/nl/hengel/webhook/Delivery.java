package nl.hengel.webhook;

import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One event sent (or to be sent) to one subscription: how many attempts failed or succeeded so far,
 * what the last one answered, and when the next is due. {@code messageId} is the {@code webhook-id}
 * header, the same on every attempt and redelivery.
 */
public record Delivery(
    long id,
    long webhookId,
    String messageId,
    String eventType,
    Status status,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant lastAttemptAt,
    @Nullable Integer lastStatusCode,
    @Nullable String lastError,
    @Nullable Instant deliveredAt,
    Instant createdAt) {

  /** Where a delivery is. */
  public enum Status {
    /** Waiting for its next attempt (or being attempted). */
    PENDING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** Every attempt failed; waits for a manual redelivery. */
    DEAD;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a stored or typed key, or null if there is none such. */
    public static @Nullable Status ofKey(String key) {
      for (Status s : values()) {
        if (s.key().equalsIgnoreCase(key)) {
          return s;
        }
      }
      return null;
    }
  }

  /** The {@code webhook-id} of an outbox event: stable across retries and redeliveries. */
  public static String messageIdOf(long eventId) {
    return "msg_" + eventId;
  }
}
