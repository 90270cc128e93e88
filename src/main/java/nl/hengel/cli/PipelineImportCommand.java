package nl.hengel.cli;

import static nl.hengel.cli.Lookups.caller;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nl.hengel.access.Workspace;
import nl.hengel.imports.PipelineImports;
import nl.hengel.imports.PipelineImports.Report;
import nl.hengel.imports.PipelineImports.RowError;
import nl.hengel.imports.PipelineOptions;
import nl.hengel.lifecycle.LeadHistories;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.CsvImports.Options;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code hengel import pipeline}: a CRM's pipeline export as dated history. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Imports a CRM's pipeline export as dated history: one row per opportunity (its stage now and the date of"
          + " each stage it entered), or one row per stage change (map at).",
      "",
      "Each opportunity becomes a person keyed SOURCE:<id> (and by e-mail where the file has one) and a lead"
          + " whose stages are recorded at the times the file gives, by the importing admin on behalf of the"
          + " owner the file names. A stage the file implies but does not date (a won deal was accepted and"
          + " qualified first) is recorded at the next dated stage and marked implied; reports leave implied"
          + " moments out of durations and say how many. A lead in new with no date at all is kept, undated.",
      "",
      "Fields (--map FIELD=COLUMN; a column named like a field fills it): id and stage (required); date.STAGE"
          + " (the date that stage was entered: date.new is the created date) or at (one row per stage change);"
          + " owner (a member's e-mail or name), account, email, firstName, lastName, amount, currency, reason,"
          + " leadSource, campaign, attr.NAME (a person attribute). --set takes source (the system the ids belong"
          + " to; default crm), stage, owner, account, currency, leadSource, campaign.",
      "",
      "Dates: 2017-03-01 is the start of that day and 2017-03-01 14:30 that time, both in --zone (UTC when not"
          + " given, and the report says so); a time with an offset or Z is read as it says.",
      "",
      "All or nothing: any fault of any row, or a stage the lead's recorded history contradicts, and nothing is"
          + " written. Importing the same file again changes nothing; a newer export of the same CRM applies only"
          + " what is new. No lead definition needs to be in force.",
    },
    footer = {
      "",
      "Errors are printed as FILE:LINE: COLUMN: message, LINE being the line the row starts on (the header is"
          + " line 1).",
      "",
      "Exit codes: 0 imported (or a clean dry run); 1 rows refused, nothing written; 2 a usage or file error.",
      "",
      "Example (a CRM export with Prospecting/Engaging/Won/Lost, engage and close dates):",
      "  hengel import pipeline sales_pipeline.csv -w acme --as admin@acme.example \\",
      "      --map id=opportunity_id --map stage=deal_stage --map owner=sales_agent \\",
      "      --map account=account --map amount=close_value --set currency=USD \\",
      "      --map attr.product=product --map date.sal=engage_date \\",
      "      --map date.won=close_date --map date.lost=close_date \\",
      "      --stage Prospecting=new --stage Engaging=sal --stage Won=won --stage Lost=lost \\",
      "      --zone America/New_York --create-owners",
    })
