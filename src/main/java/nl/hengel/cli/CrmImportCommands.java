package nl.hengel.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import nl.hengel.access.Workspace;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.AccountImports;
import nl.hengel.timeline.CsvImports;
import nl.hengel.timeline.CsvImports.Options;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.OwnerImports;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hengel import accounts} and {@code hengel import owners}: a CRM's accounts and teams. */
final class CrmImportCommands {

  private CrmImportCommands() {}

  /**
   * These imports write every row or none, so the inherited {@code --on-error} means nothing here;
   * it is dropped to keep their help true.
   */
  static void dropOnError(CommandLine root) {
    CommandLine imports = root.getSubcommands().get("import");
    for (String name : List.of("accounts", "owners")) {
      CommandSpec spec = imports.getSubcommands().get(name).getCommandSpec();
      for (OptionSpec option : List.copyOf(spec.options())) {
        if (option.inherited() && option.longestName().equals("--on-error")) {
          spec.remove(option);
        }
      }
    }
  }

  @Command(
      name = "accounts",
      mixinStandardHelpOptions = true,
      description = {
        "Imports a CRM's accounts (one row per account) as companies known by their CRM name or id.",
        "",
        "The account's name (--map name=HEADER, required) is a key of its company; with --map id=HEADER the"
            + " account's id is the key it is known by, so a renamed account stays the same company. The keys"
            + " belong to the source (--set source=NAME, default crm), as the pipeline import's --map"
            + " account=HEADER finds them. --map domain=HEADER takes a web site or domain: a company with that"
            + " domain becomes the account. --map parent=HEADER names the parent account (its name or id, an"
            + " account of the file or one imported before), stored as attribute parent.",
        "",
        "attr.NAME=HEADER columns are merged into the company's attributes; an empty cell changes nothing."
            + " attr.employees must be a whole number and attr.revenue a number: fit rules read"
            + " company.employees and company.revenue as numbers. Rules also read company.name (the account's"
            + " name), company.industry and company.country: map the CRM's columns to those names.",
        "",
        "The whole file is checked, against itself and the workspace, before anything is written: any"
            + " invalid row and nothing is written. Importing the same file again changes nothing and says so.",
      },
      footer = {
        "",
        "Fields: " + AccountImports.FIELDS + ", attr.NAME (source only with --set).",
        "",
        "Example (a CRM's accounts.csv: account,sector,year_established,revenue,employees,office_location,"
            + "subsidiary_of):",
        "  hengel import accounts accounts.csv -w acme --map name=account \\",
        "      --map attr.industry=sector --map attr.revenue=revenue --map attr.employees=employees \\",
        "      --map attr.country=office_location --map parent=subsidiary_of",
        "",
        "Exit codes: 0 imported (or a clean dry run); 1 rows were invalid, nothing written; 2 a usage or file"
            + " error.",
      })
  static final class Accounts implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ImportCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The accounts CSV file.")
    Path file;

    @Override
    public Integer call() {
      return run(
          spec,
          parent,
          file,
          (context, ws) ->
              options ->
                  print(
                      context.getBean(AccountImports.class).run(ws.id(), file, options), ws, spec));
    }

