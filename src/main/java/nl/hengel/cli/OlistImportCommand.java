package nl.hengel.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.hengel.access.Workspace;
import nl.hengel.imports.OlistImports;
import nl.hengel.imports.OlistImports.Report;
import nl.hengel.imports.PipelineImports;
import nl.hengel.imports.Quirk;
import nl.hengel.lifecycle.LeadHistories;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.CsvImports;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.CsvImports.Summary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hengel import olist}: the real Olist marketing funnel, through the generic CSV import. */
@Command(
    name = "olist",
    mixinStandardHelpOptions = true,
    description = {
      "Imports the Olist marketing funnel (Kaggle: \"Marketing Funnel by Olist\", CC BY-NC-SA 4.0) from the"
          + " directory holding "
          + OlistImports.MQL_FILE
          + " and "
          + OlistImports.DEALS_FILE
          + ".",
      "",
      "Each MQL becomes a person keyed olist:<mql_id> with a form_submitted marketing interaction at first"
          + " contact (channel = origin, campaign and content = landing page) and a lead at mql. Each won deal"
          + " adds a deal_won sales interaction at won_date with the deal's columns as attributes, and moves the"
          + " lead through sal and sql to won, owned by its sales rep (a sales member sr-<8 hex>@olist.invalid).",
      "",
      "Interactions go through the generic CSV import, so importing again stores nothing new; a lead with a"
          + " history is left alone. The report lists every quirk of the source with its count and what was"
          + " done about it.",
    },
    footer = {
      "",
      "Errors are printed as FILE:LINE: COLUMN: message. If a file has invalid rows, nothing of it is written"
          + " and no lead is recorded.",
      "",
      "Exit codes: 0 all imported (or already there); 1 rows or leads refused; 2 a usage or file error.",
      "",
      "Example:",
      "  hengel import olist --dir ~/Downloads/olist -w olist",
    })
final class OlistImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @ParentCommand ImportCommand parent;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "The directory holding the two Olist CSV files.")
  Path dir;

  /**
   * The generic import's CSV options are inherited by every subcommand of {@code import}; they mean
   * nothing here, so they are dropped to keep this command's help true.
   */
  static void dropCsvOptions(CommandLine root) {
    CommandSpec olist =
        root.getSubcommands().get("import").getSubcommands().get("olist").getCommandSpec();
    for (OptionSpec option : java.util.List.copyOf(olist.options())) {
      if (option.inherited() && !option.longestName().equals("--workspace")) {
        olist.remove(option);
      }
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (var context = Spring.offline()) {
      Workspace ws = Lookups.workspace(context, parent.workspace);
      long started = System.nanoTime();
      Report report = context.getBean(OlistImports.class).run(ws.id(), dir);
      print(report, ws, (System.nanoTime() - started) / 1_000_000, out, err);
      return report.clean() ? CommandLine.ExitCode.OK : 1;
    } catch (Problem p) {
      err.println(dir + ": error: " + ImportCommand.describe(p));
      return CommandLine.ExitCode.USAGE;
    }
  }

  private void print(Report r, Workspace ws, long millis, PrintWriter out, PrintWriter err) {
    out.printf("Olist funnel from %s into %s (%d ms):%n", dir, ws.slug(), millis);
    file(OlistImports.MQL_FILE, r.mqlRows(), r.mqls(), out, err);
    if (r.deals() != null) {
      file(OlistImports.DEALS_FILE, r.dealRows(), r.deals(), out, err);
    }
    PipelineImports.Report pipeline = r.leads();
    LeadHistories.Outcome leads = pipeline == null ? null : pipeline.leads();
    if (pipeline != null && pipeline.outcome() == PipelineImports.Outcome.REFUSED) {
      out.printf(
          "  leads: refused (%d errors), none recorded%n",
          pipeline.errors().size() + pipeline.errorsNotListed());
    } else if (leads == null) {
      out.println("  leads: none recorded, since a file was refused");
    } else {
      out.printf(
          "  sales reps: %d members added, %d already members%n", r.repsAdded(), r.repsKnown());
      out.printf(
          "  leads: %d recorded, %d already known, %d refused%n",
          leads.recorded() + leads.extended(),
          leads.alreadyKnown(),
          pipeline.errors().size() + pipeline.errorsNotListed());
    }
    if (pipeline != null) {
      pipeline
          .errors()
          .forEach(e ->
              err.println(OlistImports.PIPELINE_FILE + " line " + e.line() + ": " + e.message()));
    }
    out.println("Quirks of the source (rows, what was done):");
    for (Quirk q : r.quirks()) {
      out.printf("  %-45s %5d  %s%n", q.name(), q.count(), q.action());
    }
  }

  private void file(String name, long rows, Summary s, PrintWriter out, PrintWriter err) {
    Path file = dir.resolve(name);
    out.printf(
        "  %s: %d rows read; %s: %d stored, %d duplicates, %d rejected%n",
        name,
        rows,
        s.outcome() == CsvImports.Outcome.REFUSED ? "refused, nothing written" : "interactions",
        s.stored(),
        s.duplicates(),
        s.rejected());
    for (RowError e : s.errors()) {
      err.println(
          file
              + ":"
              + e.line()
              + ": "
              + (e.column() != null ? e.column() : e.field())
              + ": "
              + e.message());
    }
    if (s.errorsNotListed() > 0) {
      err.println(file + ": and " + s.errorsNotListed() + " more errors not listed");
    }
  }
}
