package nl.hengel.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.hengel.access.Workspace;
import nl.hengel.backtest.WeightSuggestion;
import nl.hengel.backtest.WeightSuggestions;
import nl.hengel.platform.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** Suggested rule weights on the command line, fitted in this process and stored as a draft. */
@Command(
    name = "suggest-weights",
    sortOptions = false,
    description = {
      "Fits rule weights for a definition version on what really happened and stores",
      "them as a new draft version. It only suggests: nothing is approved or activated.",
      "",
      "Each lead is taken at its decision moment under the version: its MQL moment, or",
      "else its last touch before sales took it on (only events before its first",
      "entry into sal, sql or won, and before --to, are read). Its features are the rules: a fit rule 1 when it holds,",
      "an engagement rule its decayed count of matches. Its label: did it reach the",
      "--outcome stage within --horizon of that moment? A lead whose horizon runs past",
      "--to is censored (left out). Leads decided before --split train a logistic",
      "regression (Tribuo, fixed seed); leads decided from --split to --to test it.",
      "",
      "Prints the held-out AUC of the fitted probabilities beside the AUC of the",
      "version's own score (fit + engagement) on the same leads, a calibration table",
      "(the test leads in tenths by predicted probability), each rule's change in",
      "words, and the number of the new draft.",
      "",
      "Points: one scale per group (fit rules, engagement rules) keeps the group's",
      "positive points in total as the version has them, so the gate's thresholds keep",
      "their meaning and reach; a coefficient's sign is kept; a rule that fired in",
      "fewer than 10 training leads (a fit rule: held for all but 10) keeps its points.",
      "The draft is the version's text with only the points and the name",
      "(+ \" (suggested weights)\") changed: compare with 'hengel definition diff'.",
      "",
    },
    footer = {
      "",
      "Exit codes: 0 the draft is stored; 1 refused (an analyst, a bad range, too few",
      "leads or no outcome on one side of the split), nothing stored.",
      "",
      "Example:",
      "  hengel suggest-weights -w acme --as anna@acme.example --version 3 \\",
      "      --from 2025-01-01 --to 2026-01-01 --outcome sql --horizon 90d",
    })
final class SuggestWeightsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HistoryOptions history;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "EMAIL",
      description = "The member storing the draft (any role but analyst); its author.")
  String actor;

  @Option(
      names = {"-v", "--version"},
      required = true,
      paramLabel = "N",
      description = "The definition version whose weights to fit.")
  int version;

  @Option(
      names = "--split",
      paramLabel = "WHEN",
      description =
          "Leads decided before it train, from it on test. Default: 70%% of the way from --from"
              + " to --to minus the horizon.")
  String split;

  @Option(names = "--outcome", paramLabel = "STAGE", description = "sal, sql or won. Default: sql.")
  String outcome;

  @Option(
      names = "--horizon",
      paramLabel = "SPAN",
      description =
          "How long after the decision moment the outcome counts: 90d, 12w, P30D. Default: 90d.")
  String horizon;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (the whole suggestion). Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() {
    String shape = format.trim().toLowerCase(Locale.ROOT);
    if (!List.of("table", "json").contains(shape)) {
      throw Problem.badRequest(
          "cli.invalid-format", "--format is table or json, not '" + format + "'.");
    }
    WeightSuggestions.Request request =
        WeightSuggestions.Request.parse(version, history.from, history.to, split, outcome, horizon);
    try (var context = Spring.offline()) {
      Workspace ws = Lookups.workspace(context, history.workspace);
      WeightSuggestion suggestion =
          context
              .getBean(WeightSuggestions.class)
              .suggest(ws.id(), Lookups.caller(context, ws, actor), request);
      PrintWriter out = spec.commandLine().getOut();
      if (shape.equals("json")) {
        out.println(
            context
                .getBean(JsonMapper.class)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(suggestion));
      } else {
        table(out, suggestion, ws.slug());
      }
      out.flush();
      return 0;
    }
  }

  static void table(PrintWriter out, WeightSuggestion s, String slug) {
    WeightSuggestion.Samples n = s.samples();
    out.printf(
        "Suggested weights for version %d: reaching %s within %d days, leads decided %s to %s%n",
        s.version(), s.outcome(), s.horizon().toDays(), s.from(), s.to());
    out.printf(
        "  train  %,d leads decided before %s, %,d reached %s%n",
        n.train(), s.split(), n.trainReached(), s.outcome());
    out.printf(
        "  test   %,d leads decided from then on, %,d reached %s%n",
        n.test(), n.testReached(), s.outcome());
    out.printf(
        "  left out: %,d censored (horizon past %s), %,d decided outside the range, %,d without"
            + " events, of %,d leads%n%n",
        n.censored(), s.to(), n.outOfRange(), n.noEvents(), n.leads());
    out.printf(
        "Held-out AUC  %.3f suggested   %.3f version %d%n%n",
        s.heldOut().auc(), s.heldOut().currentAuc(), s.version());
    out.println("Calibration on the test leads (tenths by predicted probability)");
    out.printf("  %-17s %7s %10s %9s%n", "predicted", "leads", "mean", "observed");
    for (WeightSuggestion.Bin b : s.heldOut().calibration()) {
      out.printf(
          "  %.3f – %.3f   %7d %10.3f %9.3f%n",
          b.lowest(), b.highest(), b.count(), b.meanPredicted(), b.observedRate());
    }
    out.println();
    out.println("Rules");
    for (WeightSuggestion.RuleChange r : s.rules()) {
      out.println("  " + r.explanation());
    }
    out.println();
    out.printf(
        "Stored as draft version %d: %s. Nothing was activated; compare with"
            + " 'hengel definition diff %d %d -w %s'.%n",
        s.draft(), s.draftName(), s.version(), s.draft(), slug);
  }
}
