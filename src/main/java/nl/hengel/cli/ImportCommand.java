package nl.hengel.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.platform.Problem;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.CsvImports;
import nl.hengel.timeline.CsvImports.Options;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.CsvImports.Summary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** CSV import of people and interactions, through the same service as the API. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports people or interactions from a CSV file, a CRM's pipeline as dated history (import pipeline),"
          + " its accounts and sales teams (import accounts, import owners), or the Olist funnel (import"
          + " olist).",
      "",
      "The file is UTF-8 (a byte order mark is fine), with a header line naming the columns, then one row per"
          + " line; a quoted value may span lines.",
      "",
      "A field takes the column named like it, ignoring case, spaces, '_' and '-' (occurred_at, Occurred At and"
          + " occurredAt all fill occurredAt), unless --map names another column. Columns no field takes are"
          + " ignored and listed.",
      "",
      "The whole file is checked before anything is written: with --on-error abort (the default) one invalid"
          + " row means nothing is written.",
    },
    subcommands = {
      ImportCommand.People.class,
      ImportCommand.Interactions.class,
      PipelineImportCommand.class,
      CrmImportCommands.Accounts.class,
      CrmImportCommands.Owners.class,
      OlistImportCommand.class
    },
    footer = {
      "",
      "Errors are printed as FILE:LINE: COLUMN: message, LINE being the line the row starts on (the header is"
          + " line 1).",
      "",
      "Exit codes: 0 every row is fine; 1 some rows were rejected (also with --on-error skip, and in a dry run);"
          + " 2 a usage or file error (no such file, not UTF-8, a duplicate header, a mapped header the file"
          + " lacks, a required field without a column), nothing written.",
    })
