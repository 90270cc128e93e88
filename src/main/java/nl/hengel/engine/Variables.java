package nl.hengel.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.hengel.engine.Definition.AttributeType;

/**
 * The variables a lead definition's expressions may use, and their types. Where each may be used:
 * person and company attributes everywhere; {@code event.*} in engagement rules; the running
 * figures ({@code fit}, {@code engagement}, {@code touches.*}, {@code days_since_first_touch}) in
 * the mql gate. The README documents the same list.
 */
public final class Variables {

  private Variables() {}

  /**
   * Person and company attributes every definition knows; a definition's {@code attributes:} adds
   * more.
   */
  public static final Map<String, AttributeType> DEFAULT_ATTRIBUTES =
      ordered(
          "person.email", AttributeType.STRING,
          "person.email_domain", AttributeType.STRING,
          "person.first_name", AttributeType.STRING,
          "person.last_name", AttributeType.STRING,
          "person.title", AttributeType.STRING,
          "person.seniority", AttributeType.STRING,
          "person.country", AttributeType.STRING,
          "company.domain", AttributeType.STRING,
          "company.name", AttributeType.STRING,
          "company.country", AttributeType.STRING,
          "company.employees", AttributeType.INT,
          "company.industry", AttributeType.STRING,
          "company.revenue", AttributeType.DOUBLE);

  /**
   * The interaction being scored, in engagement rules. {@code event.attributes} is a map of
   * anything.
   */
  public static final Map<String, String> EVENT =
      ordered(
          "event.type", "string: content_download, page_view, webinar_attended, …",
          "event.source", "string: the sending system",
          "event.department", "string: marketing, sales or service",
          "event.channel", "string, \"\" when absent",
          "event.campaign", "string, \"\" when absent",
          "event.content", "string, \"\" when absent",
          "event.sentiment", "string: positive, neutral or negative",
          "event.path", "string: attributes.path, \"\" when absent",
          "event.attributes",
              "map(string, dyn): the free attributes; guard with has(event.attributes.x)");

  /** The running figures of a lead, in the mql gate, as of the event being folded. */
  public static final Map<String, String> GATE =
      ordered(
          "fit", "int: the sum of the fit rules that hold",
          "engagement", "double: decayed engagement points at this moment",
          "touches.count", "int: interactions so far",
          "touches.distinct_content", "int: different content items so far",
          "touches.distinct_campaigns", "int: different campaigns so far",
          "touches.marketing", "int: marketing interactions so far",
          "touches.sales", "int: sales interactions so far",
          "touches.service", "int: service interactions so far",
          "touches.positive", "int: positive interactions so far",
          "touches.negative", "int: negative interactions so far",
          "touches.departments", "list(string): departments that touched the person so far",
          "days_since_first_touch", "double: days since the first interaction");

  /** Interaction types Hengel and its importers send; a rule on another type gets a warning. */
  public static final java.util.Set<String> KNOWN_TYPES =
      java.util.Set.of(
          "content_download",
          "webinar_registered",
          "webinar_attended",
          "event_attended",
          "email_open",
          "email_click",
          "email_unsubscribed",
          "email_bounced",
          "spam_complaint",
          "page_view",
          "form_submitted",
          "demo_requested",
          "trial_started",
          "call",
          "meeting",
          "email_sent",
          "email_received",
          "ticket_opened",
          "ticket_closed",
          "chat",
          "complaint",
          "deal_won",
          "deal_lost");

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> ordered(Object... pairs) {
    var map = new LinkedHashMap<String, V>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (V) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
