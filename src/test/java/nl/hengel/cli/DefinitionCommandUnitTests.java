package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.hengel.testing.DefinitionTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hengel definition lint} needs no database and no Spring. */
class DefinitionCommandUnitTests {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void lint_prints_an_unknown_attribute_as_file_line_5_and_its_column_and_exits_1()
      throws Exception {
    String file =
        Files.writeString(dir.resolve("acme.yaml"), DefinitionTexts.UNKNOWN_ATTRIBUTE_ON_LINE_5)
            .toString();

    Run run = hengel("definition", "lint", file);

    assertThat(DefinitionTexts.UNKNOWN_ATTRIBUTE_COLUMN).isEqualTo(36);
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out().lines())
        .singleElement()
        .satisfies(line ->
            assertThat(line)
                .startsWith(file + ":5:36: error: unknown attribute 'company.size'")
                .endsWith(" [definition.lint.unknown-variable]"));
    assertThat(run.err()).isEqualTo(file + ": 1 error, 0 warnings" + System.lineSeparator());
  }

  @Test
  void lint_of_the_shipped_example_exits_0_and_prints_no_issue() throws Exception {
    String file =
        Files.writeString(dir.resolve("example.yaml"), DefinitionTexts.example()).toString();

    Run run = hengel("definition", "lint", file);

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("0 errors, 0 warnings");
  }

  @Test
  void lint_warnings_alone_exit_0() throws Exception {
    String yaml = DefinitionTexts.DESIGN.replace("'content_download'", "'brochure_download'");
    String file = Files.writeString(dir.resolve("warn.yaml"), yaml).toString();

    Run run = hengel("definition", "lint", file);

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(file + ":9:")
        .contains(": warning: rule 'whitepaper' tests event.type [brochure_download]")
        .contains("[definition.lint.never-matches]");
  }

  @Test
  void lint_of_a_missing_or_non_utf8_file_exits_2() throws Exception {
    Path latin1 =
        Files.write(
            dir.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9});

    Run missing = hengel("definition", "lint", dir.resolve("nope.yaml").toString());
    Run notUtf8 = hengel("definition", "lint", latin1.toString());

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml: error: no such readable file");
    assertThat(notUtf8.exit()).isEqualTo(2);
    assertThat(notUtf8.err()).contains("latin1.yaml: error: the file is not UTF-8 text");
  }

  @Test
  void every_definition_command_has_a_true_help() {
    Run help = hengel("definition", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains(
            "lint",
            "upload",
            "list",
            "show",
            "diff",
            "approve",
            "activate",
            "archive",
            "audit",
            "grant",
            "revoke");
    for (String sub :
        new String[] {
          "upload",
          "list",
          "show",
          "diff",
          "approve",
          "activate",
          "archive",
          "audit",
          "grant",
          "revoke"
        }) {
      Run subHelp = hengel("definition", sub, "--help");
      assertThat(subHelp.exit()).as(sub).isZero();
      assertThat(subHelp.out()).as(sub).contains("-w, --workspace=SLUG");
    }
    assertThat(hengel("definition", "approve", "--help").out())
        .contains("--as=EMAIL", "--side=marketing|sales");
    assertThat(hengel("definition", "lint", "--help").out())
        .contains("FILE:LINE:COL: error|warning: message [code]", "Exit codes: 0 no errors");
  }
}
