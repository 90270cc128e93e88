package nl.hengel.cli;

import static nl.hengel.cli.Lookups.caller;
import static nl.hengel.cli.Lookups.member;
import static nl.hengel.cli.Lookups.workspace;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import nl.hengel.access.Member;
import nl.hengel.access.Workspace;
import nl.hengel.definition.Approval;
import nl.hengel.definition.AuditEntry;
import nl.hengel.definition.DefinitionDiff;
import nl.hengel.definition.DefinitionVersion;
import nl.hengel.definition.Definitions;
import nl.hengel.definition.Reevaluation;
import nl.hengel.definition.Side;
import nl.hengel.definition.UploadOutcome;
import nl.hengel.engine.Lint;
import nl.hengel.platform.Problem;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The lead definition from the command line: lint a file, upload, list, show, diff, approve,
 * activate, audit.
 */
@Command(
    name = "definition",
    mixinStandardHelpOptions = true,
    description = {
      "The lead definition: the YAML contract of marketing and sales (see the README).",
      "",
      "A file is checked with 'lint' (no database needed) and uploaded as a new draft version; a stored version never"
          + " changes. A draft becomes approved once its marketing owner and its sales owner (or approvers an admin"
          + " granted) have approved it: two different people. An approved version is activated; the previous active"
          + " version then retires.",
    },
    subcommands = {
      DefinitionCommand.LintFile.class,
      DefinitionCommand.Upload.class,
      DefinitionCommand.ListVersions.class,
      DefinitionCommand.Show.class,
      DefinitionCommand.Diff.class,
      DefinitionCommand.Approve.class,
      DefinitionCommand.Activate.class,
      DefinitionCommand.Archive.class,
      DefinitionCommand.Audit.class,
      DefinitionCommand.Grant.class,
      DefinitionCommand.Revoke.class,
    })
