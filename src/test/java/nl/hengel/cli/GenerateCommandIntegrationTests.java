package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class GenerateCommandIntegrationTests extends IntegrationTestSupport {

  @Autowired JdbcClient jdbc;

  record Run(int exit, String out, String err) {}

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  long count(String table, String slug) {
    return jdbc.sql(
            "select count(*) from "
                + table
                + " where workspace_id = (select id from workspace where slug = ?)")
        .param(slug)
        .query(Long.class)
        .single();
  }

  @Test
  void generate_creates_the_workspace_and_writes_exactly_the_people_and_interactions_asked_for() {
    String slug = "gen-" + UUID.randomUUID().toString().substring(0, 8);
    Run run =
        hengel(
            "generate",
            "-w",
            slug,
            "--people",
            "200",
            "--interactions",
            "2000",
            "--seed",
            "5",
            "--now",
            "2026-11-25T12:00:00Z",
            "--chunk",
            "50");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("Generating 200 people, 2,000 interactions, 5 companies")
        .contains("Done in ")
        .contains("200 people, 2,000 interactions (");
    assertThat(count("person", slug)).isEqualTo(200);
    assertThat(count("interaction", slug)).isEqualTo(2_000);
    assertThat(count("company", slug)).isEqualTo(5);
    assertThat(count("campaign", slug)).isGreaterThanOrEqualTo(8);
    assertThat(count("campaign_spend", slug)).isGreaterThan(20);
    assertThat(count("lead", slug)).isGreaterThan(40);
    assertThat(count("membership", slug)).isEqualTo(5);

    // Again: everything is known already, nothing new is stored.
    Run again =
        hengel(
            "generate",
            "-w",
            slug,
            "--people",
            "200",
            "--interactions",
            "2000",
            "--seed",
            "5",
            "--now",
            "2026-11-25T12:00:00Z");
    assertThat(again.exit()).as(again.out() + again.err()).isZero();
    assertThat(count("person", slug)).isEqualTo(200);
    assertThat(count("interaction", slug)).isEqualTo(2_000);
  }

  @Test
  void help_is_true_and_bad_options_are_refused() {
    Run help = hengel("generate", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains(
            "Usage: hengel generate",
            "--workspace=SLUG",
            "--people=N",
            "--interactions=M",
            "--seed=S",
            "--months=N",
            "--now=WHEN",
            "--chunk=N");
    assertThat(hengel("--help").out()).contains("generate");
    Run bad = hengel("generate", "-w", "x", "--people", "0", "--interactions", "10");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("--people");
  }
}
