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
import java.util.function.Function;
import nl.hengel.platform.Caller;
import nl.hengel.platform.ProblemDetails;
import nl.hengel.timeline.CsvImports.Options;
import nl.hengel.timeline.CsvImports.Outcome;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.ImportController.ErrorView;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A CRM's accounts and sales teams over HTTP: the body is the CSV file, as the CLI reads it. */
@RestController
@RequestMapping("/api/imports")
@Tag(
    name = "Import",
    description = "CSV import of people and interactions, with per-row errors by line and column")
class CrmImportController {

  private static final String DESCRIPTION =
      """
      The body is the CSV file (UTF-8, a header line, then one row per line; a byte order mark is fine). \
      map=FIELD:HEADER names the column of a field (a field otherwise takes the column named like it), \
      set=source:VALUE names the system the keys belong to (default crm). The whole file is checked, \
      against itself and the workspace, before anything is written: any invalid row and nothing is \
      written (422 with errors by line and column). 200 with the counts when the import ran or was a dry \
      run; importing the same file again counts everything unchanged. 400 for a fault of the file or the \
      options.\
      """;

  private final AccountImports accounts;
  private final OwnerImports owners;

  CrmImportController(AccountImports accounts, OwnerImports owners) {
    this.accounts = accounts;
    this.owners = owners;
  }

