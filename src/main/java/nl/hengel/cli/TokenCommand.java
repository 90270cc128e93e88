package nl.hengel.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import nl.hengel.access.ApiTokens;
import nl.hengel.access.IssuedToken;
import nl.hengel.access.Member;
import nl.hengel.access.TokenInfo;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** API token management. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Creates, lists and revokes API tokens. A token is shown once and stored only as a hash.",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a token for a member and prints it once.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG")
    String workspace;

    @Option(names = "--user", required = true, paramLabel = "EMAIL")
    String user;

    @Option(
        names = "--name",
        required = true,
        description = "What the token is for, e.g. \"website tracker\".")
    String name;

    @Option(
        names = "--expires",
        paramLabel = "TIME",
        description = "ISO-8601 instant, e.g. 2027-01-01T00:00:00Z (default: never).")
    Instant expires;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).require(workspace);
        Member member = Lookups.member(context, ws, user);
        IssuedToken token =
            context.getBean(ApiTokens.class).issue(ws.id(), member.id(), name, expires);
        spec.commandLine().getOut().println(token.token());
        spec.commandLine()
            .getErr()
            .println(
                "Token "
                    + token.id()
                    + " for "
                    + member.email()
                    + " in "
                    + ws.slug()
                    + ". It is shown only now: store it safely.");
        return 0;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists a workspace's tokens (never the secrets).")
  static final class ListTokens implements Callable<Integer> {
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
        for (TokenInfo t : context.getBean(ApiTokens.class).list(ws.id(), null)) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%-6d %-14s %-32s %-30s %s%n",
                  t.id(),
                  t.prefix() + "…",
                  t.email(),
                  t.name(),
                  t.revokedAt() != null
                      ? "revoked " + t.revokedAt()
                      : t.expiresAt() != null ? "expires " + t.expiresAt() : "active");
        }
        return 0;
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a token at once.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG")
    String workspace;

    @Parameters(index = "0", paramLabel = "ID", description = "The token id (see token list).")
    long id;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = context.getBean(Workspaces.class).require(workspace);
        context.getBean(ApiTokens.class).revoke(ws.id(), id);
        spec.commandLine().getOut().println("Revoked token " + id + ".");
        return 0;
      }
    }
  }
}
