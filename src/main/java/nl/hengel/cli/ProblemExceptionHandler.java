package nl.hengel.cli;

import nl.hengel.platform.Problem;
import picocli.CommandLine;

/** Prints an expected failure as one clear line (with its faults) instead of a stack trace. */
final class ProblemExceptionHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof Problem)) {
      cause = cause.getCause();
    }
    var err = commandLine.getErr();
    if (cause instanceof Problem problem) {
      err.println("error: " + problem.detail() + " [" + problem.code() + "]");
      problem.errors().forEach(fe -> err.println("  " + fe.pointer() + ": " + fe.message()));
      return 1;
    }
    err.println("error: " + e.getMessage());
    e.printStackTrace(err);
    return 1;
  }
}
