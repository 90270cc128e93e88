package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outcomes command in-process: it starts its own offline context on the tests' database. */
class OutcomesCommandIntegrationTests extends IntegrationTestSupport {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static String stage(Api api, long person) {
    return api.get("/api/people/" + person + "/lead").json().get("lead").get("stage").asString();
  }

  @Test
  void a_bad_row_is_printed_as_file_colon_line_and_nothing_moves_then_the_fixed_file_applies()
      throws Exception {
    TestWorkspace tw = newWorkspace();
    as(tw, "anna@acme.example", Role.MARKETING);
    long olga =
        tw.admin()
            .post("/api/people", Map.of("email", "olga@acme.example"))
            .json()
            .get("id")
            .asLong();
    long piet =
        tw.admin()
            .post("/api/people", Map.of("email", "piet@acme.example"))
            .json()
            .get("id")
            .asLong();
    String bad =
        """
        email,stage,reason,comment
        olga@acme.example,nurture,,"From the fair, hall 3"
        piet@acme.example,nurture,,
        piet@acme.example,disqualified,,
        """;
    Path file = Files.writeString(dir.resolve("crm.csv"), bad);
    String[] args = {
      "outcomes",
      "import",
      file.toString(),
      "-w",
      tw.workspace().slug(),
      "--as",
      "anna@acme.example"
    };

    Run refused = hengel(args);

    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
    assertThat(refused.err().lines())
        .containsExactly(
            file
                + ":4: reason: A disqualify needs a reason code, one of: bad-fit, competitor,"
                + " student-or-job-seeker, spam, duplicate, existing-customer.");
    assertThat(refused.out())
        .contains("Refused " + file + ": 1 of 3 rows failed, so no lead was moved.");
    assertThat(stage(tw.admin(), olga)).isEqualTo("new");
    assertThat(stage(tw.admin(), piet)).isEqualTo("new");

    Files.writeString(file, bad.replace("disqualified,,", "disqualified,spam,"));
    Run applied = hengel(args);

    assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.out())
        .contains(
            "Moved leads from "
                + file
                + " in "
                + tw.workspace().slug()
                + ": 3 rows, 3 moves (nurture 2, disqualified 1).");
    assertThat(stage(tw.admin(), olga)).isEqualTo("nurture");
    assertThat(stage(tw.admin(), piet)).isEqualTo("disqualified");
    var history = tw.admin().get("/api/people/" + piet + "/lead").json().get("history");
    assertThat(history.get(1).get("actor").asString()).isEqualTo("user:anna@acme.example");
    assertThat(history.get(1).get("reason").asString()).isEqualTo("spam");
  }

  @Test
  void a_file_without_a_person_column_exits_2() throws Exception {
    TestWorkspace tw = newWorkspace();
    Path file = Files.writeString(dir.resolve("x.csv"), "name,stage\nOlga,won\n");

    Run run =
        hengel(
            "outcomes",
            "import",
            file.toString(),
            "-w",
            tw.workspace().slug(),
            "--as",
            "admin@" + tw.workspace().slug() + ".example");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("[lifecycle.outcomes-invalid-header]", "field email:");
  }
}
