package nl.hengel.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import nl.hengel.imports.PipelineImports.Report;
import nl.hengel.platform.Caller;
import nl.hengel.platform.ProblemDetails;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.CsvImports.Options;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A CRM's pipeline export over HTTP: the body is the file. */
@RestController
@Tag(
    name = "Import",
    description = "CSV import of people and interactions, with per-row errors by line and column")
class PipelineController {

  private final PipelineImports imports;

  PipelineController(PipelineImports imports) {
    this.imports = imports;
  }

  @PostMapping(
      path = "/api/imports/pipeline",
      consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary = "Import a CRM's pipeline as dated history (admin)",
      description =
          """
          The body is the CSV export (UTF-8; a header line, then one row per opportunity, or one row per stage \
          change when at is mapped). Fields (map=FIELD:COLUMN; a column named like a field fills it): id and \
          stage (required), date.STAGE (when that stage was entered; date.new is the created date) or at, owner \
          (a member's e-mail or display name), account, email, firstName, lastName, amount, currency, reason, \
          leadSource, campaign, attr.NAME. set=FIELD:VALUE takes source (the system of the ids, default crm), \
          stage, owner, account, currency, leadSource, campaign. stage=VALUE:STAGE says what a stage value means \
          (Engaging:sal). Dates without a zone are read in zone (default UTC, and the report says so). Stages the \
          file implies but does not date are recorded at the next dated stage and marked implied. All or nothing: \
          200 with the report when imported or a dry run; 422 problem with the errors by line and column when any \
          row is at fault or contradicts a lead's recorded history (nothing written); 400 for a fault of the \
          file or the options. Importing the same file again changes nothing.\
          """,
      parameters = {
        @Parameter(
            name = "map",
            in = ParameterIn.QUERY,
            description = "FIELD:COLUMN, repeatable, e.g. stage:deal_stage or date.won:close_date",
            array = @ArraySchema(schema = @Schema(type = "string"))),
        @Parameter(
            name = "set",
            in = ParameterIn.QUERY,
            description = "FIELD:VALUE, repeatable, e.g. currency:USD or source:salesforce",
            array = @ArraySchema(schema = @Schema(type = "string"))),
        @Parameter(
            name = "stage",
            in = ParameterIn.QUERY,
            description = "VALUE:STAGE, repeatable, e.g. Engaging:sal",
            array = @ArraySchema(schema = @Schema(type = "string")))
      },
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "Imported, or a dry run",
            content = @Content(schema = @Schema(implementation = Report.class))),
        @ApiResponse(
            responseCode = "400",
            description = "A fault of the file or the options; nothing written",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "403",
            description = "Not an admin",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "422",
            description = "Rows at fault or contradicting recorded history; nothing written",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<?> pipeline(
      @AuthenticationPrincipal Caller caller,
      HttpServletRequest request,
      @Parameter(description = "The zone of dates without one, e.g. Europe/Amsterdam")
          @RequestParam(required = false)
          @Nullable String zone,
      @Parameter(description = "The dates' pattern when not ISO 8601, e.g. M/d/yyyy")
          @RequestParam(required = false)
          @Nullable String dateFormat,
      @Parameter(description = "Owners the workspace lacks become sales members without a login")
          @RequestParam(defaultValue = "false")
          boolean createOwners,
      @Parameter(description = "Check everything, write nothing")
          @RequestParam(defaultValue = "false")
          boolean dryRun,
      @Parameter(description = ", (default) ; | or tab") @RequestParam(defaultValue = ",")
          String delimiter,
      @Parameter(description = "The file's name, as the steps' comments cite it")
          @RequestParam(defaultValue = "pipeline.csv")
          String file)
      throws IOException {
    CsvFile.requireUtf8(request.getHeader("Content-Type"));
    // Read straight from the query string: Spring's binding would split a single value at commas.
    PipelineOptions options =
        PipelineOptions.of(
            Options.pairs(values(request, "map"), ':', "map"),
            Options.pairs(values(request, "set"), ':', "set"),
            Options.pairs(values(request, "stage"), ':', "stage"),
            zone,
            dateFormat,
            createOwners,
            dryRun,
            Options.delimiter(delimiter));
    String name = file.length() > 200 ? file.substring(0, 200) : file;
    Report report = imports.importStream(caller, name, request.getInputStream(), options);
    if (report.outcome() != PipelineImports.Outcome.REFUSED) {
      return ResponseEntity.ok(report);
    }
    ProblemDetail body =
        ProblemDetails.of(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "imports.pipeline-rows-invalid",
            (report.errors().size() + report.errorsNotListed())
                + " error(s) in "
                + report.rows()
                + " rows, so nothing was written.",
            List.of());
    body.setProperty("errors", report.errors());
    if (report.errorsNotListed() > 0) {
      body.setProperty("errorsNotListed", report.errorsNotListed());
    }
    body.setProperty("report", report);
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  private static List<String> values(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }
}
