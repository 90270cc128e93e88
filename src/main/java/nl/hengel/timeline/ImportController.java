package nl.hengel.timeline;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import nl.hengel.platform.Caller;
import nl.hengel.platform.ProblemDetails;
import nl.hengel.timeline.CsvImports.Options;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.CsvImports.Summary;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** CSV import of people and interactions over HTTP: the body is the file. */
@RestController
@RequestMapping("/api/imports")
@Tag(
    name = "Import",
    description = "CSV import of people and interactions, with per-row errors by line and column")
class ImportController {

  static final String CSV = "text/csv";

  private static final String DESCRIPTION =
      """
      The body is the CSV file (UTF-8, a header line, then one row per line; a byte order mark is fine). \
      A field takes the column named like it, ignoring case, spaces, '_' and '-' (occurred_at, Occurred At), \
      unless map=FIELD:HEADER names another; map=attr.NAME:HEADER puts a column into the free attributes; \
      set=FIELD:VALUE uses one value for every row. Columns no field takes are listed as ignoredColumns. \
      The file is checked whole before anything is written. 200 with the summary when the import ran (also \
      with rejected rows in onError=skip) or was a dry run; 422 problem with errors by line and column when \
      onError=abort refused the file (nothing written); 400 problem for a fault of the file or the options \
      (empty, not UTF-8, duplicate header, a mapped header the file lacks, a required field without column).\
      """;

  private final CsvImports imports;

  ImportController(CsvImports imports) {
    this.imports = imports;
  }

