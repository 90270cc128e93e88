package nl.hengel.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.Callable;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.demo.Generation;
import nl.hengel.demo.Generator;
import nl.hengel.lifecycle.Owner;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Generates a workspace's worth of made-up but realistic data, for benchmarks and trials. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generates companies (one per 40 people), people, campaigns with monthly spend,",
      "marketing, sales and service interactions over the last months, and leads' pasts",
      "in every stage, from a seed: the same seed and --now give the same data. Writes",
      "through the bulk paths (people, lead histories, ingest) into the configured",
      "database, a chunk of people at a time, so memory stays bounded. Creates the",
      "workspace if missing, with an admin and four sales reps who own the open leads.",
      "People it ingests wait in the scoring queue until a server scores them under",
      "the workspace's active definition.",
      "",
    })
final class GenerateCommand implements Callable<Integer> {

  static final int REPS = 4;

  @Spec CommandSpec spec;

  @Option(
      names = {"-w", "--workspace"},
      required = true,
      paramLabel = "SLUG",
      description = "The workspace; created if missing.")
  String workspace;

  @Option(names = "--people", required = true, paramLabel = "N", description = "How many people.")
  int people;

  @Option(
      names = "--interactions",
      required = true,
      paramLabel = "M",
      description = "How many interactions, exactly, over all people.")
  long interactions;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "The seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--months",
      paramLabel = "N",
      defaultValue = "12",
      description = "Months of history up to now. Default: ${DEFAULT-VALUE}.")
  int months;

  @Option(
      names = "--now",
      paramLabel = "WHEN",
      description = "The moment the history ends (e.g. 2026-11-25T12:00:00Z). Default: now.")
  String now;

  @Option(
      names = "--chunk",
      paramLabel = "N",
      defaultValue = "1000",
      description = "People per chunk written at once. Default: ${DEFAULT-VALUE}.")
  int chunk;

  @Override
  public Integer call() {
    if (people < 1 || interactions < 0 || months < 1 || months > 120 || chunk < 1) {
      throw Problem.badRequest(
          "cli.invalid-option",
          "--people and --chunk are at least 1, --interactions at least 0, --months 1 to 120.");
    }
    Instant end = null;
    if (now != null) {
      try {
        end = Instant.parse(now);
      } catch (DateTimeParseException e) {
        throw Problem.badRequest(
            "cli.invalid-option", "--now is a time like 2026-11-25T12:00:00Z, not '" + now + "'.");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    try (var context = Spring.offline()) {
      Workspaces workspaces = context.getBean(Workspaces.class);
      Members members = context.getBean(Members.class);
      Workspace ws =
          workspaces
              .find(workspace)
              .orElseGet(() -> workspaces.create(workspace, "Generated: " + workspace));
      Member admin =
          member(
              members, ws, "generator@" + ws.slug() + ".example", "Generator (admin)", Role.ADMIN);
      var reps = new ArrayList<Owner>();
      for (int i = 1; i <= REPS; i++) {
        Member rep =
            member(
                members,
                ws,
                "rep" + i + "@" + ws.slug() + ".example",
                "Rep " + i + " (sales)",
                Role.SALES);
        reps.add(new Owner(rep.id(), rep.email()));
      }
      Instant at =
          end != null
              ? end
              : context.getBean(Clock.class).instant().truncatedTo(ChronoUnit.SECONDS);
      var generator =
          new Generator(new Generator.Settings(seed, people, interactions, months, at), reps);
      out.printf(
          "Generating %,d people, %,d interactions, %d companies and %d campaigns over %d months"
              + " up to %s into %s (seed %d)%n",
          people,
          interactions,
          generator.companies().size(),
          generator.campaigns().size(),
          months,
          at,
          ws.slug(),
          seed);
      out.flush();
      long[] lastPrinted = {0};
      Generation.Result result =
          context
              .getBean(Generation.class)
              .run(
                  new Caller(admin.id(), admin.email(), ws.id(), admin.roles()),
                  generator,
                  chunk,
                  null,
                  p -> {
                    long seconds = p.elapsed().toSeconds();
                    if (seconds - lastPrinted[0] >= 10 || p.people() == people) {
                      lastPrinted[0] = seconds;
                      out.printf(
                          "  %,d people, %,d interactions, %,d leads  (%ds, %,.0f interactions/s)%n",
                          p.people(),
                          p.interactions(),
                          p.leads(),
                          seconds,
                          rate(p.interactions(), p.elapsed()));
                      out.flush();
                    }
                  });
      out.printf(
          "Done in %.1f s: %d campaigns, %,d companies, %,d people, %,d interactions"
              + " (%,.0f/s), %,d leads with a past, %,d handoffs.%n",
          result.took().toMillis() / 1000.0,
          result.campaigns(),
          result.companies(),
          result.people(),
          result.interactions(),
          rate(result.interactions(), result.took()),
          result.leads(),
          result.handoffs());
      out.flush();
      return 0;
    }
  }

  private static Member member(
      Members members, Workspace ws, String email, String name, Role role) {
    return members
        .findByEmail(ws.id(), email)
        .orElseGet(() -> members.add(ws.id(), email, name, Set.of(role)));
  }

  private static double rate(long count, Duration elapsed) {
    return elapsed.isZero() ? 0 : count * 1e9 / elapsed.toNanos();
  }
}
