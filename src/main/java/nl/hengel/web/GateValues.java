package nl.hengel.web;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The values a gate part read, as people read them: decimals to one place, in name order. */
public final class GateValues {

  static final GateValues INSTANCE = new GateValues();

  private GateValues() {}

  public String format(Map<String, Object> values) {
    return values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " = " + text(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String text(Object value) {
    return value instanceof Double || value instanceof Float
        ? String.format(Locale.ROOT, "%.1f", ((Number) value).doubleValue())
        : String.valueOf(value);
  }
}
