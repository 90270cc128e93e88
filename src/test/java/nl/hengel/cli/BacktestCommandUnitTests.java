package nl.hengel.cli;

import static nl.hengel.cli.DefinitionCommandUnitTests.hengel;
import static org.assertj.core.api.Assertions.assertThat;

import nl.hengel.cli.DefinitionCommandUnitTests.Run;
import org.junit.jupiter.api.Test;

/** The backtest commands' help and argument checks, without a database. */
class BacktestCommandUnitTests {

  @Test
  void backtest_and_suggest_weights_have_a_true_help_although_version_names_a_definition() {
    for (String command : new String[] {"backtest", "suggest-weights"}) {
      Run help = hengel(command, "--help");
      assertThat(help.exit()).as(help.err()).isZero();
      assertThat(help.out()).contains("--version=N").contains("--from=WHEN").contains("-h, --help");
    }
  }

  @Test
  void a_backtest_with_a_bad_range_is_refused_before_any_database_is_touched() {
    Run run =
        hengel(
            "backtest",
            "-w",
            "acme",
            "--as",
            "anna@acme.example",
            "--version",
            "2",
            "--from",
            "January",
            "--to",
            "2026-03-01",
            "--horizon",
            "soon");
    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("'January' is not a date").contains("'soon' is not a duration");
  }
}
