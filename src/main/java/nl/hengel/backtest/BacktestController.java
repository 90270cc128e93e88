package nl.hengel.backtest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import nl.hengel.platform.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Backtests over HTTP: start one as a background job, follow it, read its report and CSV. */
@RestController
@Tag(
    name = "Backtests",
    description =
        "A definition version replayed over history, strictly as of each moment, and scored against what"
            + " really happened; alone or against a baseline version")
class BacktestController {

  private final Backtests backtests;

  BacktestController(Backtests backtests) {
    this.backtests = backtests;
  }

  /** What to backtest, as typed: moments as dates or times with offset, the horizon as 90d. */
  @Schema(name = "BacktestRequest")
  record StartRequest(
      @Schema(description = "Start of the range, inclusive: 2025-01-01 (UTC) or a time with offset")
          @Nullable String from,
      @Schema(description = "End of the range, exclusive") @Nullable String to,
      @Schema(
              description =
                  "How long after the MQL moment an outcome still counts as predicted: 90d (default), 8w, P30D")
          @Nullable String horizon,
      @Schema(
              description =
                  "The version to compare with; default the active version (none when the version is the active one)")
          @Nullable Integer baseline,
      @Schema(description = "true: backtest the version alone, without a baseline")
          @Nullable Boolean alone) {}

  @PostMapping("/api/definitions/{number}/backtests")
  @Operation(
      summary = "Backtest a version over a range of history",
      description =
          "202 with the run, running; a server node replays every lead of the workspace under the version (and"
              + " the baseline) in the background. Follow it with GET /api/backtests/{id} (done / total leads) until"
              + " its status is done, when it carries the report. 400/422 problem for a bad range or horizon, 404 for"
              + " an unknown version, 409 backtest.too-many-running when two run in the workspace already.",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "Started",
            content = @Content(schema = @Schema(implementation = BacktestRun.class))),
        @ApiResponse(
            responseCode = "422",
            description = "The request is not valid; nothing started",
            content = @Content(mediaType = "application/problem+json"))
      })
  ResponseEntity<BacktestRun> start(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @RequestBody StartRequest body) {
    BacktestRun run =
        backtests.start(
            caller.workspace(),
            caller,
            Backtests.Request.parse(
                number,
                body.from(),
                body.to(),
                body.horizon(),
                body.baseline(),
                Boolean.TRUE.equals(body.alone())));
    return ResponseEntity.accepted().location(URI.create("/api/backtests/" + run.id())).body(run);
  }

  @GetMapping("/api/definitions/{number}/backtests")
  @Operation(summary = "The backtests of one version, newest first")
  List<BacktestRun> ofVersion(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @Parameter(description = "At most this many (default 50, up to 1000)")
          @RequestParam(defaultValue = "50")
          int limit) {
    return backtests.list(caller.workspace(), number, limit);
  }

  @GetMapping("/api/backtests")
  @Operation(summary = "The workspace's backtests, newest first")
  List<BacktestRun> list(
      @AuthenticationPrincipal Caller caller,
      @Parameter(description = "At most this many (default 50, up to 1000)")
          @RequestParam(defaultValue = "50")
          int limit) {
    return backtests.list(caller.workspace(), null, limit);
  }

  @GetMapping("/api/backtests/{id}")
  @Operation(
      summary = "One backtest: its progress, and its report once done",
      description =
          "report.candidate and report.baseline hold each version's figures over the same leads: MQLs and MQLs"
              + " per month; precision (share of MQLs that reached sal, sql and won within the horizon); the base"
              + " rate (share of all leads that did in the range) and the lift over it; recall (share of won"
              + " deals flagged MQL before the win, and the median days before); single-touch MQLs; median days"
              + " from first touch to MQL; sales load (MQLs per owner per ISO week). report.liftOverBaseline is"
              + " the candidate's precision over the baseline's; report.differences counts the leads only one"
              + " version flags.")
  BacktestRun get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return backtests.get(caller.workspace(), id);
  }

  @GetMapping(path = "/api/backtests/{id}/differences", produces = "text/csv")
  @Operation(
      summary = "The leads one version flags and the other does not, as CSV",
      description =
          "One row per lead: person_id, email, flagged_by (candidate or baseline), each version's number, MQL"
              + " moment and explanation (why MQL at that moment, or what is missing at the end of the range)."
              + " 409 backtest.not-done while it runs, backtest.no-baseline for a backtest run alone.")
  ResponseEntity<String> differences(
      @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    var out = new StringWriter();
    backtests.writeDifferences(caller.workspace(), id, out);
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"backtest-" + id + "-differences.csv\"")
        .body(out.toString());
  }
}
