package nl.hengel.cli;

import java.util.concurrent.Callable;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Passwords;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** User management per workspace. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description =
        "Adds, lists and removes the members of a workspace and their roles ("
            + "admin, marketing, sales, service, analyst), and sets their browser password.",
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ListMembers.class,
      UserCommand.Remove.class,
      UserCommand.Delete.class,
      UserCommand.Password.class
    })
final class UserCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Makes a user (created if new) a member of the workspace, or replaces their roles there.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG")
    String workspace;

    @Parameters(index = "0", paramLabel = "EMAIL")
    String email;

    @Option(
        names = "--roles",
        required = true,
        split = ",",
        paramLabel = "ROLE",
        description = "Comma-separated: admin, marketing, sales, service, analyst.")
    java.util.List<String> roles;

    @Option(names = "--name", description = "Display name (default: the e-mail).")
    String name;

    @Option(names = "--instance-admin", description = "May also create workspaces through the API.")
    boolean instanceAdmin;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).require(workspace);
        java.util.Set<Role> parsed;
        try {
          parsed = Role.parseAll(String.join(",", roles));
        } catch (IllegalArgumentException e) {
          throw Problem.badRequest("access.unknown-role", e.getMessage());
        }
        Members members = context.getBean(Members.class);
        Member member = members.add(ws.id(), email, name, parsed);
        if (instanceAdmin) {
          members.grantInstanceAdmin(member.id());
        }
        spec.commandLine()
            .getOut()
            .println(
                member.email()
                    + " (id "
                    + member.id().value()
                    + ") in "
                    + ws.slug()
                    + ": "
                    + Role.format(member.roles())
                    + (instanceAdmin ? ", instance admin" : ""));
        return 0;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Lists the members of a workspace: id, e-mail, name and roles; a member without a"
              + " password (one an owners import created from a name) is marked: they cannot sign"
              + " in.")
  static final class ListMembers implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG")
    String workspace;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).require(workspace);
        for (Member m : context.getBean(Members.class).list(ws.id())) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%-6d %-40s %-30s %s%s%n",
                  m.id().value(),
                  m.email(),
                  m.displayName(),
                  Role.format(m.roles()),
                  m.canSignIn() ? "" : "  (no password: cannot sign in)");
        }
        return 0;
      }
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes a user from the workspace; their tokens there stop working at once.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG")
    String workspace;

    @Parameters(index = "0", paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).require(workspace);
        Members members = context.getBean(Members.class);
        Member member = Lookups.member(context, ws, email);
        members.remove(ws.id(), member.id());
        spec.commandLine()
            .getOut()
            .println("Removed " + member.email() + " from " + ws.slug() + ".");
        return 0;
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a user account from every workspace; no token of it works any more.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG",
        description = "A workspace the user is a member of (to find the account).")
    String workspace;

    @Parameters(index = "0", paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).require(workspace);
        Members members = context.getBean(Members.class);
        Member member = Lookups.member(context, ws, email);
        members.deleteUser(member.id());
        spec.commandLine().getOut().println("Deleted user " + member.email() + ".");
        return 0;
      }
    }
  }

  @Command(
      name = "password",
      mixinStandardHelpOptions = true,
      description = {
        "Sets the password a user signs in to the web UI with (at least "
            + Passwords.MIN_LENGTH
            + " characters), replacing any earlier one.",
        "Asks for it twice on the console, or reads one line from standard input with"
            + " --password-stdin. It is stored as an Argon2id hash, never in clear."
      })
  static final class Password implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG",
        description = "A workspace the user is a member of (to find the account).")
    String workspace;

    @Parameters(index = "0", paramLabel = "EMAIL")
    String email;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input (for scripts).")
    boolean stdin;

    @Override
    public Integer call() throws java.io.IOException {
      String password = stdin ? firstLine() : fromConsole();
      if (password.length() < Passwords.MIN_LENGTH) {
        // Checked before the application starts, so a typo costs no start-up.
        throw Problem.invalid(
            "access.weak-password",
            "A password needs at least " + Passwords.MIN_LENGTH + " characters.",
            java.util.List.of(
                new Problem.FieldError(
                    "password", "must be at least " + Passwords.MIN_LENGTH + " characters")));
      }
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).require(workspace);
        Member member = Lookups.member(context, ws, email);
        context.getBean(Passwords.class).set(member.id(), password);
        spec.commandLine()
            .getOut()
            .println("Password set for " + member.email() + "; it signs in to the web UI.");
        return 0;
      }
    }

    private static String firstLine() throws java.io.IOException {
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
      String line = in.readLine();
      return line == null ? "" : line.stripTrailing();
    }

    private static String fromConsole() {
      java.io.Console console = System.console();
      if (console == null) {
        throw Problem.badRequest(
            "access.no-console",
            "No console to ask for the password on: pipe it in with --password-stdin.");
      }
      char[] first = console.readPassword("New password for the web UI: ");
      char[] second = console.readPassword("Once more: ");
      if (first == null || second == null || !java.util.Arrays.equals(first, second)) {
        throw Problem.badRequest("access.password-mismatch", "The two passwords differ.");
      }
      return new String(first);
    }
  }
}
