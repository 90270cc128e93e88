package nl.hengel.definition;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import nl.hengel.definition.Views.ApproverView;
import nl.hengel.definition.Views.AuditView;
import nl.hengel.definition.Views.DiffView;
import nl.hengel.definition.Views.IssueView;
import nl.hengel.definition.Views.LintView;
import nl.hengel.definition.Views.UploadView;
import nl.hengel.definition.Views.VersionView;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.ProblemDetails;
import nl.hengel.platform.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The lead definition over HTTP: upload, lint, versions, diff, approval, activation, audit. */
@RestController
@RequestMapping("/api/definitions")
@Tag(
    name = "Definitions",
    description = "The lead definition as a shared, versioned contract of marketing and sales")
class DefinitionController {

  static final String YAML = "application/yaml";

  private final Definitions definitions;

  DefinitionController(Definitions definitions) {
    this.definitions = definitions;
  }

  @PostMapping(consumes = {YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary = "Upload a definition as a new draft version",
      description =
          "The body is the YAML text (UTF-8, at most 200,000 characters). 201 with the stored draft and the"
              + " lint's warnings; 422 problem definition.lint-failed listing every error (pointer 'line L, column C', and"
              + " line, column, severity, code, message apart) when the lint finds one, and nothing is stored. A stored"
              + " text never changes: a change is a new upload.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = {
                @Content(mediaType = YAML, schema = @Schema(type = "string")),
                @Content(mediaType = "text/yaml", schema = @Schema(type = "string")),
                @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string"))
              }),
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Stored as a draft",
            content = @Content(schema = @Schema(implementation = UploadView.class))),
        @ApiResponse(
            responseCode = "422",
            description = "The lint found errors; nothing stored",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "413",
            description = "Longer than 200,000 characters",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<?> upload(@AuthenticationPrincipal Caller caller, HttpServletRequest request)
      throws IOException {
    return switch (definitions.upload(caller.workspace(), caller, text(request))) {
      case UploadOutcome.Stored s ->
          ResponseEntity.created(URI.create("/api/definitions/" + s.version().number()))
              .body(new UploadView(VersionView.of(s.version()), IssueView.of(s.warnings())));
      case UploadOutcome.Refused r -> lintFailed(r);
    };
  }

  @PostMapping(
      path = "/lint",
      consumes = {YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      summary = "Check a definition without storing it",
      description =
          "200 with every finding in text order, errors and warnings, exactly as an upload would report"
              + " them; valid is true when none is an error.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = {
                @Content(mediaType = YAML, schema = @Schema(type = "string")),
                @Content(mediaType = "text/yaml", schema = @Schema(type = "string")),
                @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string"))
              }))
  LintView lint(@AuthenticationPrincipal Caller caller, HttpServletRequest request)
      throws IOException {
    return LintView.of(definitions.lint(caller.workspace(), text(request)).issues());
  }

  @GetMapping
  @Operation(summary = "Every version of this workspace's definition, newest first")
  List<VersionView> list(@AuthenticationPrincipal Caller caller) {
    return definitions.list(caller.workspace()).stream().map(VersionView::of).toList();
  }

  @GetMapping("/active")
  @Operation(
      summary = "The version in force",
      description = "404 definition.no-active-version before the first activation.")
  VersionView active(@AuthenticationPrincipal Caller caller) {
    return definitions
        .active(caller.workspace())
        .map(VersionView::of)
        .orElseThrow(() ->
            Problem.notFound(
                "definition.no-active-version",
                "No definition version of this workspace was activated yet."));
  }

  @GetMapping("/{number}")
  @Operation(summary = "One version with its approvals and its latest re-evaluation")
  VersionView version(@AuthenticationPrincipal Caller caller, @PathVariable int number) {
    DefinitionVersion v = definitions.get(caller.workspace(), number);
    return VersionView.of(
        v,
        definitions.approvals(caller.workspace(), number),
        definitions.reevaluation(caller.workspace(), number).orElse(null));
  }

  @GetMapping(path = "/{number}/yaml", produces = YAML)
  @Operation(summary = "The text of one version, exactly as uploaded")
  ResponseEntity<String> yaml(@AuthenticationPrincipal Caller caller, @PathVariable int number) {
    return ResponseEntity.ok()
        .contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
        .body(definitions.get(caller.workspace(), number).yaml());
  }

  @GetMapping("/{from}/diff/{to}")
  @Operation(
      summary = "What changed from one version to another",
      description =
          "text: the unified diff of the two texts (empty when equal); changes: the changes in meaning"
              + " (rule added / removed, points, condition or cap changed, half-life, gate, owners, attributes, sla,"
              + " recycle, contact pressure), each with a one-line summary.")
  DiffView diff(
      @AuthenticationPrincipal Caller caller, @PathVariable int from, @PathVariable int to) {
    return DiffView.of(definitions.diff(caller.workspace(), from, to));
  }

  @PostMapping("/{number}/approve")
  @Operation(
      summary = "Approve the marketing or the sales side of a draft",
      description =
          "The side defaults to the caller's one approving role; a caller holding both must give it. The"
              + " caller must hold the side's role and be the owner the version names for it or an approver an admin"
              + " granted, must not have approved the other side, and the side must still be open. A refusal is a"
              + " problem whose code and detail name the rule (403 for who may approve, 409 for the version's state)."
              + " The second side's approval makes the version approved.")
  VersionView approve(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @Parameter(description = "marketing or sales") @RequestParam(required = false)
          @Nullable String side) {
    DefinitionVersion v = definitions.approve(caller.workspace(), caller, number, side(side));
    return VersionView.of(v, definitions.approvals(caller.workspace(), number), null);
  }

  @PostMapping("/{number}/activate")
  @Operation(
      summary = "Activate an approved version",
      description =
          "202: every lead is re-evaluated under it in the background; when that is done the workspace"
              + " switches to it and the previous active version retires, and then the leads it qualifies"
              + " become MQLs. 409 unless the version is approved. Follow progress with GET"
              + " /api/definitions/{number}: its reevaluation says done only when every one of those MQLs is"
              + " recorded.")
  ResponseEntity<Views.ReevaluationView> activate(
      @AuthenticationPrincipal Caller caller, @PathVariable int number) {
    Reevaluation started = definitions.activate(caller.workspace(), caller, number);
    return ResponseEntity.accepted()
        .location(URI.create("/api/definitions/" + number))
        .body(Views.ReevaluationView.of(started));
  }

  @PostMapping("/{number}/archive")
  @Operation(summary = "Put a draft, approved or retired version aside (never the active one)")
  VersionView archive(@AuthenticationPrincipal Caller caller, @PathVariable int number) {
    return VersionView.of(definitions.archive(caller.workspace(), caller, number));
  }

  @GetMapping("/audit")
  @Operation(
      summary =
          "The audit log: uploads, approvals, activations, retirements, archiving, approver grants; oldest first")
  List<AuditView> audit(@AuthenticationPrincipal Caller caller) {
    return definitions.audit(caller.workspace()).stream().map(AuditView::of).toList();
  }

  @GetMapping("/approvers")
  @Operation(
      summary = "Members an admin allowed to approve a side, besides the owners each version names")
  List<ApproverView> approvers(@AuthenticationPrincipal Caller caller) {
    return definitions.approvers(caller.workspace()).stream().map(ApproverView::of).toList();
  }

  @PutMapping("/approvers/{userId}")
  @Operation(
      summary = "Allow a member to approve one side of every version (admin)",
      description = "The member must hold the side's role. Granting twice changes nothing.")
  ApproverView grant(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long userId,
      @Parameter(description = "marketing or sales", required = true) @RequestParam String side) {
    return ApproverView.of(
        definitions.grantApprover(
            caller.workspace(), caller, new UserId(userId), requiredSide(side)));
  }

  @DeleteMapping("/approvers/{userId}")
  @Operation(summary = "Take back a member's right to approve one side (admin)")
  ResponseEntity<Void> revoke(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long userId,
      @Parameter(description = "marketing or sales", required = true) @RequestParam String side) {
    definitions.revokeApprover(caller.workspace(), caller, new UserId(userId), requiredSide(side));
    return ResponseEntity.noContent().build();
  }

  // ---------------------------------------------------------------- helpers

  private static ResponseEntity<ProblemDetail> lintFailed(UploadOutcome.Refused refused) {
    int errors = refused.errors().size();
    ProblemDetail body =
        ProblemDetails.of(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "definition.lint-failed",
            "The definition has "
                + errors
                + (errors == 1 ? " error" : " errors")
                + ", so nothing was stored. Fix "
                + (errors == 1 ? "it" : "them")
                + " and upload again.",
            List.of());
    body.setProperty("errors", IssueView.of(refused.errors()));
    if (!refused.warnings().isEmpty()) {
      body.setProperty("warnings", IssueView.of(refused.warnings()));
    }
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /** The body as UTF-8 text, read no further than one character past the limit. */
  private static String text(HttpServletRequest request) throws IOException {
    var sb = new StringBuilder();
    char[] buffer = new char[8192];
    try (Reader reader = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8)) {
      int n;
      while ((n = reader.read(buffer)) > 0) {
        sb.append(buffer, 0, n);
        if (sb.length() > Definitions.MAX_CHARS) {
          throw new Problem(
              HttpStatus.CONTENT_TOO_LARGE,
              "definition.too-large",
              "The definition is longer than "
                  + String.format(Locale.ROOT, "%,d", Definitions.MAX_CHARS)
                  + " characters; nothing was read further.",
              List.of());
        }
      }
    }
    // A byte order mark is not part of the text (editors on Windows write one).
    return !sb.isEmpty() && sb.charAt(0) == '\uFEFF' ? sb.substring(1) : sb.toString();
  }

  private static @Nullable Side side(@Nullable String text) {
    return text == null || text.isBlank() ? null : requiredSide(text);
  }

  private static Side requiredSide(String text) {
    return Side.parse(text)
        .orElseThrow(() ->
            Problem.badRequest(
                "definition.invalid-side", "side '" + text + "' is not marketing or sales"));
  }
}
