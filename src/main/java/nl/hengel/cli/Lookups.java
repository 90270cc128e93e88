package nl.hengel.cli;

import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import org.springframework.context.ConfigurableApplicationContext;

/** What CLI commands look up by the names people type: workspaces by slug, members by e-mail. */
final class Lookups {

  private Lookups() {}

  static Workspace workspace(ConfigurableApplicationContext context, String slug) {
    return context.getBean(Workspaces.class).require(slug);
  }

  static Member member(ConfigurableApplicationContext context, Workspace ws, String email) {
    return context
        .getBean(Members.class)
        .findByEmail(ws.id(), email)
        .orElseThrow(() ->
            Problem.notFound(
                "access.member-not-found", email + " is not a member of " + ws.slug()));
  }

  /** The member acting in a command ({@code --as}), with their roles in the workspace. */
  static Caller caller(ConfigurableApplicationContext context, Workspace ws, String email) {
    Member member = member(context, ws, email);
    return new Caller(member.id(), member.email(), ws.id(), member.roles());
  }
}
