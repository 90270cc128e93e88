package nl.hengel.backtest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import nl.hengel.platform.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Suggested rule weights over HTTP: fitted on outcomes, stored as a new draft version. */
@RestController
@Tag(
    name = "Backtests",
    description = "Replays of a definition over history, and weights fitted on outcomes")
class WeightSuggestionController {

  private final WeightSuggestions suggestions;

  WeightSuggestionController(WeightSuggestions suggestions) {
    this.suggestions = suggestions;
  }

  /** What to fit on, as typed: moments as dates or times with offset, the horizon as 90d. */
  @Schema(name = "WeightSuggestionRequest")
  record SuggestBody(
      @Schema(
              description =
                  "Start of the range, inclusive: leads decided from here on are used; 2025-01-01 (UTC)"
                      + " or a time with offset")
          @Nullable String from,
      @Schema(
              description =
                  "End of the range, exclusive; only events and outcomes before it are read")
          @Nullable String to,
      @Schema(
              description =
                  "Leads decided before it train, from it on test; default 70% of the way from"
                      + " 'from' to 'to' minus the horizon")
          @Nullable String split,
      @Schema(
              description = "The stage that counts as the outcome",
              allowableValues = {"sal", "sql", "won"},
              defaultValue = "sql")
          @Nullable String outcome,
      @Schema(
              description =
                  "How long after the decision moment the outcome counts: 90d (default), 12w, P30D")
          @Nullable String horizon) {}

  @PostMapping("/api/definitions/{number}/suggest-weights")
  @Operation(
      summary = "Fit rule weights on outcomes and store them as a new draft",
      description =
          """
          Takes every lead at its decision moment under version {number} (its MQL moment, else its last \
          touch before sales took it on; only events before its first entry into sal, sql or won and \
          before 'to'), with each rule as a \
          feature (a fit rule 1 when it holds, an engagement rule its decayed match count) and whether it \
          reached the outcome stage within the horizon. Leads decided before 'split' train a logistic \
          regression; leads decided from 'split' to 'to' test it. Leads whose horizon runs past 'to' are \
          censored. The coefficients become points, one scale per group (fit, engagement) keeping the \
          group's positive points in total (so the gate keeps its reach), written into a copy of the version's text (only points and the name \
          change) and uploaded as a new draft by the caller: 201 with Location of the draft, the held-out \
          AUC beside the AUC of the version's own score, a calibration table in tenths, and each rule's \
          change in words. Nothing is approved or activated. Runs while you wait (one pass over the \
          workspace's history). 403 for an analyst; 422 backtest.suggest.invalid-request for a bad \
          range, split, outcome or horizon, backtest.suggest.too-few-samples when either period has too \
          few leads or lacks one of the outcomes.\
          """,
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "The draft is stored",
            content = @Content(schema = @Schema(implementation = WeightSuggestion.class))),
        @ApiResponse(
            responseCode = "403",
            description = "An analyst; nothing stored",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "404",
            description = "No such version",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "422",
            description = "Not a fair question, or too few leads; nothing stored",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<WeightSuggestion> suggest(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @RequestBody SuggestBody body) {
    WeightSuggestion suggestion =
        suggestions.suggest(
            caller.workspace(),
            caller,
            WeightSuggestions.Request.parse(
                number, body.from(), body.to(), body.split(), body.outcome(), body.horizon()));
    return ResponseEntity.created(URI.create("/api/definitions/" + suggestion.draft()))
        .body(suggestion);
  }
}
