package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.hengel.platform.Role;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hengel import accounts and import owners in-process, on the tests' database. */
class CrmImportCommandsIntegrationTests extends IntegrationTestSupport {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void accounts_print_each_bad_row_as_file_line_column_and_a_second_run_changes_nothing()
      throws Exception {
    TestWorkspace tw = newWorkspace();
    String ws = tw.workspace().slug();
    Path bad =
        Files.writeString(
            dir.resolve("accounts.csv"),
            """
            account;employees;subsidiary_of
            Acme Corporation;2822;
            Rangreen;twelve;Bubba Gump
            """);
    Path good =
        Files.writeString(
            dir.resolve("accounts-fixed.csv"),
            """
            account;employees;subsidiary_of
            Acme Corporation;2822;
            Rangreen;12;Acme Corporation
            """);
    String[] mapping = {
      "--delimiter",
      ";",
      "--map",
      "name=account",
      "--map",
      "attr.employees=employees",
      "--map",
      "parent=subsidiary_of"
    };

    Run refused =
        hengel(concat(new String[] {"import", "accounts", bad.toString(), "-w", ws}, mapping));
    Run dry =
        hengel(
            concat(
                new String[] {"import", "accounts", good.toString(), "-w", ws, "--dry-run"},
                mapping));
    Run imported =
        hengel(concat(new String[] {"import", "accounts", good.toString(), "-w", ws}, mapping));
    Run again =
        hengel(concat(new String[] {"import", "accounts", good.toString(), "-w", ws}, mapping));
    Run help = hengel("import", "accounts", "--help");

    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
    assertThat(refused.err().lines())
        .containsExactly(
            bad
                + ":3: employees: 'twelve' is not a whole number, e.g. 250: company.employees is"
                + " read as a number",
            bad
                + ":3: subsidiary_of: 'Bubba Gump' is no account of this file, nor one known from"
                + " crm before");
    assertThat(refused.out()).contains("Refused " + bad + ": 1 of 2 rows are invalid");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).contains("nothing written: 2 rows read, 2 accounts: would create 2");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out())
        .contains("(source crm): 2 rows read, 2 accounts: 2 created, 0 updated, 0 unchanged.");
    assertThat(again.out())
        .contains("2 accounts: 0 created, 0 updated, 2 unchanged. Nothing changed.");
    assertThat(help.out()).doesNotContain("--on-error").contains("--map", "--dry-run");
  }

  @Test
  void owners_are_imported_only_as_an_admin_and_a_second_run_changes_nothing() throws Exception {
    TestWorkspace tw = newWorkspace();
    String ws = tw.workspace().slug();
    String admin = "admin@" + ws + ".example";
    String sales = "sam@" + ws + ".example";
    as(tw, sales, Role.SALES);
    Path file =
        Files.writeString(
            dir.resolve("sales_teams.csv"),
            """
            sales_agent,manager,regional_office
            Moses Frase,Dustin Brinkmann,Central
            Anna Snelling,Dustin Brinkmann,Central
            """);
    String[] args = {
      "import",
      "owners",
      file.toString(),
      "-w",
      ws,
      "--map",
      "name=sales_agent",
      "--map",
      "manager=manager",
      "--map",
      "team=regional_office"
    };

    Run notAdmin = hengel(concat(args, "--as", sales));
    Run dry = hengel(concat(args, "--as", admin, "--dry-run"));
    long membersAfterDryRun = members.list(tw.workspace().id()).size();
    Run imported = hengel(concat(args, "--as", admin));
    Run again = hengel(concat(args, "--as", admin));
    Run list = hengel("user", "list", "-w", ws);

    assertThat(notAdmin.exit()).isEqualTo(1);
    assertThat(notAdmin.err()).contains("[access.forbidden]");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains(
            "nothing written; it would do: 2 rows read, 2 agents; members: 3 added, 0 already"
                + " members; teams: 1 created");
    assertThat(membersAfterDryRun).isEqualTo(2);
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out())
        .contains(
            "2 rows read, 2 agents; members: 3 added, 0 already members; teams: 1 created, 0"
                + " updated, 0 unchanged.")
        .contains("cannot sign in until given one");
    assertThat(again.out())
        .contains(
            "members: 0 added, 3 already members; teams: 0 created, 0 updated, 1 unchanged."
                + " Nothing changed.");
    assertThat(list.out())
        .containsPattern(
            "moses-frase@" + ws + "\\.crm\\.invalid +Moses Frase +sales  \\(no password");
  }

  static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
