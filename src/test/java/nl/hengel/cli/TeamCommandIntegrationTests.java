package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import nl.hengel.access.Teams;
import nl.hengel.platform.Role;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The team commands in-process: each starts its own offline context on the tests' database. */
class TeamCommandIntegrationTests extends IntegrationTestSupport {

  @Autowired Teams teams;

  record Run(int exit, String out, String err) {}

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void an_admin_manages_teams_and_a_manager_marks_a_member_away_from_the_command_line() {
    TestWorkspace tw = newWorkspace();
    String ws = tw.workspace().slug();
    String admin = "admin@" + ws + ".example";
    String maria = "maria@" + ws + ".example";
    String anna = "anna@" + ws + ".example";
    as(tw, maria, Role.SALES);
    as(tw, anna, Role.SALES);

    Run created =
        hengel(
            "team",
            "create",
            "inside-sales",
            "-w",
            ws,
            "--as",
            admin,
            "--manager",
            maria,
            "--members",
            anna);
    Run notAdmin = hengel("team", "create", "mine", "-w", ws, "--as", anna);
    Run unknown =
        hengel(
            "team", "create", "x", "-w", ws, "--as", admin, "--members", "nobody@nowhere.example");
    Run away = hengel("team", "availability", anna, "no", "-w", ws, "--as", maria);
    Run list = hengel("team", "list", "-w", ws);
    Run delete = hengel("team", "delete", "inside-sales", "-w", ws, "--as", admin);

    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("inside-sales (manager: " + maria + "): " + anna);
    assertThat(notAdmin.exit()).isEqualTo(1);
    assertThat(notAdmin.err()).contains("[access.forbidden]");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("/members/0: 'nobody@nowhere.example' is not a member");
    assertThat(away.exit()).as(away.err()).isZero();
    assertThat(away.out()).contains(anna + " is away");
    assertThat(list.out())
        .isEqualTo("inside-sales (manager: " + maria + "): " + anna + " (away)\n");
    assertThat(delete.exit()).isZero();
    assertThat(teams.list(tw.workspace().id())).isEmpty();
  }
}
