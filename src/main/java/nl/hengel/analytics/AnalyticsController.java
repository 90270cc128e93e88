package nl.hengel.analytics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The funnel reports over HTTP, as JSON or CSV. Any member of the workspace may read them. The
 * metric definitions in the descriptions are those of {@link Metric}, word for word.
 */
@RestController
@Tag(
    name = "Funnel analytics",
    description = "Waterfall, velocity, SLA compliance and experience index over a time range")
class AnalyticsController {

  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private static final String RANGE =
      " from (inclusive) and to (exclusive): a date (midnight UTC) or a time with offset; either"
          + " end open when absent. JSON by default; Accept: text/csv or format=csv answers CSV"
          + " with a header row.";

  private static final String LEADS =
      Metric.Texts.LEAD
          + " "
          + Metric.Texts.COHORT
          + " groupBy: cohort (default), source, campaign, owner (the lead's owner now), team (the"
          + " lead's team now; a lead without one, such as an imported one, is its owner's first"
          + " team by name), company (the person's company by name, else domain) or an attribute:"
          + " person.NAME or company.NAME (the value as text; missing or empty: (none)). The"
          + " answer's notes (code, counts, text) say what makes a figure less than it seems:"
          + " analytics.implied-stages, analytics.undated-leads, analytics.mixed-currencies,"
          + " analytics.won-without-value; CSV leaves them out.";

  private static final String GROUP_BY =
      "cohort, source, campaign, owner, team, company, or an attribute: person.NAME or"
          + " company.NAME (NAME: letters, digits, _ . -), e.g. company.sector";

  private static final String COHORT =
      "created (default), mql or closed (first won, or lost for a lead never won)";

  private final FunnelAnalytics analytics;

  AnalyticsController(FunnelAnalytics analytics) {
    this.analytics = analytics;
  }

  @GetMapping("/api/analytics/waterfall")
  @Operation(
      summary =
          "Leads that reached each stage, the conversion from stage to stage, won and pipeline"
              + " value",
      description =
          LEADS
              + " "
              + Metric.Texts.REACHED
              + " "
              + Metric.Texts.CONVERSION
              + " "
              + Metric.Texts.DEAL_VALUE
              + " By owner or team with cohort=closed: the deal counts (won, lost) and won value"
              + " per owner or team."
              + RANGE)
  @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = GROUP_BY)
  @Parameter(name = "cohort", in = ParameterIn.QUERY, description = COHORT)
  @Parameter(
      name = "source",
      in = ParameterIn.QUERY,
      description = "Only leads of this first-touch source ('(none)': leads without one)")
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "Start, inclusive")
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "End, exclusive")
  @Parameter(name = "format", in = ParameterIn.QUERY, description = "json (default) or csv")
  ResponseEntity<?> waterfall(
      @AuthenticationPrincipal Caller caller,
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
          @Nullable String accept) {
    boolean csv = wantsCsv(query.getFirst("format"), accept);
    var report =
        analytics.waterfall(
            caller.workspace(), ReportParameters.parse(Report.WATERFALL, Map.copyOf(query)));
    return answer(csv, "waterfall", report, report::writeCsv);
  }

  @GetMapping("/api/analytics/velocity")
  @Operation(
      summary =
          "Median and 80th percentile time from stage to stage, to lost, from acceptance to won"
              + " or lost, and from first touch to won",
      description =
          LEADS
              + " "
              + Metric.Texts.VELOCITY
              + " "
              + Metric.Texts.FIRST_TOUCH_TO_WON
              + " "
              + Metric.Texts.IMPLIED
              + RANGE)
  @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = GROUP_BY)
  @Parameter(name = "cohort", in = ParameterIn.QUERY, description = COHORT)
  @Parameter(
      name = "source",
      in = ParameterIn.QUERY,
      description = "Only leads of this first-touch source ('(none)': leads without one)")
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "Start, inclusive")
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "End, exclusive")
  @Parameter(name = "format", in = ParameterIn.QUERY, description = "json (default) or csv")
  ResponseEntity<?> velocity(
      @AuthenticationPrincipal Caller caller,
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
          @Nullable String accept) {
    boolean csv = wantsCsv(query.getFirst("format"), accept);
    var report =
        analytics.velocity(
            caller.workspace(), ReportParameters.parse(Report.VELOCITY, Map.copyOf(query)));
    return answer(csv, "velocity", report, report::writeCsv);
  }

  @GetMapping("/api/analytics/sla-compliance")
  @Operation(
      summary = "Share of accept and first-contact SLA clocks met on time, per owner or team",
      description =
          Metric.Texts.SLA_COMPLIANCE
              + " groupBy: owner (default) or team. The range is on the clocks' start."
              + RANGE)
  @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = "owner or team")
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "Start, inclusive")
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "End, exclusive")
  @Parameter(name = "format", in = ParameterIn.QUERY, description = "json (default) or csv")
  ResponseEntity<?> slaCompliance(
      @AuthenticationPrincipal Caller caller,
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
          @Nullable String accept) {
    boolean csv = wantsCsv(query.getFirst("format"), accept);
    var report =
        analytics.slaCompliance(
            caller.workspace(), ReportParameters.parse(Report.SLA_COMPLIANCE, Map.copyOf(query)));
    return answer(csv, "sla-compliance", report, report::writeCsv);
  }

  @GetMapping("/api/analytics/experience")
  @Operation(
      summary = "Share of positive interactions, per department or per month",
      description =
          Metric.Texts.EXPERIENCE_INDEX
              + " groupBy: department (default) or month. The range is on occurredAt."
              + RANGE)
  @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = "department or month")
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "Start, inclusive")
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "End, exclusive")
  @Parameter(name = "format", in = ParameterIn.QUERY, description = "json (default) or csv")
  ResponseEntity<?> experience(
      @AuthenticationPrincipal Caller caller,
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
          @Nullable String accept) {
    boolean csv = wantsCsv(query.getFirst("format"), accept);
    var report =
        analytics.experience(
            caller.workspace(), ReportParameters.parse(Report.EXPERIENCE, Map.copyOf(query)));
    return answer(csv, "experience", report, report::writeCsv);
  }

  private static ResponseEntity<?> answer(
      boolean csv, String name, Object report, Consumer<Writer> writeCsv) {
    if (!csv) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
    var out = new StringWriter();
    writeCsv.accept(out);
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
        .body(out.toString());
  }

  private static boolean wantsCsv(@Nullable String format, @Nullable String accept) {
    if (format != null && !format.isBlank()) {
      return switch (format.trim().toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default ->
            throw new Problem(
                HttpStatus.BAD_REQUEST,
                ReportParameters.INVALID,
                "The report has 1 invalid parameter(s).",
                List.of(new Problem.FieldError("format", "'" + format + "' is not json or csv")));
      };
    }
    return accept != null
        && accept.toLowerCase(Locale.ROOT).contains("text/csv")
        && !accept.toLowerCase(Locale.ROOT).contains("application/json");
  }
}
