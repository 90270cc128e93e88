package nl.hengel.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.webhook.internal.Deliveries;
import nl.hengel.webhook.internal.Subscriptions;
import nl.hengel.webhook.internal.WebhookSender;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's webhook subscriptions and their deliveries: admins subscribe a URL to event types
 * (getting its signing secret once), remove subscriptions and redeliver; every member reads them.
 * No workspace sees another's.
 */
@Service
public class Webhooks {

  /** The longest URL accepted. */
  public static final int MAX_URL = 2000;

  /** The longest description accepted. */
  public static final int MAX_DESCRIPTION = 500;

  /** How many of a subscription's most recent deliveries are listed. */
  public static final int RECENT_DELIVERIES = 100;

  private final Subscriptions subscriptions;
  private final Deliveries deliveries;
  private final ObjectProvider<WebhookSender> sender;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Webhooks(
      Subscriptions subscriptions,
      Deliveries deliveries,
      ObjectProvider<WebhookSender> sender,
      Clock clock) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.sender = sender;
    this.clock = clock;
  }

  /**
   * Subscribes a URL to event types (admins only). Every fault of the request is reported at once,
   * with a pointer to it, and nothing is stored.
   */
  @Transactional
  public CreatedWebhook create(Caller caller, NewWebhook request) {
    requireAdmin(caller, "subscribe webhooks");
    var errors = new ArrayList<Problem.FieldError>();
    String url = request.url() == null ? "" : request.url().strip();
    String urlFault = urlFault(url);
    if (urlFault != null) {
      errors.add(new Problem.FieldError("/url", urlFault));
    }
    List<String> types = request.eventTypes() == null ? List.of() : request.eventTypes();
    if (types.isEmpty()) {
      errors.add(
          new Problem.FieldError(
              "/eventTypes", "must name at least one of " + String.join(", ", EventTypes.KNOWN)));
    }
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i) == null || !EventTypes.isKnown(types.get(i))) {
        errors.add(
            new Problem.FieldError(
                "/eventTypes/" + i,
                "unknown event type '"
                    + types.get(i)
                    + "', expected one of "
                    + String.join(", ", EventTypes.KNOWN)));
      }
    }
    String description =
        request.description() == null || request.description().isBlank()
            ? null
            : request.description().strip();
    if (description != null && description.length() > MAX_DESCRIPTION) {
      errors.add(
          new Problem.FieldError(
              "/description", "must be at most " + MAX_DESCRIPTION + " characters"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "webhook.invalid-subscription",
          "The subscription has " + errors.size() + " fault(s); nothing was stored.",
          errors);
    }
    String secret = WebhookSignature.newSecret(random);
    Webhook created =
        subscriptions.insert(
            caller.workspace(),
            url,
            types.stream().distinct().sorted().toList(),
            description,
            request.active(),
            secret,
            clock.instant());
    return new CreatedWebhook(created, secret);
  }

  /** The workspace's subscriptions, oldest first, without secrets. */
  public List<Webhook> list(WorkspaceId ws) {
    return subscriptions.list(ws);
  }

  public Webhook get(WorkspaceId ws, long id) {
    return subscriptions.find(ws, id).orElseThrow(() -> notFound(id));
  }

  /** Removes a subscription and its deliveries (admins only); nothing more is sent to it. */
  @Transactional
  public void delete(Caller caller, long id) {
    requireAdmin(caller, "remove webhooks");
    if (!subscriptions.delete(caller.workspace(), id)) {
      throw notFound(id);
    }
  }

  /**
   * A subscription's {@link #RECENT_DELIVERIES} most recent deliveries, newest first, optionally
   * only those of one status.
   */
  public List<Delivery> deliveries(
      WorkspaceId ws, long webhookId, Delivery.@Nullable Status status) {
    get(ws, webhookId);
    return deliveries.list(ws, webhookId, status, RECENT_DELIVERIES);
  }

  /**
   * Sends a delivered or dead delivery again (admins only), with the same {@code webhook-id} and a
   * fresh round of attempts; a pending one is refused, it is going out anyway.
   */
  @Transactional
  public Delivery redeliver(Caller caller, long deliveryId) {
    requireAdmin(caller, "redeliver webhooks");
    Delivery delivery =
        deliveries
            .find(caller.workspace(), deliveryId)
            .orElseThrow(() ->
                Problem.notFound(
                    "webhook.delivery-not-found",
                    "No webhook delivery " + deliveryId + " in this workspace."));
    if (!deliveries.redeliver(caller.workspace(), deliveryId, clock.instant())) {
      throw Problem.conflict(
          "webhook.delivery-pending",
          "Delivery "
              + deliveryId
              + " is "
              + delivery.status().key()
              + "; only a delivered or dead delivery can be redelivered.");
    }
    sender.ifAvailable(WebhookSender::nudgeAfterCommit);
    return deliveries.find(caller.workspace(), deliveryId).orElseThrow();
  }

  private static @Nullable String urlFault(String url) {
    if (url.isEmpty()) {
      return "is required: an absolute http or https URL";
    }
    if (url.length() > MAX_URL) {
      return "must be at most " + MAX_URL + " characters";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a valid URL: " + e.getMessage();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      return "must be an absolute http or https URL";
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return "must name a host";
    }
    if (uri.getFragment() != null) {
      return "must not have a fragment (#…)";
    }
    return null;
  }

  private static void requireAdmin(Caller caller, String what) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden(
          "access.forbidden", "Only an admin of this workspace may " + what + ".");
    }
  }

  private static Problem notFound(long id) {
    return Problem.notFound("webhook.not-found", "No webhook " + id + " in this workspace.");
  }
}
