package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.StringWriter;
import nl.hengel.backtest.BacktestRun;
import nl.hengel.backtest.Backtests;
import nl.hengel.platform.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Backtests from a version's page: start one (a background job), follow its progress (the fragment
 * polls itself every second while it runs), read its report beside the baseline's, and download the
 * leads only one version flags as CSV. Every member may backtest.
 */
@Controller
class BacktestPagesController {

  private final Backtests backtests;

  BacktestPagesController(Backtests backtests) {
    this.backtests = backtests;
  }

  @PostMapping("/ui/definitions/{number}/backtests")
  String start(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String horizon,
      @RequestParam(required = false) @Nullable String baseline,
      HttpServletRequest request,
      Model model) {
    boolean alone = "none".equals(baseline);
    Integer against = alone || baseline == null || baseline.isBlank() ? null : parse(baseline);
    BacktestRun started =
        backtests.start(
            caller.workspace(),
            caller,
            Backtests.Request.parse(number, from, to, horizon, against, alone));
    if (!Pages.isHtmx(request)) {
      return "redirect:/ui/definitions/" + number + "?backtest=" + started.id();
    }
    run(started, model);
    return "definition :: backtest";
  }

  /** One backtest's progress or report: the fragment for htmx, else its version's page. */
  @GetMapping("/ui/backtests/{id}")
  String run(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      HttpServletRequest request,
      Model model) {
    BacktestRun run = backtests.get(caller.workspace(), id);
    if (!Pages.isHtmx(request)) {
      return "redirect:/ui/definitions/" + run.version() + "?backtest=" + id;
    }
    run(run, model);
    return "definition :: backtest";
  }

  @GetMapping("/ui/backtests/{id}/differences.csv")
  ResponseEntity<String> differences(
      @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    var out = new StringWriter();
    backtests.writeDifferences(caller.workspace(), id, out);
    return ResponseEntity.ok()
        .contentType(DashboardController.CSV)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"backtest-" + id + "-differences.csv\"")
        .body(out.toString());
  }

  /** What the backtest fragment of the version page shows for a run (none: nothing). */
  static void run(@Nullable BacktestRun run, Model model) {
    model.addAttribute("run", run);
    if (run != null && run.report() != null) {
      model.addAttribute("table", BacktestTable.rows(run.report()));
      model.addAttribute("liftOverBaseline", BacktestTable.liftOverBaseline(run.report()));
      model.addAttribute("mqlChart", BacktestTable.mqlsPerMonth(run.report()));
    }
  }

  private static Integer parse(String baseline) {
    try {
      return Integer.valueOf(baseline.trim());
    } catch (NumberFormatException e) {
      throw nl.hengel.platform.Problem.invalid(
          "backtest.invalid-request",
          "The backtest request is not valid.",
          java.util.List.of(
              new nl.hengel.platform.Problem.FieldError(
                  "baseline", "'" + baseline + "' is not a version number")));
    }
  }
}
