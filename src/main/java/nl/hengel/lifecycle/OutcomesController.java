package nl.hengel.lifecycle;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Caller;
import nl.hengel.platform.ProblemDetails;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.CsvImports;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lead moves in bulk from a CSV file over HTTP: the body is the file. */
@RestController
@Tag(name = "Lifecycle")
class OutcomesController {

  private final OutcomeImports imports;

  OutcomesController(OutcomeImports imports) {
    this.imports = imports;
  }

  @PostMapping(
      path = "/api/leads/outcomes",
      consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary = "Move leads from a CSV file (a CRM export of outcomes), all or nothing",
      description =
          """
          The body is a CSV file (UTF-8, a header line, then one move per row, applied in file order, so \
          rows may take one lead sal → sql → won). Columns, named like the field ignoring case, spaces, '_' and \
          '-': the person by email, personId, or personSource + personExternalId; stage (the target: sal, sql, \
          won, lost, nurture, disqualified, suppressed); reason (a code from /api/lifecycle/reasons where the \
          move needs one); comment. Each move is checked by the same policies, roles and ownership as a move \
          by hand, and recorded with the caller as actor. 200 with the summary when every row applied (or, \
          with dryRun, would apply); 422 problem listing every failed row by line and column, with the \
          refusing policy's reason, and nothing written; 400 for a fault of the file.\
          """,
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "text/csv",
                      schema =
                          @Schema(
                              type = "string",
                              example =
                                  """
                                  email,stage,reason,comment
                                  eva@acme.example,sql,,
                                  eva@acme.example,won,,Signed 2026-11-20
                                  finn@acme.example,lost,price,
                                  """))),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "Every row applied (or, in a dry run, would apply)",
            content = @Content(schema = @Schema(implementation = SummaryView.class))),
        @ApiResponse(
            responseCode = "400",
            description = "A fault of the file; nothing written",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "422",
            description = "Some rows failed; nothing written",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<?> importOutcomes(
      @AuthenticationPrincipal Caller caller,
      HttpServletRequest request,
      @Parameter(description = "Check every row against the leads, write nothing")
          @RequestParam(defaultValue = "false")
          boolean dryRun,
      @Parameter(description = ", (default) ; | or tab") @RequestParam(defaultValue = ",")
          String delimiter)
      throws IOException {
    char separator = CsvImports.Options.delimiter(delimiter);
    CsvFile.requireUtf8(request.getHeader("Content-Type"));
    return switch (imports.importStream(caller, request.getInputStream(), dryRun, separator)) {
      case OutcomeImports.Result.Imported r ->
          ResponseEntity.ok(SummaryView.of("imported", r.rows(), r.byStage()));
      case OutcomeImports.Result.DryRun r ->
          ResponseEntity.ok(SummaryView.of("dry-run", r.rows(), r.byStage()));
      case OutcomeImports.Result.Refused r -> refused(r);
    };
  }

  private static ResponseEntity<ProblemDetail> refused(OutcomeImports.Result.Refused r) {
    ProblemDetail body =
        ProblemDetails.of(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "lifecycle.outcomes-rows-invalid",
            r.rejected() + " of " + r.rows() + " rows failed, so no lead was moved.",
            List.of());
    body.setProperty("errors", r.errors().stream().map(ErrorView::of).toList());
    if (r.errorsNotListed() > 0) {
      body.setProperty("errorsNotListed", r.errorsNotListed());
    }
    body.setProperty("rows", r.rows());
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /** What an outcomes import moved. */
  @Schema(description = "What an outcomes import moved (or in a dry run would move)")
  record SummaryView(
      @Schema(allowableValues = {"imported", "dry-run"}) String outcome,
      @Schema(description = "Data rows read (blank lines are skipped)") long rows,
      @Schema(description = "Moves made (in a dry run: that would be made)") long applied,
      @Schema(description = "Moves per target stage, e.g. {\"sql\": 3, \"won\": 2}")
          Map<String, Long> stages) {

    static SummaryView of(String outcome, long rows, Map<Stage, Long> byStage) {
      var stages = new LinkedHashMap<String, Long>();
      byStage.forEach((stage, n) -> stages.put(stage.key(), n));
      return new SummaryView(
          outcome, rows, byStage.values().stream().mapToLong(Long::longValue).sum(), stages);
    }
  }

  /**
   * One row error: {@code pointer} is {@code line 5, column Stage}; line and column are also given
   * apart, with the stable code of the refusal.
   */
  record ErrorView(
      String pointer,
      long line,
      @Nullable String column,
      String field,
      String code,
      String message) {
    static ErrorView of(OutcomeImports.RowError e) {
      return new ErrorView(
          "line " + e.line() + (e.column() != null ? ", column " + e.column() : ", " + e.field()),
          e.line(),
          e.column(),
          e.field(),
          e.code(),
          e.message());
    }
  }
}
