package nl.hengel.cli;

import static nl.hengel.cli.Lookups.caller;
import static nl.hengel.cli.Lookups.workspace;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nl.hengel.access.Team;
import nl.hengel.access.TeamMember;
import nl.hengel.access.TeamSpec;
import nl.hengel.access.Teams;
import nl.hengel.access.Workspace;
import nl.hengel.cli.DefinitionCommand.ActorOption;
import nl.hengel.cli.DefinitionCommand.WorkspaceOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sales teams and members' availability per workspace. */
@Command(
    name = "team",
    mixinStandardHelpOptions = true,
    description =
        "Lists, creates, replaces and deletes the sales teams of a workspace, and marks members"
            + " available or away (routing hands leads only to available members).",
    subcommands = {
      TeamCommand.ListTeams.class,
      TeamCommand.Create.class,
      TeamCommand.Replace.class,
      TeamCommand.Delete.class,
      TeamCommand.Availability.class
    })
final class TeamCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A team's manager and members as options. */
  static final class TeamOptions {
    @Option(names = "--manager", paramLabel = "EMAIL", description = "The team's manager.")
    String manager;

    @Option(
        names = "--members",
        split = ",",
        paramLabel = "EMAIL",
        description = "Comma-separated e-mails of the members (workspace members).")
    List<String> members = List.of();
  }

  static void print(PrintWriter out, Team team) {
    out.println(
        team.name()
            + " (manager: "
            + (team.manager() == null ? "none" : team.manager().email())
            + "): "
            + team.members().stream().map(TeamCommand::member).collect(Collectors.joining(", ")));
  }

  private static String member(TeamMember m) {
    return m.email() + (m.available() ? "" : " (away)");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the teams with their managers and members; away members are marked.")
  static final class ListTeams implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        context
            .getBean(Teams.class)
            .list(ws.id())
            .forEach(t -> print(spec.commandLine().getOut(), t));
        return 0;
      }
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a team (--as an admin).")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;
    @Mixin TeamOptions team;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        print(
            spec.commandLine().getOut(),
            context
                .getBean(Teams.class)
                .create(
                    caller(context, ws, actor.email),
                    new TeamSpec(name, team.manager, team.members)));
        return 0;
      }
    }
  }

  @Command(
      name = "replace",
      mixinStandardHelpOptions = true,
      description =
          "Replaces a team's manager and members, and its name with --name (--as an admin).")
  static final class Replace implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;
    @Mixin TeamOptions team;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--name", paramLabel = "NEW-NAME", description = "A new name for the team.")
    String newName;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        print(
            spec.commandLine().getOut(),
            context
                .getBean(Teams.class)
                .replace(
                    caller(context, ws, actor.email),
                    name,
                    new TeamSpec(newName == null ? name : newName, team.manager, team.members)));
        return 0;
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a team; refused while a routing rule points at it (--as an admin).")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        context.getBean(Teams.class).delete(caller(context, ws, actor.email), name);
        spec.commandLine().getOut().println("deleted team " + name);
        return 0;
      }
    }
  }

  @Command(
      name = "availability",
      mixinStandardHelpOptions = true,
      description =
          "Marks a member available (yes) or away (no): --as the member, an admin, or the"
              + " manager of a team the member is in.")
  static final class Availability implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "EMAIL")
    String email;

    @Parameters(index = "1", paramLabel = "yes|no", description = "yes: available; no: away.")
    String available;

    @Override
    public Integer call() {
      String answer = available.trim().toLowerCase(java.util.Locale.ROOT);
      if (!answer.equals("yes") && !answer.equals("no")) {
        spec.commandLine().getErr().println("error: say yes or no, not '" + available + "'");
        return 2;
      }
      boolean value = answer.equals("yes");
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        TeamMember member =
            context
                .getBean(Teams.class)
                .setAvailable(caller(context, ws, actor.email), email, value);
        spec.commandLine()
            .getOut()
            .println(member.email() + (member.available() ? " is available" : " is away"));
        return 0;
      }
    }
  }
}
