package nl.hengel.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.definition.LeadScores;
import nl.hengel.engine.LeadScore;
import nl.hengel.timeline.People;
import nl.hengel.timeline.PersonId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Why a lead is an MQL, or what is missing. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explains a lead's score: the points of every fit and engagement rule, and which parts of the",
      "mql gate hold now. Computed by the same fold as live scoring, under the active definition",
      "version or the one given with --version (a draft too).",
    })
final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-w", "--workspace"},
      required = true,
      paramLabel = "SLUG")
  String workspace;

  @Parameters(
      index = "0",
      paramLabel = "PERSON",
      description = "The person's id, or their e-mail address.")
  String person;

  @Option(
      names = "--version",
      paramLabel = "N",
      description = "Explain by this definition version instead of the active one.")
  Integer version;

  @Override
  public Integer call() {
    try (var context = Spring.offline()) {
      Workspace ws = context.getBean(Workspaces.class).require(workspace);
      People people = context.getBean(People.class);
      PersonId id =
          person.contains("@")
              ? people
                  .findByEmail(ws.id(), person)
                  .orElseThrow(() ->
                      nl.hengel.platform.Problem.notFound(
                          "timeline.person-not-found",
                          "No person with e-mail " + person + " in " + ws.slug()))
                  .id()
              : new PersonId(Long.parseLong(person));
      LeadScores.Explained explained =
          context.getBean(LeadScores.class).explain(ws.id(), id, version);
      LeadScore s = explained.score();
      var out = spec.commandLine().getOut();
      out.printf(
          "Person %d under definition version %d, as of %s%n",
          explained.person().value(), explained.version(), s.asOf());
      out.printf("  %s%n", s.isMql() ? "MQL since " + s.mqlAt() : "not an MQL");
      out.printf(
          "  fit %d, engagement %.1f, %d touches (%d distinct content)%n",
          s.fit(), s.engagement(), s.touches().count(), s.touches().distinctContent());
      out.println("Fit rules:");
      s.explanation()
          .fit()
          .forEach(
              c -> out.printf("  %-28s %s%n", c.rule(), c.matches() > 0 ? "+" + c.points() : "no"));
      out.println("Engagement rules:");
      s.explanation()
          .engagement()
          .forEach(c ->
              out.printf(
                  Locale.ROOT,
                  "  %-28s %3d matches%s, %+d points, worth %.1f now%n",
                  c.rule(),
                  c.matches(),
                  c.capped() > 0 ? " (" + c.capped() + " over the cap)" : "",
                  c.points(),
                  c.current()));
      out.println("Gate:");
      s.explanation()
          .gate()
          .forEach(
              g -> out.printf("  %s %-40s %s%n", g.met() ? "✓" : "✗", g.expression(), g.values()));
      return 0;
    }
  }
}
