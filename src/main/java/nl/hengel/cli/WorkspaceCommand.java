package nl.hengel.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import nl.hengel.access.ApiTokens;
import nl.hengel.access.IssuedToken;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.platform.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Workspace management. */
@Command(
    name = "workspace",
    mixinStandardHelpOptions = true,
    description = "Creates and lists workspaces (one per client company).",
    subcommands = {WorkspaceCommand.Create.class, WorkspaceCommand.ListAll.class})
final class WorkspaceCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Creates a workspace; with --admin, makes that user its admin and prints a token for them.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "SLUG",
        description = "Short unique name: lower-case letters, digits, dashes.")
    String slug;

    @Option(
        names = "--name",
        required = true,
        description = "Display name, e.g. \"Acme Netherlands\".")
    String name;

    @Option(
        names = "--admin",
        paramLabel = "EMAIL",
        description = "E-mail of the user who administers the workspace.")
    String admin;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).create(slug, name);
        var out = spec.commandLine().getOut();
        out.println("Created workspace " + ws.slug() + " (id " + ws.id().value() + ").");
        if (admin != null) {
          Member member =
              context.getBean(Members.class).add(ws.id(), admin, admin, Set.of(Role.ADMIN));
          IssuedToken token =
              context
                  .getBean(ApiTokens.class)
                  .issue(ws.id(), member.id(), "created with the workspace", null);
          out.println("Admin " + member.email() + " can use this token (shown once):");
          out.println(token.token());
        }
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists all workspaces.")
  static final class ListAll implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        var out = spec.commandLine().getOut();
        for (Workspace ws : context.getBean(Workspaces.class).list()) {
          out.printf("%-24s %s%n", ws.slug(), ws.name());
        }
        return 0;
      }
    }
  }
}
