package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import nl.hengel.backtest.BacktestRun;
import nl.hengel.backtest.Backtests;
import nl.hengel.definition.Approval;
import nl.hengel.definition.DefinitionDiff;
import nl.hengel.definition.DefinitionVersion;
import nl.hengel.definition.DefinitionVersion.Status;
import nl.hengel.definition.Definitions;
import nl.hengel.definition.Side;
import nl.hengel.definition.UploadOutcome;
import nl.hengel.engine.Lint;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The lead definition's pages: the versions, one version with its text, approvals, activation and
 * backtests, uploading a draft with the lint's findings at their lines, and two versions side by
 * side. The buttons a page shows are a courtesy; {@link Definitions} decides every right.
 */
@Controller
class DefinitionPagesController {

  private final Definitions definitions;
  private final Backtests backtests;
  private final Clock clock;

  DefinitionPagesController(Definitions definitions, Backtests backtests, Clock clock) {
    this.definitions = definitions;
    this.backtests = backtests;
    this.clock = clock;
  }

  @GetMapping("/ui/definitions")
  String list(@AuthenticationPrincipal Caller caller, Model model) {
    List<DefinitionVersion> versions = definitions.list(caller.workspace());
    var approvals = new ArrayList<List<Approval>>();
    for (DefinitionVersion v : versions) {
      approvals.add(definitions.approvals(caller.workspace(), v.number()));
    }
    model.addAttribute("versions", versions);
    model.addAttribute("approvals", approvals);
    return "definitions";
  }

  /** The compare form of the list page: two version numbers to the diff's address. */
  @GetMapping("/ui/definitions/compare")
  String compare(@RequestParam int from, @RequestParam int to) {
    return "redirect:/ui/definitions/" + from + "/diff/" + to;
  }

  @GetMapping("/ui/definitions/new")
  String uploadForm(
      @AuthenticationPrincipal Caller caller,
      @RequestParam(required = false) @Nullable Integer from,
      Model model) {
    model.addAttribute(
        "yaml", from == null ? "" : definitions.get(caller.workspace(), from).yaml());
    model.addAttribute("from", from);
    return "definition-new";
  }

  /** The lint's findings for the text in the form, each at its line; stores nothing. */
  @PostMapping("/ui/definitions/lint")
  String lint(
      @AuthenticationPrincipal Caller caller,
      @RequestParam(defaultValue = "") String yaml,
      HttpServletRequest request,
      Model model) {
    Lint.Result result = definitions.lint(caller.workspace(), yaml);
    model.addAttribute("yaml", yaml);
    model.addAttribute("checked", true);
    model.addAttribute("lint", NumberedText.of(yaml, result.issues()));
    model.addAttribute("issues", result.issues());
    return Pages.isHtmx(request) ? "definition-new :: lint" : "definition-new";
  }

  @PostMapping("/ui/definitions/new")
  String upload(
      @AuthenticationPrincipal Caller caller,
      @RequestParam(defaultValue = "") String yaml,
      HttpServletResponse response,
      Model model) {
    return switch (definitions.upload(caller.workspace(), caller, yaml)) {
      case UploadOutcome.Stored s -> "redirect:/ui/definitions/" + s.version().number();
      case UploadOutcome.Refused r -> {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("yaml", yaml);
        model.addAttribute("checked", true);
        model.addAttribute("refused", r.errors().size());
        model.addAttribute("lint", NumberedText.of(yaml, r.issues()));
        model.addAttribute("issues", r.issues());
        yield "definition-new";
      }
    };
  }

  @GetMapping("/ui/definitions/{number}")
  String version(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @RequestParam(required = false) @Nullable Long backtest,
      Model model) {
    WorkspaceId ws = caller.workspace();
    DefinitionVersion version = status(ws, number, model);
    model.addAttribute("text", NumberedText.of(version.yaml(), List.of()));
    model.addAttribute(
        "others", definitions.list(ws).stream().filter(v -> v.number() != number).toList());
    var active = definitions.active(ws);
    model.addAttribute("activeNumber", active.map(DefinitionVersion::number).orElse(null));
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    model.addAttribute("defaultFrom", today.minusYears(1).withDayOfMonth(1).toString());
    model.addAttribute("defaultTo", today.plusDays(1).toString());
    List<BacktestRun> runs = backtests.list(ws, number, 20);
    model.addAttribute("runs", runs);
    BacktestRun run =
        backtest != null ? backtests.get(ws, backtest) : runs.isEmpty() ? null : runs.getFirst();
    if (run != null && run.version() != number) {
      throw Problem.notFound(
          "backtest.not-found", "Backtest " + backtest + " is not one of version " + number + ".");
    }
    BacktestPagesController.run(run, model);
    return "definition";
  }

  /** The version's status, approvals and activation progress (polled while activating). */
  @GetMapping("/ui/definitions/{number}/status")
  String status(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      HttpServletRequest request,
      Model model) {
    if (!Pages.isHtmx(request)) {
      return "redirect:/ui/definitions/" + number;
    }
    status(caller.workspace(), number, model);
    return "definition :: status";
  }

  @PostMapping("/ui/definitions/{number}/approve")
  String approve(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @RequestParam String side,
      HttpServletRequest request,
      Model model) {
    Side chosen =
        Side.parse(side)
            .orElseThrow(() ->
                Problem.badRequest(
                    "definition.invalid-side", "side '" + side + "' is not marketing or sales"));
    definitions.approve(caller.workspace(), caller, number, chosen);
    return statusOrPage(caller, number, request, model);
  }

  @PostMapping("/ui/definitions/{number}/activate")
  String activate(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      HttpServletRequest request,
      Model model) {
    definitions.activate(caller.workspace(), caller, number);
    return statusOrPage(caller, number, request, model);
  }

  @GetMapping("/ui/definitions/{from}/diff/{to}")
  String diff(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int from,
      @PathVariable int to,
      Model model) {
    WorkspaceId ws = caller.workspace();
    DefinitionVersion a = definitions.get(ws, from);
    DefinitionVersion b = definitions.get(ws, to);
    DefinitionDiff diff = definitions.diff(ws, from, to);
    model.addAttribute("a", a);
    model.addAttribute("b", b);
    model.addAttribute("diff", diff);
    model.addAttribute("rows", SideBySide.rows(a.yaml(), b.yaml(), diff.text()));
    model.addAttribute("versions", definitions.list(ws));
    return "definition-diff";
  }

  private String statusOrPage(Caller caller, int number, HttpServletRequest request, Model model) {
    if (!Pages.isHtmx(request)) {
      return "redirect:/ui/definitions/" + number;
    }
    status(caller.workspace(), number, model);
    return "definition :: status";
  }

  private DefinitionVersion status(WorkspaceId ws, int number, Model model) {
    DefinitionVersion version = definitions.get(ws, number);
    List<Approval> approvals = definitions.approvals(ws, number);
    var open = EnumSet.allOf(Side.class);
    approvals.forEach(a -> open.remove(a.side()));
    model.addAttribute("version", version);
    model.addAttribute("approvals", approvals);
    model.addAttribute(
        "openSides", version.status() == Status.DRAFT ? List.copyOf(open) : List.of());
    model.addAttribute("reevaluation", definitions.reevaluation(ws, number).orElse(null));
    return version;
  }
}
