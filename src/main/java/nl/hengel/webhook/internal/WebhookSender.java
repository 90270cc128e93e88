package nl.hengel.webhook.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.hengel.webhook.Delivery;
import nl.hengel.webhook.WebhookProperties;
import nl.hengel.webhook.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries: claims a batch no other node holds and leases it (one short transaction),
 * then sends each over HTTP outside any transaction, then records each outcome. 2xx is delivered;
 * anything else is tried again after initial-backoff × 2^(attempts-1), at most max-backoff, until
 * max-attempts, then the delivery is dead. A node that dies between sending and recording leaves
 * the delivery due again when its lease ends, so the receiver may get the message twice, with the
 * same {@code webhook-id}: Standard Webhooks receivers de-duplicate on it. Runs on server nodes
 * unless {@code hengel.webhooks.enabled=false}.
 */
@Component
@ConditionalOnWebApplication
@ConditionalOnProperty(
    name = "hengel.webhooks.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class WebhookSender implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

  /** Time beyond the attempt's timeout for recording its outcome before another node may retry. */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(60);

  /** The most of a failing receiver's answer kept as the delivery's last error. */
  static final int ANSWER_EXCERPT = 200;

  private final Deliveries deliveries;
  private final TransactionTemplate transactions;
  private final WebhookProperties properties;
  private final Clock clock;
  private final HttpClient http;
  private final ExecutorService poller =
      Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "hengel-webhooks");
        thread.setDaemon(true);
        return thread;
      });
  private final ExecutorService senders =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hengel-webhook-", 0).factory());
  private final AtomicBoolean queued = new AtomicBoolean();

  WebhookSender(
      Deliveries deliveries,
      TransactionTemplate transactions,
      WebhookProperties properties,
      Clock clock) {
    this.deliveries = deliveries;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** Looks for due deliveries now rather than at the next poll. */
  public void nudge() {
    // At most one pass waits behind the running one: it sees whatever the nudges were about.
    if (queued.compareAndSet(false, true)) {
      try {
        poller.execute(() -> {
          queued.set(false);
          sendDue();
        });
      } catch (RejectedExecutionException shuttingDown) {
        queued.set(false);
      }
    }
  }

  /** Nudges once the current transaction commits (at once without one); never if it rolls back. */
  public void nudgeAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              nudge();
            }
          });
    } else {
      nudge();
    }
  }

  @Scheduled(fixedDelayString = "${hengel.webhooks.poll-millis:1000}")
  void poll() {
    nudge();
  }

  private void sendDue() {
    try {
      List<Deliveries.Due> batch;
      do {
        Instant now = clock.instant();
        Instant lease = now.plus(properties.timeout()).plus(LEASE_MARGIN);
        batch =
            transactions.execute(status -> deliveries.claim(properties.batchSize(), now, lease));
        if (batch == null || batch.isEmpty()) {
          return;
        }
        var attempts = new ArrayList<Future<?>>();
        for (Deliveries.Due due : batch) {
          attempts.add(senders.submit(() -> attempt(due)));
        }
        for (Future<?> attempt : attempts) {
          attempt.get();
        }
      } while (batch.size() == properties.batchSize());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | ExecutionException e) {
      log.warn("Could not send webhooks; due deliveries stay due and are tried again", e);
    }
  }

  /** Sends one delivery and records the outcome; never throws. */
  private void attempt(Deliveries.Due due) {
    Instant at = clock.instant();
    Outcome outcome = send(due, at);
    try {
      if (outcome.statusCode() != null && outcome.statusCode() / 100 == 2) {
        deliveries.delivered(due, at, outcome.statusCode());
        return;
      }
      int failed = due.attempts() + 1;
      Instant next =
          failed >= properties.maxAttempts()
              ? null
              : clock.instant().plus(properties.backoffAfter(failed));
      deliveries.failed(due, at, outcome.statusCode(), outcome.error(), next);
      if (next == null) {
        log.warn(
            "Webhook delivery {} ({}) is dead after {} attempts: {}",
            due.id(),
            Delivery.messageIdOf(due.eventId()),
            failed,
            outcome.error());
      } else {
        log.debug("Webhook delivery {} failed ({}), next attempt at {}", due.id(), outcome, next);
      }
    } catch (RuntimeException e) {
      log.warn(
          "Could not record the outcome of webhook delivery {}; it will be sent again", due, e);
    }
  }

  /** What one attempt got: the status code, if an answer came, and an error text if it failed. */
  private record Outcome(Integer statusCode, String error) {}

  private Outcome send(Deliveries.Due due, Instant at) {
    String messageId = Delivery.messageIdOf(due.eventId());
    long timestamp = at.getEpochSecond();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(due.url()))
              .timeout(properties.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "Hengel-Webhooks")
              .header("webhook-id", messageId)
              .header("webhook-timestamp", Long.toString(timestamp))
              .header(
                  "webhook-signature",
                  WebhookSignature.sign(due.secret(), messageId, timestamp, due.payload()))
              .POST(HttpRequest.BodyPublishers.ofString(due.payload(), StandardCharsets.UTF_8))
              .build();
    } catch (IllegalArgumentException e) {
      return new Outcome(null, "invalid URL: " + e.getMessage());
    }
    CompletableFuture<HttpResponse<String>> response =
        http.sendAsync(request, responseInfo -> Excerpt.of(ANSWER_EXCERPT));
    try {
      // The whole attempt, the answer's body included, within the timeout.
      HttpResponse<String> answer =
          response.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
      int code = answer.statusCode();
      return new Outcome(
          code, code / 100 == 2 ? "" : ("HTTP " + code + " " + answer.body()).strip());
    } catch (TimeoutException e) {
      response.cancel(true);
      return new Outcome(null, "no answer within " + properties.timeout());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Outcome(
          null,
          cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.cancel(true);
      return new Outcome(null, "interrupted");
    }
  }

  @Override
  public void destroy() {
    poller.shutdownNow();
    senders.shutdownNow();
    http.shutdownNow();
  }
}