    private int print(AccountImports.Report r, Workspace ws, CommandSpec spec) {
      PrintWriter out = spec.commandLine().getOut();
      switch (r.outcome()) {
        case IMPORTED ->
            out.printf(
                "Imported accounts from %s into %s (source %s): %d rows read, %d accounts: %d created,"
                    + " %d updated, %d unchanged.%s%n",
                file,
                ws.slug(),
                r.source(),
                r.rowsRead(),
                r.accounts(),
                r.created(),
                r.updated(),
                r.unchanged(),
                r.created() + r.updated() == 0 ? " Nothing changed." : "");
        case DRY_RUN ->
            out.printf(
                "Dry run of %s into %s (source %s), nothing written: %d rows read, %d accounts: would"
                    + " create %d, update %d, leave %d unchanged.%n",
                file,
                ws.slug(),
                r.source(),
                r.rowsRead(),
                r.accounts(),
                r.created(),
                r.updated(),
                r.unchanged());
        case REFUSED -> refused(out, file, r.errors(), r.rowsRead());
      }
      printMapping(out, r.mapping(), r.ignoredColumns());
      printErrors(spec.commandLine().getErr(), file, r.errors(), r.errorsNotListed());
      return r.clean() ? CommandLine.ExitCode.OK : 1;
    }
  }

  @Command(
      name = "owners",
      mixinStandardHelpOptions = true,
      description = {
        "Imports a CRM's sales agents and teams (one row per agent) as members and teams, --as an admin.",
        "",
        "--map name=HEADER (required) is the agent's name; --map email=HEADER the agent's e-mail. An agent"
            + " with an e-mail is the member with it (added as a sales member when new); one without is the"
            + " member of that display name (ignoring case), or becomes a sales member without a login: no"
            + " password, e-mail <name>@<workspace>.<source>.invalid (e.g. moses-frase@acme.crm.invalid).",
        "",
        "--map team=HEADER puts each agent in that team (created when new; the agent leaves the other teams"
            + " the file names); --map manager=HEADER makes the named member (by e-mail or name, added as a"
            + " sales member when new) the manager of the row's team: a team's manager is its sales manager."
            + " A team has one manager; where a regional office has several, --map team=manager makes a team"
            + " per manager, named after them. Existing members keep their roles; members and teams the file"
            + " does not name are left alone.",
        "",
        "The whole file is checked before anything is written: any invalid row and nothing is written."
            + " Importing the same file again changes nothing and says so.",
      },
      footer = {
        "",
        "Fields: "
            + OwnerImports.FIELDS
            + " (source only with --set; it is part of generated e-mails); no attr.NAME.",
        "",
        "Example (a CRM's sales_teams.csv: sales_agent,manager,regional_office):",
        "  hengel import owners sales_teams.csv -w acme --as admin@acme.example \\",
        "      --map name=sales_agent --map manager=manager --map team=manager",
        "",
        "Exit codes: 0 imported (or a clean dry run); 1 rows were invalid (nothing written) or --as is no"
            + " admin; 2 a usage or file error.",
      })
  static final class Owners implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ImportCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sales teams CSV file.")
    Path file;

    @Option(
        names = "--as",
        required = true,
        paramLabel = "EMAIL",
        description = "The admin importing (a member of the workspace with the admin role).")
    String as;

    @Override
    public Integer call() {
      return run(
          spec,
          parent,
          file,
          (context, ws) ->
              options ->
                  print(
                      context
                          .getBean(OwnerImports.class)
                          .run(Lookups.caller(context, ws, as), file, options),
                      ws,
                      spec));
    }

    private int print(OwnerImports.Report r, Workspace ws, CommandSpec spec) {
      PrintWriter out = spec.commandLine().getOut();
      String counts =
          String.format(
              "%d rows read, %d agents; members: %d added, %d already members; teams: %d created, %d"
                  + " updated, %d unchanged",
              r.rowsRead(),
              r.agents(),
              r.membersAdded(),
              r.membersKnown(),
              r.teamsCreated(),
              r.teamsUpdated(),
              r.teamsUnchanged());
      switch (r.outcome()) {
        case IMPORTED ->
            out.printf(
                "Imported owners from %s into %s (source %s): %s.%s%n",
                file,
                ws.slug(),
                r.source(),
                counts,
                r.membersAdded() + r.teamsCreated() + r.teamsUpdated() == 0
                    ? " Nothing changed."
                    : "");
        case DRY_RUN ->
            out.printf(
                "Dry run of %s into %s (source %s), nothing written; it would do: %s.%n",
                file, ws.slug(), r.source(), counts);
        case REFUSED -> refused(out, file, r.errors(), r.rowsRead());
      }
      if (r.outcome() != CsvImports.Outcome.REFUSED && r.membersAdded() > 0) {
        out.println(
            "Members added have no password, so they cannot sign in until given one (hengel user"
                + " password); those known only by name have an e-mail under ."
                + r.source()
                + ".invalid.");
      }
      printMapping(out, r.mapping(), r.ignoredColumns());
      printErrors(spec.commandLine().getErr(), file, r.errors(), r.errorsNotListed());
      return r.clean() ? CommandLine.ExitCode.OK : 1;
    }
  }

  /** The work of one command, once its workspace is known: options to an exit code. */
  private interface Work {
    Function<Options, Integer> in(ConfigurableApplicationContext context, Workspace ws);
  }

  private static int run(CommandSpec sub, ImportCommand parent, Path file, Work work) {
    PrintWriter err = sub.commandLine().getErr();
    Options options;
    try {
      options =
          new Options(
              Options.pairs(parent.map, '=', "--map"),
              Options.pairs(parent.set, '=', "--set"),
              parent.dryRun,
              CsvImports.OnError.ABORT,
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
      return work.in(context, ws).apply(options);
    } catch (Problem p) {
      err.println(file + ": error: " + ImportCommand.describe(p));
      return p.status() == HttpStatus.FORBIDDEN ? 1 : CommandLine.ExitCode.USAGE;
    }
  }

  private static void refused(PrintWriter out, Path file, List<RowError> errors, long rowsRead) {
    long lines = errors.stream().mapToLong(RowError::line).distinct().count();
    out.printf(
        "Refused %s: %d of %d rows are invalid, so nothing was written.%n", file, lines, rowsRead);
  }

  private static void printMapping(
      PrintWriter out, Map<String, String> mapping, List<String> ignored) {
    mapping.forEach((field, from) -> out.printf("  %-18s %s%n", field, from));
    if (!ignored.isEmpty()) {
      out.println("Ignored columns: " + String.join(", ", ignored));
    }
  }

  private static void printErrors(
      PrintWriter err, Path file, List<RowError> errors, long notListed) {
    for (RowError e : errors) {
      err.println(
          file
              + ":"
              + e.line()
              + ": "
              + (e.column() != null ? e.column() : e.field())
              + ": "
              + e.message());
    }
    if (notListed > 0) {
      err.println(file + ": and " + notListed + " more errors not listed");
    }
  }
}
