package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.hengel.platform.Role;
import nl.hengel.testing.DefinitionTexts;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The definition commands in-process: each starts its own offline context on the tests' database.
 */
class DefinitionCommandIntegrationTests extends IntegrationTestSupport {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void upload_approve_list_show_diff_and_audit_from_the_command_line() throws Exception {
    TestWorkspace tw = newWorkspace();
    String ws = tw.workspace().slug();
    as(tw, "anna@acme.example", Role.MARKETING);
    as(tw, "bram@acme.example", Role.SALES);
    String v1 = Files.writeString(dir.resolve("v1.yaml"), DefinitionTexts.DESIGN).toString();
    String v2 =
        Files.writeString(dir.resolve("v2.yaml"), DefinitionTexts.DESIGN_CHANGED).toString();
    String bad =
        Files.writeString(dir.resolve("bad.yaml"), DefinitionTexts.UNKNOWN_ATTRIBUTE_ON_LINE_5)
            .toString();

    Run refused = hengel("definition", "upload", bad, "-w", ws, "--as", "anna@acme.example");
    Run first = hengel("definition", "upload", v1, "-w", ws, "--as", "anna@acme.example");
    Run second = hengel("definition", "upload", v2, "-w", ws, "--as", "bram@acme.example");
    Run marketing = hengel("definition", "approve", "1", "-w", ws, "--as", "anna@acme.example");
    Run twice = hengel("definition", "approve", "1", "-w", ws, "--as", "anna@acme.example");
    Run sales =
        hengel(
            "definition", "approve", "1", "-w", ws, "--as", "bram@acme.example", "--side", "sales");
    Run draft = hengel("definition", "activate", "2", "-w", ws, "--as", "anna@acme.example");
    Run list = hengel("definition", "list", "-w", ws);
    Run show = hengel("definition", "show", "1", "-w", ws);
    Run text = hengel("definition", "show", "2", "-w", ws, "--yaml");
    Run diff = hengel("definition", "diff", "1", "2", "-w", ws);
    Run audit = hengel("definition", "audit", "-w", ws);

    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.out().lines())
        .singleElement()
        .satisfies(line ->
            assertThat(line)
                .startsWith(bad + ":5:36: error: unknown attribute 'company.size'")
                .endsWith("[definition.lint.unknown-variable]"));
    assertThat(refused.err()).contains("1 error, nothing stored");
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.out()).contains("Stored " + v1 + " as version 1 (draft) of " + ws + ".");
    assertThat(second.out()).contains("as version 2 (draft)");
    assertThat(marketing.out()).contains("Version 1 of " + ws + " is draft.");
    assertThat(twice.exit()).isEqualTo(1);
    assertThat(twice.err())
        .contains("Refused by the rule 'one approval per side'")
        .contains("[definition.approval.side-already-approved]");
    assertThat(sales.out()).contains("Version 1 of " + ws + " is approved.");
    assertThat(draft.exit()).isEqualTo(1);
    assertThat(draft.err())
        .contains("Version 2 cannot be activated: it is a draft")
        .contains("[definition.not-approved]");
    assertThat(list.out().lines()).hasSize(2);
    assertThat(list.out().lines().toList().get(0))
        .startsWith("2     draft")
        .contains("bram@acme.example");
    assertThat(list.out().lines().toList().get(1))
        .startsWith("1     approved")
        .contains("anna@acme.example");
    assertThat(show.out())
        .contains(
            "status     approved",
            "owners     marketing anna@acme.example, sales bram@acme.example",
            "approval   marketing by anna@acme.example",
            "approval   sales by bram@acme.example");
    assertThat(text.out()).isEqualTo(DefinitionTexts.DESIGN_CHANGED);
    assertThat(diff.out())
        .contains(
            "Changes in meaning from version 1 to version 2:",
            "  engagement rule 'whitepaper': points 5 → 8",
            "  engagement half_life: 30d → 14d",
            "+  half_life: 14d");
    assertThat(audit.out().lines()).hasSize(4);
    assertThat(audit.out())
        .contains("user:anna@acme.example", "uploaded", "approved", "sales; both sides approved");
  }
}
