package nl.hengel.cli;

import static nl.hengel.cli.Lookups.caller;
import static nl.hengel.cli.Lookups.workspace;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nl.hengel.access.Workspace;
import nl.hengel.lifecycle.OutcomeImports;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.CsvImports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lead outcomes in bulk: the CSV a CRM exports, through the same service as the API. */
@Command(
    name = "outcomes",
    mixinStandardHelpOptions = true,
    description = "Moves leads in bulk, e.g. the won and lost deals a CRM exports.",
    subcommands = {OutcomesCommand.Import.class})
final class OutcomesCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Moves leads from a CSV file, one move per row, in file order: all rows or none.",
        "",
        "The file is UTF-8 with a header line. Columns, named like the field ignoring case, spaces, '_' and"
            + " '-': the person by email, personId, or personSource + personExternalId; stage (the target:"
            + " sal, sql, won, lost, nurture, disqualified, suppressed); reason (a reason code, where the move"
            + " needs one: lost, disqualified, and rejecting an mql or sal to nurture); comment.",
        "",
        "Each move is checked by the same rules as a move by hand, as the member --as: their roles, and sales"
            + " only on its own or its team's leads. Rows apply in order, so a lead may go sal, sql, won in"
            + " three rows. If any row fails, no lead moves, and every failed row is reported.",
      },
      footer = {
        "",
        "Errors are printed as FILE:LINE: COLUMN: message, LINE being the line the row starts on (the header is"
            + " line 1); a refused move gets the refusing rule's reason.",
        "",
        "Exit codes: 0 every row applied (or, with --dry-run, would apply); 1 some rows failed, nothing"
            + " written; 2 a usage or file error (no such file, not UTF-8, a missing column), nothing written.",
        "",
        "Example:",
        "  hengel outcomes import won-lost.csv -w acme --as bram@acme.example",
      })
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
    Path file;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG",
        description = "The workspace.")
    String workspace;

    @Option(
        names = "--as",
        required = true,
        paramLabel = "EMAIL",
        description = "The member making the moves: recorded as the actor; their roles decide.")
    String as;

    @Option(
        names = "--dry-run",
        description = "Check every row against the leads and write nothing.")
    boolean dryRun;

    @Option(
        names = "--delimiter",
        paramLabel = "CHAR",
        defaultValue = ",",
        description = "The cell separator: , (default) ; | or tab.")
    String delimiter;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      char separator;
      try {
        separator = CsvImports.Options.delimiter(delimiter);
      } catch (Problem p) {
        err.println("error: " + p.detail());
        return CommandLine.ExitCode.USAGE;
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        err.println(file + ": error: no such readable file");
        return CommandLine.ExitCode.USAGE;
      }
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace);
        var result =
            context
                .getBean(OutcomeImports.class)
                .importFile(caller(context, ws, as), file, dryRun, separator);
        return switch (result) {
          case OutcomeImports.Result.Imported r -> {
            out.printf(
                "Moved leads from %s in %s: %d rows, %s.%n",
                file, ws.slug(), r.rows(), moves(r.byStage()));
            yield CommandLine.ExitCode.OK;
          }
          case OutcomeImports.Result.DryRun r -> {
            out.printf(
                "Dry run of %s in %s, nothing written: %d rows, would make %s.%n",
                file, ws.slug(), r.rows(), moves(r.byStage()));
            yield CommandLine.ExitCode.OK;
          }
          case OutcomeImports.Result.Refused r -> {
            for (OutcomeImports.RowError e : r.errors()) {
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
            out.printf(
                "Refused %s: %d of %d rows failed, so no lead was moved.%n",
                file, r.rejected(), r.rows());
            yield 1;
          }
        };
      } catch (Problem p) {
        err.println(file + ": error: " + p.detail() + " [" + p.code() + "]");
        p.errors().forEach(e -> err.println("  " + e.pointer() + ": " + e.message()));
        return CommandLine.ExitCode.USAGE;
      }
    }

    private static String moves(Map<Stage, Long> byStage) {
      long total = byStage.values().stream().mapToLong(Long::longValue).sum();
      return total
          + (total == 1 ? " move" : " moves")
          + (byStage.isEmpty()
              ? ""
              : " ("
                  + byStage.entrySet().stream()
                      .map(e -> e.getKey().key() + " " + e.getValue())
                      .collect(Collectors.joining(", "))
                  + ")");
    }
  }
}
