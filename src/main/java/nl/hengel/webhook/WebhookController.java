package nl.hengel.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions and their deliveries over HTTP. */
@RestController
@RequestMapping("/api/webhooks")
@Tag(name = "Webhooks", description = "Signed webhooks (Standard Webhooks) to other tools")
class WebhookController {

  private final Webhooks webhooks;

  WebhookController(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  record NewWebhookBody(
      @Nullable String url,
      @Nullable List<String> eventTypes,
      @Nullable String description,
      @Nullable Boolean active) {}

  @Schema(description = "A subscription; never its secret")
  record WebhookView(
      long id,
      String url,
      List<String> eventTypes,
      @Nullable String description,
      boolean active,
      Instant createdAt) {
    static WebhookView of(Webhook w) {
      return new WebhookView(
          w.id(), w.url(), w.eventTypes(), w.description(), w.active(), w.createdAt());
    }
  }

  @Schema(description = "A subscription just created, with its signing secret: shown this once")
  record CreatedView(
      long id,
      String url,
      List<String> eventTypes,
      @Nullable String description,
      boolean active,
      Instant createdAt,
      String secret) {

    @Override
    public String toString() {
      return "CreatedView[id=" + id + ", url=" + url + ", secret=whsec_***]";
    }
  }

  @Schema(description = "One event sent (or to be sent) to one subscription")
  record DeliveryView(
      long id,
      long webhookId,
      @Schema(description = "the webhook-id header, the same on every attempt and redelivery")
          String messageId,
      String eventType,
      @Schema(allowableValues = {"pending", "delivered", "dead"}) String status,
      int attempts,
      @Nullable Instant nextAttemptAt,
      @Nullable Instant lastAttemptAt,
      @Nullable Integer lastStatusCode,
      @Nullable String lastError,
      @Nullable Instant deliveredAt,
      Instant createdAt) {
    static DeliveryView of(Delivery d) {
      return new DeliveryView(
          d.id(),
          d.webhookId(),
          d.messageId(),
          d.eventType(),
          d.status().key(),
          d.attempts(),
          d.nextAttemptAt(),
          d.lastAttemptAt(),
          d.lastStatusCode(),
          d.lastError(),
          d.deliveredAt(),
          d.createdAt());
    }
  }

  @PostMapping
  @Operation(
      summary = "Subscribe a URL to event types (admin); the signing secret is in this answer only")
  ResponseEntity<CreatedView> create(
      @AuthenticationPrincipal Caller caller, @RequestBody NewWebhookBody body) {
    CreatedWebhook created =
        webhooks.create(
            caller,
            new NewWebhook(
                body.url(),
                body.eventTypes(),
                body.description(),
                body.active() == null || body.active()));
    Webhook w = created.webhook();
    return ResponseEntity.created(URI.create("/api/webhooks/" + w.id()))
        .body(
            new CreatedView(
                w.id(),
                w.url(),
                w.eventTypes(),
                w.description(),
                w.active(),
                w.createdAt(),
                created.secret()));
  }

  @GetMapping
  @Operation(summary = "This workspace's subscriptions, without secrets")
  List<WebhookView> list(@AuthenticationPrincipal Caller caller) {
    return webhooks.list(caller.workspace()).stream().map(WebhookView::of).toList();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One subscription, without its secret")
  WebhookView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return WebhookView.of(webhooks.get(caller.workspace(), id));
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Remove a subscription and its deliveries (admin)")
  ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    webhooks.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/deliveries")
  @Operation(
      summary =
          "A subscription's most recent deliveries, newest first; status= pending, delivered or dead")
  List<DeliveryView> deliveries(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String status) {
    Delivery.Status wanted = null;
    if (status != null && !status.isBlank()) {
      wanted = Delivery.Status.ofKey(status.strip());
      if (wanted == null) {
        throw new Problem(
            HttpStatus.BAD_REQUEST,
            "webhook.unknown-delivery-status",
            "Unknown delivery status '" + status + "'; expected pending, delivered or dead.",
            List.of(new Problem.FieldError("status", "expected pending, delivered or dead")));
      }
    }
    return webhooks.deliveries(caller.workspace(), id, wanted).stream()
        .map(DeliveryView::of)
        .toList();
  }

  @PostMapping("/deliveries/{id}/redeliver")
  @Operation(summary = "Send a delivered or dead delivery again, with the same webhook-id (admin)")
  DeliveryView redeliver(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return DeliveryView.of(webhooks.redeliver(caller, id));
  }
}