  @PostMapping(
      path = "/interactions",
      consumes = {CSV, MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary = "Import interactions from a CSV file",
      description =
          DESCRIPTION
              + "Fields: "
              + CsvImports.INTERACTION_FIELDS
              + ", attr.NAME; set takes "
              + CsvImports.INTERACTION_CONSTANTS
              + ". "
              + """
              Required: source, occurredAt, department, type \
              (a column or a constant), and the person by email, personSource + personExternalId, or personId. \
              Without an externalId column, each row's externalId is derived: 'csv-' and the first 24 hex digits of \
              the SHA-256 of its mapped values, so importing the same file again stores nothing new (duplicates).\
              """,
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = CSV,
                      schema =
                          @Schema(
                              type = "string",
                              example =
                                  """
                                  email,occurred_at,type,Webinar
                                  anna@acme.example,2026-11-20T14:03:00Z,webinar_attended,Lead scoring 101
                                  """))),
      parameters = {
        @Parameter(
            name = "map",
            in = ParameterIn.QUERY,
            description = "FIELD:HEADER, repeatable, e.g. occurredAt:Event date or attr.path:URL",
            array = @ArraySchema(schema = @Schema(type = "string"))),
        @Parameter(
            name = "set",
            in = ParameterIn.QUERY,
            description = "FIELD:VALUE, repeatable, e.g. department:marketing",
            array = @ArraySchema(schema = @Schema(type = "string")))
      },
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The import ran (or was a dry run)",
            content = @Content(schema = @Schema(implementation = ImportView.class))),
        @ApiResponse(
            responseCode = "400",
            description = "A fault of the file or the options; nothing written",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "422",
            description = "onError=abort and some rows are invalid; nothing written",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<?> interactions(
      @AuthenticationPrincipal Caller caller,
      HttpServletRequest request,
      @Parameter(description = "Check everything, write nothing")
          @RequestParam(defaultValue = "false")
          boolean dryRun,
      @Parameter(
              description =
                  "abort (default): any invalid row and nothing is written; skip: write the valid rows")
          @RequestParam(defaultValue = "abort")
          String onError,
      @Parameter(description = ", (default) ; | or tab") @RequestParam(defaultValue = ",")
          String delimiter)
      throws IOException {
    return run(
        request,
        dryRun,
        onError,
        delimiter,
        (file, options) -> imports.importInteractions(caller.workspace(), file, options));
  }

  @PostMapping(
      path = "/people",
      consumes = {CSV, MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary =
          "Import people from a CSV file, creating or updating each by e-mail and/or external key",
      description =
          DESCRIPTION
              + "Fields: "
              + CsvImports.PEOPLE_FIELDS
              + ", attr.NAME; set takes "
              + CsvImports.PEOPLE_CONSTANTS
              + ". "
              + """
              Required: \
              email, or personSource + personExternalId (both together link the key to the person with the e-mail). \
              The company follows from companyDomain, else from the e-mail's domain unless it is a free-mail domain. \
              Empty cells change nothing.\
              """,
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = CSV,
                      schema =
                          @Schema(
                              type = "string",
                              example =
                                  """
                                  email,first_name,last_name,crm_id
                                  anna@acme.example,Anna,de Vries,0031
                                  """))),
      parameters = {
        @Parameter(
            name = "map",
            in = ParameterIn.QUERY,
            description =
                "FIELD:HEADER, repeatable, e.g. personExternalId:crm_id or attr.title:Job title",
            array = @ArraySchema(schema = @Schema(type = "string"))),
        @Parameter(
            name = "set",
            in = ParameterIn.QUERY,
            description = "FIELD:VALUE, repeatable, e.g. personSource:salesforce",
            array = @ArraySchema(schema = @Schema(type = "string")))
      },
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The import ran (or was a dry run)",
            content = @Content(schema = @Schema(implementation = ImportView.class))),
        @ApiResponse(
            responseCode = "400",
            description = "A fault of the file or the options; nothing written",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "422",
            description = "onError=abort and some rows are invalid; nothing written",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<?> people(
      @AuthenticationPrincipal Caller caller,
      HttpServletRequest request,
      @Parameter(description = "Check everything, write nothing")
          @RequestParam(defaultValue = "false")
          boolean dryRun,
      @Parameter(
              description =
                  "abort (default): any invalid row and nothing is written; skip: write the valid rows")
          @RequestParam(defaultValue = "abort")
          String onError,
      @Parameter(description = ", (default) ; | or tab") @RequestParam(defaultValue = ",")
          String delimiter)
      throws IOException {
    return run(
        request,
        dryRun,
        onError,
        delimiter,
        (file, options) -> imports.importPeople(caller.workspace(), file, options));
  }

  private ResponseEntity<?> run(
      HttpServletRequest request,
      boolean dryRun,
      String onError,
      String delimiter,
      BiFunction<Path, Options, Summary> work)
      throws IOException {
    // Read straight from the query string: Spring's binding would split a single "map" value at its
    // commas.
    var options =
        new Options(
            Options.pairs(values(request, "map"), ':', "map"),
            Options.pairs(values(request, "set"), ':', "set"),
            dryRun,
            CsvImports.OnError.parse(onError),
            Options.delimiter(delimiter));
    requireUtf8(request);
    // Spooled to a file so the import can check the whole file before it writes any of it.
    Path file = Files.createTempFile("hengel-import-", ".csv");
    try {
      Files.copy(request.getInputStream(), file, StandardCopyOption.REPLACE_EXISTING);
      Summary summary = work.apply(file, options);
      if (summary.outcome() == CsvImports.Outcome.REFUSED) {
        return refused(summary);
      }
      return ResponseEntity.ok(ImportView.of(summary, true));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static List<String> values(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }

  /**
   * The header as sent: the servlet's character encoding is forced to UTF-8 before it reaches here.
   */
  private static void requireUtf8(HttpServletRequest request) {
    CsvFile.requireUtf8(request.getHeader("Content-Type"));
  }

  private static ResponseEntity<ProblemDetail> refused(Summary summary) {
    ProblemDetail body =
        ProblemDetails.of(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "timeline.csv-rows-invalid",
            summary.rejected()
                + " of "
                + summary.rowsRead()
                + " rows are invalid, so nothing was written (onError=abort)."
                + " Fix them, or import with onError=skip to store the "
                + summary.valid()
                + " valid rows.",
            List.of());
    body.setProperty("errors", summary.errors().stream().map(ErrorView::of).toList());
    if (summary.errorsNotListed() > 0) {
      body.setProperty("errorsNotListed", summary.errorsNotListed());
    }
    body.setProperty("summary", ImportView.of(summary, false));
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /**
   * One row error: {@code pointer} is {@code line 57, column occurred_at}; line and column are also
   * given apart.
   */
  record ErrorView(
      String pointer, long line, @Nullable String column, String field, String message) {
    static ErrorView of(RowError e) {
      return new ErrorView(
          "line " + e.line() + (e.column() != null ? ", column " + e.column() : ", " + e.field()),
          e.line(),
          e.column(),
          e.field(),
          e.message());
    }
  }

  /** The summary of an import as JSON. */
  @Schema(description = "What an import read, wrote (or in a dry run would write) and refused")
  record ImportView(
      @Schema(allowableValues = {"people", "interactions"}) String kind,
      @Schema(allowableValues = {"imported", "refused", "dry-run"}) String outcome,
      @Schema(allowableValues = {"abort", "skip"}) String onError,
      @Schema(description = "Data rows read (blank rows are skipped)") long rowsRead,
      @Schema(description = "Rows that passed validation") long valid,
      @Schema(
              description =
                  "Interactions stored, or people created or updated (in a dry run: would be)")
          long stored,
      @Schema(
              description =
                  "Interactions whose source + externalId was stored before (in a dry run: would be)")
          long duplicates,
      @Schema(description = "Rows not written because of their errors") long rejected,
      @Schema(
              description =
                  "What fills each field, e.g. occurredAt: column 'Event date', department: = marketing")
          Map<String, String> mapping,
      @Schema(description = "Columns no field takes") List<String> ignoredColumns,
      @Schema(description = "Row errors, at most 1,000, in line order")
          @Nullable List<ErrorView> errors,
      @Schema(description = "Row errors past the first 1,000") long errorsNotListed) {

    static ImportView of(Summary s, boolean withErrors) {
      return new ImportView(
          s.kind(),
          s.outcome().key(),
          s.onError().key(),
          s.rowsRead(),
          s.valid(),
          s.stored(),
          s.duplicates(),
          s.rejected(),
          s.mapping(),
          s.ignoredColumns(),
          withErrors ? s.errors().stream().map(ErrorView::of).toList() : null,
          s.errorsNotListed());
    }
  }
}
