package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.analytics.ExperienceIndex;
import nl.hengel.analytics.FunnelAnalytics;
import nl.hengel.analytics.Report;
import nl.hengel.analytics.ReportParameters;
import nl.hengel.analytics.SlaCompliance;
import nl.hengel.analytics.Velocity;
import nl.hengel.analytics.Waterfall;
import nl.hengel.handoff.Leakage;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard: the funnel reports of {@link FunnelAnalytics} for a period, cohort and grouping,
 * each as a chart and a table, with the same numbers as CSV, and the leakage count. Every member
 * may read it.
 */
@Controller
class DashboardController {

  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
  private static final String[] FILTERS = {"from", "to", "cohort", "groupBy", "source"};

  private final FunnelAnalytics analytics;
  private final Leakage leakage;

  DashboardController(FunnelAnalytics analytics, Leakage leakage) {
    this.analytics = analytics;
    this.leakage = leakage;
  }

  @GetMapping("/ui/dashboard")
  String dashboard(
      @AuthenticationPrincipal Caller caller,
      @RequestParam MultiValueMap<String, String> query,
      HttpServletRequest request,
      Model model) {
    var funnel = funnel(query);
    var range = Pages.only(query, "from", "to");
    Waterfall waterfall =
        analytics.waterfall(caller.workspace(), ReportParameters.parse(Report.WATERFALL, funnel));
    Velocity velocity =
        analytics.velocity(caller.workspace(), ReportParameters.parse(Report.VELOCITY, funnel));
    SlaCompliance sla =
        analytics.slaCompliance(
            caller.workspace(), ReportParameters.parse(Report.SLA_COMPLIANCE, range));
    ExperienceIndex experience =
        analytics.experience(caller.workspace(), ReportParameters.parse(Report.EXPERIENCE, range));
    Leakage.Report leaks =
        leakage.report(caller.workspace(), Leakage.Parameters.parse(Map.of("limit", List.of("0"))));

    model.addAttribute("filters", waterfall.parameters());
    model.addAttribute("fromDate", Pages.date(waterfall.parameters().from()));
    model.addAttribute("toDate", Pages.date(waterfall.parameters().to()));
    model.addAttribute(
        "groupings",
        Report.WATERFALL.groupings().stream().filter(g -> g != Report.GroupBy.ATTRIBUTE).toList());
    model.addAttribute("spans", List.of(Velocity.Span.values()));
    model.addAttribute("query", queryString(funnel));
    model.addAttribute("waterfall", waterfall);
    model.addAttribute("waterfallChart", DashboardCharts.waterfall(waterfall.total()));
    model.addAttribute("velocity", velocity);
    model.addAttribute("velocityChart", DashboardCharts.velocity(velocity));
    model.addAttribute("sla", sla);
    model.addAttribute("slaChart", DashboardCharts.sla(sla));
    model.addAttribute("experience", experience);
    model.addAttribute("experienceChart", DashboardCharts.experience(experience));
    model.addAttribute("leaking", leaks.groups().stream().mapToInt(Leakage.Group::leads).sum());
    model.addAttribute("leakCategories", leaks.categories());
    return Pages.isHtmx(request) ? "dashboard :: results" : "dashboard";
  }

  /** The numbers of one of the dashboard's reports as CSV, for the same filters. */
  @GetMapping("/ui/dashboard/{report}.csv")
  ResponseEntity<String> csv(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String report,
      @RequestParam MultiValueMap<String, String> query) {
    var funnel = funnel(query);
    var range = Pages.only(query, "from", "to");
    var out = new StringWriter();
    switch (report) {
      case "waterfall" ->
          analytics
              .waterfall(caller.workspace(), ReportParameters.parse(Report.WATERFALL, funnel))
              .writeCsv(out);
      case "velocity" ->
          analytics
              .velocity(caller.workspace(), ReportParameters.parse(Report.VELOCITY, funnel))
              .writeCsv(out);
      case "sla-compliance" ->
          analytics
              .slaCompliance(
                  caller.workspace(), ReportParameters.parse(Report.SLA_COMPLIANCE, range))
              .writeCsv(out);
      case "experience" ->
          analytics
              .experience(caller.workspace(), ReportParameters.parse(Report.EXPERIENCE, range))
              .writeCsv(out);
      default ->
          throw Problem.notFound(
              "analytics.unknown-report",
              "No report '" + report + "': waterfall, velocity, sla-compliance or experience.");
    }
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + report + ".csv\"")
        .body(out.toString());
  }

  /**
   * The waterfall and velocity filters; the form's "attribute…" grouping with its attribute field
   * ({@code groupBy=attribute&attribute=company.sector}) is the grouping by that attribute.
   */
  private static Map<String, List<String>> funnel(MultiValueMap<String, String> query) {
    var funnel = Pages.only(query, FILTERS);
    String attribute = query.getFirst("attribute");
    if ("attribute".equals(query.getFirst("groupBy"))
        && attribute != null
        && !attribute.isBlank()) {
      funnel.put("groupBy", List.of(attribute.trim()));
    }
    return funnel;
  }

  /** The filters as a query string for the CSV links, empty values left out. */
  private static String queryString(Map<String, List<String>> filters) {
    var parts = new ArrayList<String>();
    filters.forEach((name, values) -> {
      String value = values.isEmpty() ? null : values.getLast();
      if (value != null && !value.isBlank()) {
        parts.add(name + "=" + java.net.URLEncoder.encode(value.trim(), StandardCharsets.UTF_8));
      }
    });
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }
}