final class PipelineImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @ParentCommand ImportCommand parent;

  @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file (UTF-8).")
  Path file;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "EMAIL",
      description = "The admin importing: recorded as the actor of every step.")
  String as;

  @Option(
      names = "--stage",
      paramLabel = "VALUE=STAGE",
      description = {
        "What a stage value of the file means, e.g. --stage Engaging=sal. Repeatable. A value that names a"
            + " stage (won, SQL, ...) needs none.",
        "Stages: new, nurture, mql, sal, sql, won, lost, disqualified, suppressed."
      })
  List<String> stages = new ArrayList<>();

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "The zone of dates without a time or zone, e.g. Europe/Amsterdam. Default UTC.")
  String zone;

  @Option(
      names = "--date-format",
      paramLabel = "PATTERN",
      description =
          "The dates' pattern when they are not ISO 8601, e.g. M/d/yyyy (Java's DateTimeFormatter).")
  String dateFormat;

  @Option(
      names = "--create-owners",
      description =
          "Owners the workspace lacks become sales members without a login (e-mail NAME@WORKSPACE.SOURCE.invalid),"
              + " away for routing until given one, instead of being errors.")
  boolean createOwners;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "text (default) or json (the report).")
  String format;

  /** Drops the inherited option that means nothing here: a pipeline import is all or nothing. */
  static void dropOnError(CommandLine root) {
    CommandSpec pipeline =
        root.getSubcommands().get("import").getSubcommands().get("pipeline").getCommandSpec();
    pipeline.remove(pipeline.findOption("--on-error"));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PipelineOptions options;
    try {
      if (!List.of("text", "json").contains(format)) {
        throw Problem.badRequest(
            "cli.invalid-format", "--format is text or json, not '" + format + "'.");
      }
      options =
          PipelineOptions.of(
              Options.pairs(parent.map, '=', "--map"),
              Options.pairs(parent.set, '=', "--set"),
              Options.pairs(stages, '=', "--stage"),
              zone,
              dateFormat,
              createOwners,
              parent.dryRun,
              Options.delimiter(parent.delimiter));
    } catch (Problem p) {
      err.println("error: " + ImportCommand.describe(p));
      return CommandLine.ExitCode.USAGE;
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      err.println(file + ": error: no such readable file");
      return CommandLine.ExitCode.USAGE;
    }
    try (var context = Spring.offline()) {
      Workspace ws = Lookups.workspace(context, parent.workspace);
      long started = System.nanoTime();
      Report report =
          context.getBean(PipelineImports.class).importFile(caller(context, ws, as), file, options);
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (format.equals("json")) {
        out.println(
            context
                .getBean(JsonMapper.class)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(report));
      } else {
        print(report, ws, millis, out);
      }
      errors(report, err);
      return report.outcome() == PipelineImports.Outcome.REFUSED ? 1 : CommandLine.ExitCode.OK;
    } catch (Problem p) {
      err.println(file + ": error: " + ImportCommand.describe(p));
      return CommandLine.ExitCode.USAGE;
    }
  }

  private void print(Report r, Workspace ws, long millis, PrintWriter out) {
    String zoneNote = r.zoneGiven() ? r.zone() : "UTC (no --zone given)";
    switch (r.outcome()) {
      case IMPORTED ->
          out.printf(
              "Imported pipeline %s into %s (%d ms): %,d rows, %,d opportunities; dates read in %s.%n",
              file, ws.slug(), millis, r.rows(), r.opportunities(), zoneNote);
      case DRY_RUN ->
          out.printf(
              "Dry run of %s into %s, nothing written: %,d rows, %,d opportunities; dates read in %s.%n",
              file, ws.slug(), r.rows(), r.opportunities(), zoneNote);
      case REFUSED ->
          out.printf(
              "Refused %s: %,d error(s), so nothing was written (%,d rows read).%n",
              file, r.errors().size() + r.errorsNotListed(), r.rows());
    }
    r.mapping().forEach((field, from) -> out.printf("  %-14s %s%n", field, from));
    if (!r.ignoredColumns().isEmpty()) {
      out.println("  ignored columns: " + String.join(", ", r.ignoredColumns()));
    }
    if (r.outcome() == PipelineImports.Outcome.REFUSED && r.leads() == null) {
      return;
    }
    out.printf("People: %,d created, %,d already known.%n", r.peopleCreated(), r.peopleKnown());
    out.printf(
        "Owners: %,d members%s.%n",
        r.ownersKnown() + r.ownersCreated(),
        r.ownersCreated() > 0
            ? ", of which " + r.ownersCreated() + " added without a login (away for routing)"
            : "");
    if (r.accountsKnown() + r.accountsCreated() > 0) {
      out.printf(
          "Accounts: %,d companies%s.%n",
          r.accountsKnown() + r.accountsCreated(),
          r.accountsCreated() > 0 ? ", of which " + r.accountsCreated() + " new" : "");
    }
    LeadHistories.Outcome leads = r.leads();
    if (leads != null) {
      out.printf(
          "Leads: %,d moved (%,d recorded anew, %,d moved on), %,d already recorded%s.%n",
          leads.recorded() + leads.extended(),
          leads.recorded(),
          leads.extended(),
          leads.alreadyKnown(),
          leads.updated() > 0 ? " (" + leads.updated() + " with a new owner or deal value)" : "");
      if (leads.steps() > 0) {
        out.println("Steps written:   dated  implied");
        for (Stage s : Stage.values()) {
          int dated = leads.dated().getOrDefault(s, 0);
          int implied = leads.implied().getOrDefault(s, 0);
          if (dated + implied > 0) {
            out.printf("  %-13s %7d  %7d%n", s.key(), dated, implied);
          }
        }
      }
    }
    if (!r.quirks().isEmpty()) {
      out.println("Quirks of the source (count, what was done):");
      r.quirks().forEach(q -> out.printf("  %-60s %6d  %s%n", q.name(), q.count(), q.action()));
    }
  }

  private void errors(Report r, PrintWriter err) {
    for (RowError e : r.errors()) {
      err.println(
          file
              + ":"
              + e.line()
              + ": "
              + (e.column() != null ? e.column() : e.field())
              + ": "
              + e.message());
    }
    if (r.errorsNotListed() > 0) {
      err.println(file + ": and " + r.errorsNotListed() + " more errors not listed");
    }
  }
}
