package nl.hengel.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One interaction as the engine sees it. Events are folded in the order of {@link #ORDER}: by time,
 * then by source and external id, so the outcome depends only on the set of events, never on the
 * order they arrived in.
 */
public record Event(
    Instant at,
    String source,
    String externalId,
    String department,
    @Nullable String channel,
    String type,
    @Nullable String campaign,
    @Nullable String content,
    String sentiment,
    Map<String, Object> attributes) {

  /** The one order of the fold. */
  public static final Comparator<Event> ORDER =
      Comparator.comparing(Event::at).thenComparing(Event::source).thenComparing(Event::externalId);

  public Event {
    attributes = normalise(attributes);
  }

  /** {@code attributes.path} as a string, or "" (rules test page paths often). */
  public String path() {
    return attributes.get("path") instanceof String s ? s : "";
  }

  /** CEL knows int as Long and double as Double: JSON numbers are brought to those. */
  static Map<String, Object> normalise(@Nullable Map<String, Object> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    boolean clean = true;
    for (Object v : attributes.values()) {
      if (v == null
          || v instanceof Integer
          || v instanceof Short
          || v instanceof Byte
          || v instanceof Float
          || v instanceof java.math.BigDecimal
          || v instanceof java.math.BigInteger
          || v instanceof List<?>
          || v instanceof Map<?, ?>) {
        clean = false;
        break;
      }
    }
    if (clean) {
      return attributes;
    }
    var result = new HashMap<String, Object>();
    attributes.forEach((k, v) -> {
      Object n = value(v);
      if (n != null) {
        result.put(k, n);
      }
    });
    return result;
  }

  private static @Nullable Object value(@Nullable Object v) {
    return switch (v) {
      case null -> null;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Float f -> f.doubleValue();
      case java.math.BigInteger b -> b.longValue();
      case java.math.BigDecimal d ->
          d.scale() <= 0 ? (Object) d.longValue() : (Object) d.doubleValue();
      case List<?> l -> l.stream().map(Event::value).filter(java.util.Objects::nonNull).toList();
      case Map<?, ?> m -> {
        var inner = new HashMap<String, Object>();
        m.forEach((k, x) -> {
          Object n = value(x);
          if (n != null) {
            inner.put(String.valueOf(k), n);
          }
        });
        yield inner;
      }
      default -> v;
    };
  }
}
