package nl.hengel.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are sent.
 *
 * @param enabled whether this node sends webhooks at all (default true); events are stored either
 *     way
 * @param pollMillis how often a server node looks for due deliveries (default 1000)
 * @param maxAttempts attempts before a delivery is dead (default 8)
 * @param initialBackoff the wait after the first failed attempt, doubled after each further one
 *     (default 30s)
 * @param maxBackoff the longest wait between attempts (default 6h)
 * @param timeout how long one attempt may take, connecting included (default 10s)
 * @param batchSize how many due deliveries a node claims and sends at once (default 50)
 */
@ConfigurationProperties("hengel.webhooks")
public record WebhookProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1000") long pollMillis,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("30s") Duration initialBackoff,
    @DefaultValue("6h") Duration maxBackoff,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("50") int batchSize) {

  public WebhookProperties {
    if (pollMillis < 1 || maxAttempts < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "hengel.webhooks.poll-millis, max-attempts and batch-size must be at least 1");
    }
    if (!initialBackoff.isPositive()
        || maxBackoff.compareTo(initialBackoff) < 0
        || !timeout.isPositive()) {
      throw new IllegalArgumentException(
          "hengel.webhooks.initial-backoff and timeout must be positive, and max-backoff at least"
              + " initial-backoff");
    }
  }

  /**
   * The wait after the {@code failed}-th failed attempt: initial-backoff × 2^(failed-1), at most
   * max-backoff.
   */
  public Duration backoffAfter(int failed) {
    Duration wait = initialBackoff;
    for (int i = 1; i < failed && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
