package nl.hengel.demo;

import java.time.Clock;
import java.util.UUID;
import nl.hengel.access.ApiTokens;
import nl.hengel.access.Members;
import nl.hengel.access.Passwords;
import nl.hengel.access.Teams;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.definition.Definitions;
import nl.hengel.handoff.Routing;
import org.springframework.context.ApplicationContext;

/**
 * The demo workspace for tests of other packages (the browser tests): built as {@code serve --demo}
 * builds it, under a fresh slug, once per test JVM, with the demo users' password {@link
 * #PASSWORD}. The demo users are global accounts, so after other tests made demos too they are
 * members of several workspaces.
 */
public final class DemoWorkspaces {

  /** The demo users' browser password. */
  public static final String PASSWORD = DemoData.PASSWORD;

  private static Workspace demo;

  private DemoWorkspaces() {}

  /** The shared demo workspace of this JVM, made on first use (takes 5-10 s). */
  public static synchronized Workspace shared(ApplicationContext context) {
    if (demo == null) {
      var data =
          new DemoData(
              context.getBean(Workspaces.class),
              context.getBean(Members.class),
              context.getBean(ApiTokens.class),
              context.getBean(Generation.class),
              context.getBean(Definitions.class),
              context.getBean(Teams.class),
              context.getBean(Routing.class),
              context.getBean(Clock.class),
              context.getBean(Passwords.class));
      Workspace ws = data.create("demo-" + UUID.randomUUID().toString().substring(0, 8));
      data.givePasswords(ws);
      demo = ws;
    }
    return demo;
  }
}