final class DefinitionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The workspace a command works in. */
  static final class WorkspaceOption {
    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG",
        description = "The workspace.")
    String slug;
  }

  /** The member a command acts as: recorded as the author, approver or activator. */
  static final class ActorOption {
    @Option(
        names = "--as",
        required = true,
        paramLabel = "EMAIL",
        description =
            "The member acting (must be a member of the workspace; their roles decide what they may do).")
    String email;
  }

  @Command(
      name = "lint",
      mixinStandardHelpOptions = true,
      description = {
        "Checks a definition file without a database: every issue with its line and column.",
        "",
        "Prints one line per issue on standard output,",
        "",
        "  FILE:LINE:COL: error|warning: message [code]",
        "",
        "and a summary on standard error. Rules on interaction types Hengel does not know get a warning; the server"
            + " also knows the types of the workspace's own interactions, so an upload may warn less.",
      },
      footer = {
        "",
        "Exit codes: 0 no errors (warnings allowed); 1 errors; 2 the file cannot be read (missing, not"
            + " UTF-8, longer than 200,000 characters)."
      })
  static final class LintFile implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The definition's YAML file.")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String yaml = read(file, err);
      if (yaml == null) {
        return CommandLine.ExitCode.USAGE;
      }
      Lint.Result result = Lint.check(yaml);
      result.issues().forEach(i -> out.println(i.format(file.toString())));
      long errors = result.errors().size();
      err.println(
          file
              + ": "
              + count(errors, "error")
              + ", "
              + count(result.issues().size() - errors, "warning"));
      return errors > 0 ? 1 : 0;
    }
  }

  @Command(
      name = "upload",
      mixinStandardHelpOptions = true,
      description = {
        "Uploads a definition file as the workspace's next draft version.",
        "",
        "Nothing is stored when the lint finds an error; every issue is printed as in 'lint'.",
      },
      footer = {
        "",
        "Exit codes: 0 stored (warnings are printed); 1 refused, nothing stored; 2 the file cannot be read."
      })
  static final class Upload implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "FILE", description = "The definition's YAML file.")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String yaml = read(file, err);
      if (yaml == null) {
        return CommandLine.ExitCode.USAGE;
      }
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        UploadOutcome outcome =
            context
                .getBean(Definitions.class)
                .upload(ws.id(), caller(context, ws, actor.email), yaml);
        switch (outcome) {
          case UploadOutcome.Stored s -> {
            s.warnings().forEach(i -> out.println(i.format(file.toString())));
            out.println(
                "Stored "
                    + file
                    + " as version "
                    + s.version().number()
                    + " (draft) of "
                    + ws.slug()
                    + ".");
            return 0;
          }
          case UploadOutcome.Refused r -> {
            r.issues().forEach(i -> out.println(i.format(file.toString())));
            err.println(file + ": " + count(r.errors().size(), "error") + ", nothing stored");
            return 1;
          }
        }
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the workspace's versions, newest first.")
  static final class ListVersions implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        PrintWriter out = spec.commandLine().getOut();
        for (DefinitionVersion v : context.getBean(Definitions.class).list(ws.id())) {
          out.printf(
              "%-5d %-10s %-24s %-32s %s%n",
              v.number(), v.status().key(), v.createdAt(), v.author(), v.name());
        }
        return 0;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Shows one version: status, owners, author, approvals, the latest re-evaluation; or its text.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "N", description = "The version number.")
    int number;

    @Option(
        names = "--yaml",
        description = "Print the version's text exactly as uploaded, and nothing else.")
    boolean yaml;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        Definitions definitions = context.getBean(Definitions.class);
        DefinitionVersion v = definitions.get(ws.id(), number);
        PrintWriter out = spec.commandLine().getOut();
        if (yaml) {
          out.print(v.yaml());
          out.flush();
          return 0;
        }
        out.println("Version " + v.number() + " of " + ws.slug() + ": " + v.name());
        out.println("  status     " + v.status().key());
        out.println("  owners     marketing " + v.marketingOwner() + ", sales " + v.salesOwner());
        out.println("  author     " + v.author() + " at " + v.createdAt());
        line(out, "approved", v.approvedAt());
        line(out, "activated", v.activatedAt());
        line(out, "retired", v.retiredAt());
        for (Approval a : definitions.approvals(ws.id(), number)) {
          out.println("  approval   " + a.side().key() + " by " + a.email() + " at " + a.at());
        }
        definitions
            .reevaluation(ws.id(), number)
            .ifPresent(r -> out.println("  re-evaluation " + describe(r)));
        return 0;
      }
    }

    private static void line(PrintWriter out, String label, @Nullable Instant at) {
      if (at != null) {
        out.printf("  %-10s %s%n", label, at);
      }
    }
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Shows what changed from version A to version B: first the changes in meaning (rules added or removed,"
            + " points, conditions, caps, half-life, gate, owners, attributes, sla, recycle, contact pressure), one"
            + " per line, then the unified diff of the two texts.",
      })
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "A", description = "The older version number.")
    int from;

    @Parameters(index = "1", paramLabel = "B", description = "The newer version number.")
    int to;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        DefinitionDiff diff = context.getBean(Definitions.class).diff(ws.id(), from, to);
        PrintWriter out = spec.commandLine().getOut();
        if (diff.changes().isEmpty()) {
          out.println("No change in meaning from version " + from + " to version " + to + ".");
        } else {
          out.println("Changes in meaning from version " + from + " to version " + to + ":");
          diff.changes().forEach(c -> out.println("  " + c.summary()));
        }
        out.println();
        out.print(diff.text().isEmpty() ? "The texts are equal.\n" : diff.text());
        out.flush();
        return 0;
      }
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Approves the marketing or the sales side of a draft version as the member --as.",
        "",
        "They must hold the side's role, be the owner the version names for that side or an approver an admin granted"
            + " (see 'grant'), and not have approved the other side. The second side's approval makes the version"
            + " approved.",
      })
  static final class Approve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "N", description = "The version number.")
    int number;

    @Option(
        names = "--side",
        paramLabel = "marketing|sales",
        description = "The side approved; needed only when the member holds both roles.")
    String side;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        DefinitionVersion v =
            context
                .getBean(Definitions.class)
                .approve(
                    ws.id(),
                    caller(context, ws, actor.email),
                    number,
                    side == null ? null : side(side));
        spec.commandLine()
            .getOut()
            .println("Version " + number + " of " + ws.slug() + " is " + v.status().key() + ".");
        return 0;
      }
    }
  }

  @Command(
      name = "activate",
      mixinStandardHelpOptions = true,
      description = {
        "Activates an approved version as the member --as (marketing, sales or admin).",
        "",
        "Every lead is re-evaluated under it; when that is done the workspace switches to it and the previous active"
            + " version retires. Then the leads it qualifies become MQLs; the re-evaluation says done only once every"
            + " one of them has. Follow it with 'show N'.",
      })
  static final class Activate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "N", description = "The version number.")
    int number;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        Reevaluation r =
            context
                .getBean(Definitions.class)
                .activate(ws.id(), caller(context, ws, actor.email), number);
        spec.commandLine()
            .getOut()
            .println("Activating version " + number + " of " + ws.slug() + ": " + describe(r));
        return 0;
      }
    }
  }

  @Command(
      name = "archive",
      mixinStandardHelpOptions = true,
      description =
          "Puts a draft, approved or retired version aside as the member --as (never the active one).")
  static final class Archive implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "N", description = "The version number.")
    int number;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        context
            .getBean(Definitions.class)
            .archive(ws.id(), caller(context, ws, actor.email), number);
        spec.commandLine()
            .getOut()
            .println("Archived version " + number + " of " + ws.slug() + ".");
        return 0;
      }
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "Prints the audit log, oldest first: time, actor, action, version, detail.")
  static final class Audit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        PrintWriter out = spec.commandLine().getOut();
        for (AuditEntry e : context.getBean(Definitions.class).audit(ws.id())) {
          out.printf(
              "%-30s %-36s %-20s %-4s %s%n",
              e.at(),
              e.actor(),
              e.action(),
              e.version() == null ? "-" : e.version(),
              e.detail() == null ? "" : e.detail());
        }
        return 0;
      }
    }
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description =
          "Allows a member to approve one side of every version, besides the named owners (--as an admin).")
  static final class Grant implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "EMAIL", description = "The member allowed to approve.")
    String email;

    @Option(
        names = "--side",
        required = true,
        paramLabel = "marketing|sales",
        description = "The side they may approve.")
    String side;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        Member member = member(context, ws, email);
        context
            .getBean(Definitions.class)
            .grantApprover(ws.id(), caller(context, ws, actor.email), member.id(), side(side));
        spec.commandLine()
            .getOut()
            .println(
                member.email()
                    + " may approve the "
                    + side(side).key()
                    + " side in "
                    + ws.slug()
                    + ".");
        return 0;
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Takes back a member's right to approve one side (--as an admin).")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin WorkspaceOption workspace;
    @Mixin ActorOption actor;

    @Parameters(index = "0", paramLabel = "EMAIL", description = "The member.")
    String email;

    @Option(
        names = "--side",
        required = true,
        paramLabel = "marketing|sales",
        description = "The side.")
    String side;

    @Override
    public Integer call() {
      try (var context = Spring.offline()) {
        Workspace ws = workspace(context, workspace.slug);
        Member member = member(context, ws, email);
        boolean revoked =
            context
                .getBean(Definitions.class)
                .revokeApprover(ws.id(), caller(context, ws, actor.email), member.id(), side(side));
        spec.commandLine()
            .getOut()
            .println(
                revoked
                    ? member.email()
                        + " no longer approves the "
                        + side(side).key()
                        + " side in "
                        + ws.slug()
                        + "."
                    : member.email()
                        + " had not been granted the "
                        + side(side).key()
                        + " side; nothing changed.");
        return 0;
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The file's text, or null after printing why it cannot be read. */
  static @Nullable String read(Path file, PrintWriter err) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      err.println(file + ": error: no such readable file");
      return null;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      err.println(file + ": error: the file is not UTF-8 text");
      return null;
    } catch (IOException e) {
      err.println(file + ": error: cannot be read: " + e.getMessage());
      return null;
    }
    if (text.length() > Definitions.MAX_CHARS) {
      err.println(file + ": error: longer than " + Definitions.MAX_CHARS + " characters");
      return null;
    }
    return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
  }

  private static Side side(String text) {
    return Side.parse(text)
        .orElseThrow(() ->
            Problem.badRequest(
                "definition.invalid-side", "--side '" + text + "' is not marketing or sales"));
  }

  private static String describe(Reevaluation r) {
    return r.status().key()
        + (r.status() == Reevaluation.Status.RUNNING ? " (" + r.phase().key() + ")" : "")
        + ", "
        + r.done()
        + " of "
        + r.total()
        + " leads scored"
        + (r.qualifyTotal() == null
            ? ""
            : ", qualification " + r.qualifyDone() + " of " + r.qualifyTotal() + " leads")
        + ", started "
        + r.startedAt()
        + " by "
        + r.actor()
        + (r.finishedAt() == null ? "" : ", finished " + r.finishedAt())
        + (r.error() == null ? "" : ", error: " + r.error());
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
