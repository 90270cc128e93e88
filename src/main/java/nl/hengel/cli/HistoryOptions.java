package nl.hengel.cli;

import picocli.CommandLine.Option;

/**
 * The options of the commands that read a workspace's history over a range (backtest,
 * suggest-weights). Help is declared by hand: the standard help mixin would also claim --version,
 * which these commands use for the definition version, and picocli would then drop it.
 */
final class HistoryOptions {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-w", "--workspace"},
      required = true,
      paramLabel = "SLUG",
      description = "The workspace.")
  String workspace;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "WHEN",
      description = "Range start, inclusive: 2025-01-01 (UTC) or a time with offset.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "WHEN",
      description = "Range end, exclusive.")
  String to;
}
