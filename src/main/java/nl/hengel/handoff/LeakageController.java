package nl.hengel.handoff;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The leakage report over HTTP, as JSON or as CSV. */
@RestController
@Tag(
    name = "Leakage report",
    description =
        "Every lead that left the funnel or stalled without an outcome, by owner, source, campaign"
            + " or cohort month")
class LeakageController {

  static final MediaType CSV =
      new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

  private final Leakage leakage;

  LeakageController(Leakage leakage) {
    this.leakage = leakage;
  }

  @GetMapping("/api/reports/leakage")
  @Operation(
      summary = "The leakage report as of now: counts per category and group, and the leads",
      description =
          """
          Categories (a lead may be in several):
          mql-not-accepted: in mql, and the accept SLA of its current MQL cycle breached or in mql \
          more than mqlDays days;
          not-contacted: in sal or sql with no first contact, and the first-contact SLA breached \
          or accepted more than contactDays days ago;
          sal-stalled: in sal more than salDays days;
          sql-stalled: in sql more than sqlDays days;
          rejected-not-recycled: disqualified straight from mql or sal instead of recycled;
          sla-breached: any SLA clock of the lead breached;
          unassigned: in mql with no owner (routing could not place it).
          from (inclusive) and to (exclusive), a date or a time with offset, filter on each \
          category's moment: entering the stage (acceptance for not-contacted), the breach, the \
          disqualification. Accept: text/csv or format=csv answers the leads as CSV, one row per \
          lead and category (header Hengel-Truncated says whether the list was cut at limit). \
          Any member may read it.\
          """,
      parameters = {
        @Parameter(
            name = "groupBy",
            in = ParameterIn.QUERY,
            description = "owner (default), source, campaign or cohort"),
        @Parameter(
            name = "category",
            in = ParameterIn.QUERY,
            description = "Categories to report, repeated or comma-separated; default all"),
        @Parameter(
            name = "mqlDays",
            in = ParameterIn.QUERY,
            description = "Days in mql before an unaccepted lead leaks (default 2)"),
        @Parameter(
            name = "contactDays",
            in = ParameterIn.QUERY,
            description = "Days after acceptance before an uncontacted lead leaks (default 3)"),
        @Parameter(
            name = "salDays",
            in = ParameterIn.QUERY,
            description = "Days in sal before the lead has stalled (default 14)"),
        @Parameter(
            name = "sqlDays",
            in = ParameterIn.QUERY,
            description = "Days in sql before the lead has stalled (default 60)"),
        @Parameter(
            name = "from",
            in = ParameterIn.QUERY,
            description = "Start of the period, inclusive (2026-11-01 or a time with offset)"),
        @Parameter(
            name = "to",
            in = ParameterIn.QUERY,
            description = "End of the period, exclusive; default all time"),
        @Parameter(
            name = "limit",
            in = ParameterIn.QUERY,
            description = "How many leads to list at most (default 1000, up to 100000)"),
        @Parameter(
            name = "format",
            in = ParameterIn.QUERY,
            description = "json (default) or csv; Accept: text/csv does the same as csv")
      })
  ResponseEntity<?> report(
      @AuthenticationPrincipal Caller caller,
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
          @Nullable String accept) {
    boolean csv = wantsCsv(query.getFirst("format"), accept);
    Leakage.Parameters parameters = Leakage.Parameters.parse(Map.copyOf(query));
    Leakage.Report report = leakage.report(caller.workspace(), parameters);
    if (!csv) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
    var out = new StringWriter();
    report.writeCsv(out);
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"leakage.csv\"")
        .header("Hengel-Truncated", String.valueOf(report.truncated()))
        .body(out.toString());
  }

  private static boolean wantsCsv(@Nullable String format, @Nullable String accept) {
    if (format != null && !format.isBlank()) {
      return switch (format.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default ->
            throw new Problem(
                org.springframework.http.HttpStatus.BAD_REQUEST,
                "handoff.leakage.invalid-parameter",
                "The leakage report has 1 invalid parameter(s).",
                List.of(new Problem.FieldError("format", "'" + format + "' is not json or csv")));
      };
    }
    return accept != null
        && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")
        && !accept.toLowerCase(java.util.Locale.ROOT).contains("application/json");
  }
}
