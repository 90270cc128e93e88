package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/** Small helpers every UI controller shares. */
final class Pages {

  private Pages() {}

  /** True for a request htmx made (it sends {@code HX-Request: true}): answer with a fragment. */
  static boolean isHtmx(HttpServletRequest request) {
    return "true".equals(request.getHeader("HX-Request"))
        && !"true".equals(request.getHeader("HX-History-Restore-Request"));
  }

  /** A moment as the date a {@code <input type="date">} shows (its UTC day), or empty. */
  static String date(java.time.@org.jspecify.annotations.Nullable Instant moment) {
    return moment == null ? "" : moment.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The query's values under these names only, as the capabilities' {@code parse} methods take. */
  static Map<String, List<String>> only(MultiValueMap<String, String> query, String... names) {
    var picked = new java.util.LinkedHashMap<String, List<String>>();
    for (String name : names) {
      List<String> values = query.get(name);
      if (values != null) {
        picked.put(name, values);
      }
    }
    return picked;
  }
}