final class ImportCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = {"-w", "--workspace"},
      required = true,
      scope = ScopeType.INHERIT,
      paramLabel = "SLUG",
      description = "The workspace to import into.")
  String workspace;

  @Option(
      names = "--map",
      scope = ScopeType.INHERIT,
      paramLabel = "FIELD=HEADER",
      description = {
        "Fill FIELD from the column HEADER, e.g. --map occurredAt=\"Event date\". Repeatable.",
        "attr.NAME=HEADER puts the column into the free attributes under NAME."
      })
  List<String> map = new ArrayList<>();

  @Option(
      names = "--set",
      scope = ScopeType.INHERIT,
      paramLabel = "FIELD=VALUE",
      description =
          "Fill FIELD with VALUE on every row instead of from a column, e.g. --set department=marketing. Repeatable.")
  List<String> set = new ArrayList<>();

  @Option(
      names = "--dry-run",
      scope = ScopeType.INHERIT,
      description = "Check everything and write nothing; print what would be stored.")
  boolean dryRun;

  @Option(
      names = "--on-error",
      scope = ScopeType.INHERIT,
      paramLabel = "abort|skip",
      defaultValue = "abort",
      description =
          "abort: write nothing if any row is invalid (default); skip: write the valid rows.")
  String onError;

  @Option(
      names = "--delimiter",
      scope = ScopeType.INHERIT,
      paramLabel = "CHAR",
      defaultValue = ",",
      description = "The cell separator: , (default) ; | or tab. Dutch Excel writes ;.")
  String delimiter;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "people",
      mixinStandardHelpOptions = true,
      description = {
        "Creates or updates people from a CSV file.",
        "",
        "Each row finds its person by e-mail and/or external key (personSource + personExternalId); both"
            + " together link the key to the person with that e-mail. Empty cells change nothing. The company"
            + " follows from companyDomain, else from the e-mail's domain unless it is a free-mail domain.",
      },
      footer = {
        "",
        "Fields: " + CsvImports.PEOPLE_FIELDS + ", attr.NAME.",
        "--set takes: " + CsvImports.PEOPLE_CONSTANTS + ".",
        "Required: email, or personExternalId with personSource.",
        "",
        "Example:",
        "  hengel import people crm.csv -w acme \\",
        "      --map personExternalId=\"CRM id\" --set personSource=crm",
      })
  static final class People implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ImportCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
    Path file;

    @Override
    public Integer call() {
      return parent.run(
          spec, file, (imports, ws, options) -> imports.importPeople(ws, file, options));
    }
  }

  @Command(
      name = "interactions",
      mixinStandardHelpOptions = true,
      description = {
        "Records interactions from a CSV file on people's timelines.",
        "",
        "Idempotent by source + externalId: a row stored before is counted as a duplicate and stores nothing."
            + " Without an externalId column, each row's externalId is derived from its values ('csv-' and the"
            + " first 24 hex digits of a SHA-256 of its mapped values in field order), so importing the same file"
            + " again with the same mapping stores nothing new.",
      },
      footer = {
        "",
        "Fields: " + CsvImports.INTERACTION_FIELDS + ", attr.NAME.",
        "--set takes: " + CsvImports.INTERACTION_CONSTANTS + ".",
        "Required: source, occurredAt (ISO-8601 with offset, e.g. 2026-11-20T14:03:00Z), department (marketing,"
            + " sales or service) and type, each from a column or --set; and the person: email, personExternalId"
            + " with personSource, or personId.",
        "",
        "Example:",
        "  hengel import interactions attendees.csv -w acme \\",
        "      --set source=webinar-tool --set department=marketing \\",
        "      --set type=webinar_attended --map occurredAt=\"Joined at\"",
      })
  static final class Interactions implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ImportCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
    Path file;

    @Override
    public Integer call() {
      return parent.run(
          spec, file, (imports, ws, options) -> imports.importInteractions(ws, file, options));
    }
  }

  /** One import run against the service. */
  private interface Work {
    Summary apply(CsvImports imports, WorkspaceId ws, Options options);
  }

  private int run(CommandSpec sub, Path file, Work work) {
    PrintWriter out = sub.commandLine().getOut();
    PrintWriter err = sub.commandLine().getErr();
    Options options;
    try {
      options =
          new Options(
              Options.pairs(map, '=', "--map"),
              Options.pairs(set, '=', "--set"),
              dryRun,
              CsvImports.OnError.parse(onError),
              Options.delimiter(delimiter));
    } catch (Problem p) {
      err.println("error: " + describe(p));
      return CommandLine.ExitCode.USAGE;
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      err.println(file + ": error: no such readable file");
      return CommandLine.ExitCode.USAGE;
    }
    try (var context = Spring.offline()) {
      Workspace ws = context.getBean(Workspaces.class).require(workspace);
      Summary summary = work.apply(context.getBean(CsvImports.class), ws.id(), options);
      print(summary, file, ws, out, err);
      return summary.clean() ? CommandLine.ExitCode.OK : 1;
    } catch (Problem p) {
      err.println(file + ": error: " + describe(p));
      return CommandLine.ExitCode.USAGE;
    }
  }

  static String describe(Problem p) {
    var sb = new StringBuilder(p.detail()).append(" [").append(p.code()).append(']');
    p.errors()
        .forEach(e ->
            sb.append(System.lineSeparator())
                .append("  ")
                .append(e.pointer())
                .append(": ")
                .append(e.message()));
    return sb.toString();
  }

  private static void print(Summary s, Path file, Workspace ws, PrintWriter out, PrintWriter err) {
    switch (s.outcome()) {
      case IMPORTED ->
          out.printf(
              "Imported %s from %s into %s: %d rows read, %d stored, %d duplicates, %d rejected.%n",
              s.kind(), file, ws.slug(), s.rowsRead(), s.stored(), s.duplicates(), s.rejected());
      case REFUSED ->
          out.printf(
              "Refused %s: %d of %d rows are invalid, so nothing was written (--on-error abort)."
                  + " Fix them, or use --on-error skip to import the %d valid rows.%n",
              file, s.rejected(), s.rowsRead(), s.valid());
      case DRY_RUN ->
          out.printf(
              "Dry run of %s into %s, nothing written: %d rows read, %d valid, %d invalid;"
                  + " would store %d, %d duplicates.%n",
              file, ws.slug(), s.rowsRead(), s.valid(), s.rejected(), s.stored(), s.duplicates());
    }
    s.mapping().forEach((field, from) -> out.printf("  %-18s %s%n", field, from));
    if (!s.ignoredColumns().isEmpty()) {
      out.println("Ignored columns: " + String.join(", ", s.ignoredColumns()));
    }
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