  @PostMapping(
      path = "/accounts",
      consumes = {ImportController.CSV, MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary = "Import a CRM's accounts as companies known by their CRM name or id",
      description =
          DESCRIPTION
              + " Fields: "
              + AccountImports.FIELDS
              + ", attr.NAME. Required: name (the account's name, a key). id: the account's id,"
              + " the key it is known by when given. domain: its web site or domain; a company"
              + " with that domain becomes the account. parent: the parent account's name or id,"
              + " which must be an account of the file or known before; stored as attribute"
              + " parent. attr.employees must be a whole number and attr.revenue a number (fit"
              + " rules read company.employees and company.revenue as numbers); other attributes"
              + " are text. Attributes are merged into the company's; empty cells change nothing.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = ImportController.CSV,
                      schema =
                          @Schema(
                              type = "string",
                              example =
                                  """
                                  account,sector,revenue,employees,office_location,subsidiary_of
                                  Acme Corporation,technology,1100.04,2822,United States,
                                  Acme Labs,technology,98.2,120,Netherlands,Acme Corporation
                                  """))),
      parameters = {
        @Parameter(
            name = "map",
            in = ParameterIn.QUERY,
            description =
                "FIELD:HEADER, repeatable, e.g. name:account, parent:subsidiary_of,"
                    + " attr.employees:employees",
            array = @ArraySchema(schema = @Schema(type = "string"))),
        @Parameter(
            name = "set",
            in = ParameterIn.QUERY,
            description = "source:VALUE, the system the keys belong to (default crm)",
            array = @ArraySchema(schema = @Schema(type = "string")))
      },
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The import ran (or was a dry run)",
            content = @Content(schema = @Schema(implementation = AccountsView.class))),
        @ApiResponse(
            responseCode = "400",
            description = "A fault of the file or the options; nothing written",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "422",
            description = "Some rows are invalid; nothing written",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<?> accounts(
      @AuthenticationPrincipal Caller caller,
      HttpServletRequest request,
      @Parameter(description = "Check everything, write nothing")
          @RequestParam(defaultValue = "false")
          boolean dryRun,
      @Parameter(description = ", (default) ; | or tab") @RequestParam(defaultValue = ",")
          String delimiter)
      throws IOException {
    Options options = options(request, dryRun, delimiter);
    AccountImports.Report report =
        spooled(request, file -> accounts.run(caller.workspace(), file, options));
    AccountsView view = AccountsView.of(report);
    return report.outcome() == Outcome.REFUSED
        ? refused(report.errors(), report.errorsNotListed(), report.rowsRead(), view)
        : ResponseEntity.ok(view);
  }

  @PostMapping(
      path = "/owners",
      consumes = {ImportController.CSV, MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary = "Import a CRM's sales agents and teams as members and teams (admin)",
      description =
          DESCRIPTION
              + " Fields: "
              + OwnerImports.FIELDS
              + ". Required: name (the agent's name). email: the agent's e-mail; without one, an"
              + " agent is the member of that display name (ignoring case), or becomes a sales"
              + " member without a login, e-mail <name>@<workspace>.<source>.invalid. team: the"
              + " agent's team, created if new; the agent leaves the other teams the file names."
              + " manager: the team's manager, by e-mail or name, made a sales member if new."
              + " Existing members keep their roles. 403 for a caller who is not an admin.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = ImportController.CSV,
                      schema =
                          @Schema(
                              type = "string",
                              example =
                                  """
                                  sales_agent,manager,regional_office
                                  Moses Frase,Dustin Brinkmann,Central
                                  Darcel Schlecht,Melvin Marxen,Central
                                  """))),
      parameters = {
        @Parameter(
            name = "map",
            in = ParameterIn.QUERY,
            description =
                "FIELD:HEADER, repeatable, e.g. name:sales_agent, team:regional_office,"
                    + " manager:manager",
            array = @ArraySchema(schema = @Schema(type = "string"))),
        @Parameter(
            name = "set",
            in = ParameterIn.QUERY,
            description =
                "source:VALUE, the system the names come from, part of generated e-mails"
                    + " (default crm)",
            array = @ArraySchema(schema = @Schema(type = "string")))
      },
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The import ran (or was a dry run)",
            content = @Content(schema = @Schema(implementation = OwnersView.class))),
        @ApiResponse(
            responseCode = "400",
            description = "A fault of the file or the options; nothing written",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "403",
            description = "The caller is not an admin",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "422",
            description = "Some rows are invalid; nothing written",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<?> owners(
      @AuthenticationPrincipal Caller caller,
      HttpServletRequest request,
      @Parameter(description = "Check everything, write nothing")
          @RequestParam(defaultValue = "false")
          boolean dryRun,
      @Parameter(description = ", (default) ; | or tab") @RequestParam(defaultValue = ",")
          String delimiter)
      throws IOException {
    Options options = options(request, dryRun, delimiter);
    OwnerImports.Report report = spooled(request, file -> owners.run(caller, file, options));
    OwnersView view = OwnersView.of(report);
    return report.outcome() == Outcome.REFUSED
        ? refused(report.errors(), report.errorsNotListed(), report.rowsRead(), view)
        : ResponseEntity.ok(view);
  }

  private static Options options(HttpServletRequest request, boolean dryRun, String delimiter) {
    // Read straight from the query string: Spring's binding would split a value at its commas.
    return new Options(
        Options.pairs(values(request, "map"), ':', "map"),
        Options.pairs(values(request, "set"), ':', "set"),
        dryRun,
        CsvImports.OnError.ABORT,
        Options.delimiter(delimiter));
  }

  private static <T> T spooled(HttpServletRequest request, Function<Path, T> work)
      throws IOException {
    CsvFile.requireUtf8(request.getHeader("Content-Type"));
    Path file = Files.createTempFile("hengel-import-", ".csv");
    try {
      Files.copy(request.getInputStream(), file, StandardCopyOption.REPLACE_EXISTING);
      return work.apply(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static List<String> values(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }

  private static ResponseEntity<ProblemDetail> refused(
      List<RowError> errors, long notListed, long rowsRead, Object summary) {
    long lines = errors.stream().mapToLong(RowError::line).distinct().count();
    ProblemDetail body =
        ProblemDetails.of(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "timeline.csv-rows-invalid",
            (notListed > 0 ? "At least " : "")
                + lines
                + " of "
                + rowsRead
                + " rows are invalid, so nothing was written. Fix them and import the file again.",
            List.of());
    body.setProperty("errors", errors.stream().map(ErrorView::of).toList());
    if (notListed > 0) {
      body.setProperty("errorsNotListed", notListed);
    }
    body.setProperty("summary", summary);
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /** The report of an accounts import as JSON. */
  @Schema(description = "What an accounts import read and wrote (or in a dry run would write)")
  record AccountsView(
      @Schema(allowableValues = {"imported", "refused", "dry-run"}) String outcome,
      @Schema(description = "The system the keys belong to") String source,
      @Schema(description = "Data rows read (blank rows are skipped)") long rowsRead,
      @Schema(description = "Different accounts among them") long accounts,
      @Schema(description = "Companies created") long created,
      @Schema(description = "Companies whose name, domain, attributes or keys changed")
          long updated,
      @Schema(description = "Companies that already were as the file says") long unchanged,
      @Schema(description = "What fills each field, e.g. name: column 'account'")
          Map<String, String> mapping,
      @Schema(description = "Columns no field takes") List<String> ignoredColumns) {

    static AccountsView of(AccountImports.Report r) {
      return new AccountsView(
          r.outcome().key(),
          r.source(),
          r.rowsRead(),
          r.accounts(),
          r.created(),
          r.updated(),
          r.unchanged(),
          r.mapping(),
          r.ignoredColumns());
    }
  }

  /** The report of an owners import as JSON. */
  @Schema(description = "What an owners import read and wrote (or in a dry run would write)")
  record OwnersView(
      @Schema(allowableValues = {"imported", "refused", "dry-run"}) String outcome,
      @Schema(description = "The system the names come from") String source,
      @Schema(description = "Data rows read (blank rows are skipped)") long rowsRead,
      @Schema(description = "Different sales agents among them") long agents,
      @Schema(description = "Agents and managers added as members") long membersAdded,
      @Schema(description = "Agents and managers that were members already") long membersKnown,
      @Schema(description = "Teams created") long teamsCreated,
      @Schema(description = "Teams whose manager or members changed") long teamsUpdated,
      @Schema(description = "Teams that already were as the file says") long teamsUnchanged,
      @Schema(description = "What fills each field, e.g. name: column 'sales_agent'")
          Map<String, String> mapping,
      @Schema(description = "Columns no field takes") List<String> ignoredColumns) {

    static OwnersView of(OwnerImports.Report r) {
      return new OwnersView(
          r.outcome().key(),
          r.source(),
          r.rowsRead(),
          r.agents(),
          r.membersAdded(),
          r.membersKnown(),
          r.teamsCreated(),
          r.teamsUpdated(),
          r.teamsUnchanged(),
          r.mapping(),
          r.ignoredColumns());
    }
  }
}
