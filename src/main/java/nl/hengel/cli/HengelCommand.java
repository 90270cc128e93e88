package nl.hengel.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hengel} command line: the server and the operator's tools, in the one jar. */
@Command(
    name = "hengel",
    mixinStandardHelpOptions = true,
    versionProvider = HengelCommand.Version.class,
    description = {
      "Hengel: the open-source lead lifecycle system.",
      "",
      "Commands work on the database the server uses: HENGEL_DB_URL, HENGEL_DB_USER and",
      "HENGEL_DB_PASSWORD select PostgreSQL; without them, the embedded H2 database under",
      "./data (or HENGEL_DATA_DIR) is used. The CLI may run while the server runs.",
    },
    subcommands = {
      ServeCommand.class,
      WorkspaceCommand.class,
      UserCommand.class,
      TeamCommand.class,
      TokenCommand.class,
      ExplainCommand.class,
      ImportCommand.class,
      OutcomesCommand.class,
      DefinitionCommand.class,
      BacktestCommand.class,
      SuggestWeightsCommand.class,
      LeakageCommand.class,
      AnalyticsCommand.class,
      GenerateCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class HengelCommand implements Runnable {

  /** Exit code meaning "the server was started: keep the JVM running". */
  public static final int KEEP_SERVING = Integer.MIN_VALUE;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line; answers an exit code, or {@link #KEEP_SERVING}. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    var commandLine = new CommandLine(new HengelCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(new ProblemExceptionHandler());
    OlistImportCommand.dropCsvOptions(commandLine);
    PipelineImportCommand.dropOnError(commandLine);
    CrmImportCommands.dropOnError(commandLine);
    return commandLine.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = HengelCommand.class.getPackage().getImplementationVersion();
      return new String[] {"hengel " + (version == null ? "(development build)" : version)};
    }
  }
}
