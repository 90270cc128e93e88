package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.handoff.Leakage;
import nl.hengel.platform.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The leakage report page: the leads that left the funnel or stalled, by owner, source, campaign or
 * cohort, per category, for a period, with the leads listed (at most {@value #SHOWN}) and the same
 * report as CSV. Every member may read it.
 */
@Controller
class LeakageReportController {

  /** How many leads the page lists; the CSV has them all (up to the report's own limit). */
  static final int SHOWN = 200;

  private static final String[] FILTERS = {
    "groupBy", "category", "from", "to", "mqlDays", "contactDays", "salDays", "sqlDays"
  };

  private final Leakage leakage;

  LeakageReportController(Leakage leakage) {
    this.leakage = leakage;
  }

  @GetMapping("/ui/leakage")
  String leakage(
      @AuthenticationPrincipal Caller caller,
      @RequestParam MultiValueMap<String, String> query,
      HttpServletRequest request,
      Model model) {
    var filters = new java.util.LinkedHashMap<>(Pages.only(query, FILTERS));
    filters.put("limit", List.of(String.valueOf(SHOWN)));
    Leakage.Report report = leakage.report(caller.workspace(), Leakage.Parameters.parse(filters));
    model.addAttribute("report", report);
    model.addAttribute("p", report.parameters());
    model.addAttribute("fromDate", Pages.date(report.parameters().from()));
    model.addAttribute("toDate", Pages.date(report.parameters().to()));
    model.addAttribute("groupings", Leakage.GroupBy.values());
    model.addAttribute("allCategories", Leakage.Category.values());
    model.addAttribute("leaking", report.groups().stream().mapToInt(Leakage.Group::leads).sum());
    var totals = new java.util.HashMap<String, Integer>();
    report.categories().forEach(c -> totals.put(c.key().key(), c.count()));
    model.addAttribute("totals", totals);
    model.addAttribute("query", queryString(Pages.only(query, FILTERS)));
    return Pages.isHtmx(request) ? "leakage :: results" : "leakage";
  }

  /** The report's leads as CSV, one row per lead and category, for the same filters. */
  @GetMapping("/ui/leakage.csv")
  ResponseEntity<String> csv(
      @AuthenticationPrincipal Caller caller, @RequestParam MultiValueMap<String, String> query) {
    Leakage.Report report =
        leakage.report(caller.workspace(), Leakage.Parameters.parse(Pages.only(query, FILTERS)));
    var out = new StringWriter();
    report.writeCsv(out);
    return ResponseEntity.ok()
        .contentType(DashboardController.CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"leakage.csv\"")
        .header("Hengel-Truncated", String.valueOf(report.truncated()))
        .body(out.toString());
  }

  /** The filters as a query string for the CSV link, empty values left out. */
  private static String queryString(Map<String, List<String>> filters) {
    var parts = new ArrayList<String>();
    filters.forEach((name, values) -> {
      for (String value : values) {
        if (value != null && !value.isBlank()) {
          parts.add(name + "=" + java.net.URLEncoder.encode(value.trim(), StandardCharsets.UTF_8));
        }
      }
    });
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }
}
