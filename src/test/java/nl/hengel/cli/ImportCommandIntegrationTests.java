package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The import command in-process: it starts its own offline context on the tests' database. */
class ImportCommandIntegrationTests extends IntegrationTestSupport {

  @Autowired JdbcClient jdbc;
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path sixtyRowsWithABadLine57() throws Exception {
    var csv = new StringBuilder("Email,Occurred At,Kind\n");
    for (int line = 2; line <= 61; line++) {
      csv.append("guest")
          .append(line)
          .append("@firm.example,")
          .append(
              line == 57
                  ? "yesterday"
                  : "2026-10-01T10:" + String.format("%02d", line % 60) + ":00Z")
          .append(",webinar_attended\n");
    }
    return Files.writeString(dir.resolve("attendees.csv"), csv);
  }

  long interactions(TestWorkspace tw) {
    return jdbc.sql("select count(*) from interaction where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  @Test
  void
      a_bad_row_on_line_57_is_printed_as_file_colon_57_and_abort_writes_nothing_then_skip_stores_the_rest()
          throws Exception {
    TestWorkspace tw = newWorkspace();
    String file = sixtyRowsWithABadLine57().toString();
    String[] common = {
      "import",
      "interactions",
      file,
      "-w",
      tw.workspace().slug(),
      "--set",
      "source=webinar-tool",
      "--set",
      "department=marketing",
      "--map",
      "type=Kind"
    };

    Run abort = hengel(common);

    assertThat(abort.exit()).as(abort.out() + abort.err()).isEqualTo(1);
    assertThat(abort.err().lines())
        .containsExactly(
            file
                + ":57: Occurred At: 'yesterday' is not an ISO-8601 time with offset, e.g. 2026-11-20T14:03:00Z");
    assertThat(abort.out())
        .contains("Refused " + file + ": 1 of 60 rows are invalid, so nothing was written");
    assertThat(interactions(tw)).isZero();

    Run skip = hengel(concat(common, "--on-error", "skip"));

    assertThat(skip.exit()).as(skip.out() + skip.err()).isEqualTo(1);
    assertThat(skip.err().lines())
        .containsExactly(
            file
                + ":57: Occurred At: 'yesterday' is not an ISO-8601 time with offset, e.g. 2026-11-20T14:03:00Z");
    assertThat(skip.out()).contains("60 rows read, 59 stored, 0 duplicates, 1 rejected.");
    assertThat(interactions(tw)).isEqualTo(59);
  }

  @Test
  void a_clean_file_exits_0_and_a_second_run_finds_only_duplicates() throws Exception {
    TestWorkspace tw = newWorkspace();
    Path file =
        Files.writeString(
            dir.resolve("fair.csv"),
            """
            email;occurred_at;Stand;Notes
            anna@acme.example;2026-09-20T14:03:00Z;B12;wants a demo
            bram@acme.example;2026-09-20T15:10:00Z;B12;
            """);
    String[] args = {
      "import",
      "interactions",
      file.toString(),
      "-w",
      tw.workspace().slug(),
      "--delimiter",
      ";",
      "--set",
      "source=fair",
      "--set",
      "department=marketing",
      "--set",
      "type=event_visit",
      "--map",
      "attr.stand=Stand"
    };

    Run first = hengel(args);
    Run second = hengel(args);

    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("2 rows read, 2 stored, 0 duplicates, 0 rejected.")
        .contains("Ignored columns: Notes");
    assertThat(first.err()).isEmpty();
    assertThat(second.exit()).isZero();
    assertThat(second.out()).contains("2 rows read, 0 stored, 2 duplicates, 0 rejected.");
    assertThat(interactions(tw)).isEqualTo(2);
  }

  @Test
  void a_fault_of_the_file_exits_2_naming_the_header_and_writes_nothing() throws Exception {
    TestWorkspace tw = newWorkspace();
    String file = sixtyRowsWithABadLine57().toString();

    Run run =
        hengel(
            "import",
            "interactions",
            file,
            "-w",
            tw.workspace().slug(),
            "--map",
            "occurredAt=Event date",
            "--set",
            "source=x",
            "--set",
            "department=marketing",
            "--set",
            "type=call");
    Run missingFile =
        hengel("import", "people", dir.resolve("nope.csv").toString(), "-w", tw.workspace().slug());
    Run badOption =
        hengel("import", "people", file, "-w", tw.workspace().slug(), "--on-error", "ignore");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(file + ": error: The mapping names a header the file does not have.")
        .contains("header 'Event date' is not in the file");
    assertThat(missingFile.exit()).isEqualTo(2);
    assertThat(missingFile.err()).contains("nope.csv: error: no such readable file");
    assertThat(badOption.exit()).isEqualTo(2);
    assertThat(badOption.err()).contains("onError: 'ignore' is not abort or skip");
    assertThat(interactions(tw)).isZero();
  }

  @Test
  void import_help_lists_the_subcommands_and_every_option() {
    Run help = hengel("import", "--help");
    Run interactionsHelp = hengel("import", "interactions", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains(
            "people",
            "interactions",
            "-w, --workspace=SLUG",
            "--map=FIELD=HEADER",
            "--set=FIELD=VALUE",
            "--dry-run",
            "--on-error=abort|skip",
            "--delimiter=CHAR",
            "FILE:LINE: COLUMN: message",
            "Exit codes: 0");
    assertThat(interactionsHelp.exit()).isZero();
    assertThat(interactionsHelp.out())
        .contains(
            "Usage: hengel import interactions",
            "FILE",
            "--map=FIELD=HEADER",
            "--on-error=abort|skip",
            "Fields: source, externalId, email",
            "attr.NAME",
            "derived");
  }

  static String[] concat(String[] a, String... b) {
    var result = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
