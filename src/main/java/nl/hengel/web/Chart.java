package nl.hengel.web;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a page's chart shows, for {@code /js/hengel.js} to draw with ECharts: categories along the x
 * axis, one or more series of values (null where there is none), and the unit of the values ({@code
 * count}, {@code percent} as 0..1 shares, or {@code days}). A template embeds it in the page with
 * {@code th:data-chart="${chart.json()}"}, so the chart needs no further request.
 */
public record Chart(Kind kind, String unit, List<String> categories, List<Series> series) {

  /** How the values are drawn. */
  public enum Kind {
    BAR,
    LINE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One named row of values, one per category. */
  public record Series(String name, List<? extends Number> values) {}

  public Chart {
    categories = List.copyOf(categories);
    series = List.copyOf(series);
  }

  /** Whether any series has a value to draw. */
  public boolean isEmpty() {
    return series.stream()
        .allMatch(s -> s.values().stream().allMatch(v -> v == null || v.doubleValue() == 0));
  }

  /** The chart as JSON, for a {@code data-chart} attribute (Thymeleaf escapes it there). */
  public String json() {
    return JsonMapper.shared().writeValueAsString(this);
  }
}
