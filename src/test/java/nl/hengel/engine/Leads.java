package nl.hengel.engine;

import java.time.Instant;
import java.util.Map;

/** Small builders for engine tests. */
final class Leads {

  private Leads() {}

  static final Instant DAY0 = Instant.parse("2026-01-05T10:00:00Z");

  static Instant day(double d) {
    return DAY0.plusMillis(Math.round(d * 86_400_000L));
  }

  static Event event(String id, Instant at, String type) {
    return new Event(at, "test", id, "marketing", "web", type, null, null, "neutral", Map.of());
  }

  static Event event(
      String id, Instant at, String department, String type, String content, String path) {
    return new Event(
        at,
        "test",
        id,
        department,
        "web",
        type,
        "campaign-" + (content == null ? "x" : content),
        content,
        "neutral",
        path == null ? Map.of() : Map.of("path", path));
  }

  static Facts facts(CompiledDefinition d, String country, int employees) {
    return Facts.of(
        d, Map.of("seniority", "director"), Map.of("country", country, "employees", employees));
  }
}
