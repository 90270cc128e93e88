package nl.hengel.demo;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import nl.hengel.access.ApiTokens;
import nl.hengel.access.IssuedToken;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Passwords;
import nl.hengel.access.Team;
import nl.hengel.access.TeamSpec;
import nl.hengel.access.Teams;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.definition.Definitions;
import nl.hengel.definition.Side;
import nl.hengel.handoff.Routing;
import nl.hengel.handoff.RoutingRules;
import nl.hengel.lifecycle.Owner;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo workspace a newcomer sees with {@code hengel serve --demo}: Brightlane, a B2B software
 * company, with 50 companies, 2,000 people and 30,000 marketing, sales and service interactions
 * over the last 12 months, campaigns with spend and leads in every stage, made by the {@link
 * Generator} from a fixed seed; an inside-sales team, the active example definition and a stricter
 * draft. Created once; every start prints a fresh admin token (older demo tokens are revoked).
 */
@Component
@ConditionalOnBooleanProperty("hengel.demo.enabled")
class DemoData {

  static final String SLUG = "demo";
  static final String ADMIN = "admin@demo.hengel.example";

  /**
   * The browser password of every demo user: fixed and printed, since the demo is local and for
   * trying Hengel out. Set again on every start, so the printed one always works.
   */
  static final String PASSWORD = "hengel-demo";

  static final long SEED = 20261125L;
  static final int PEOPLE = 2_000;
  static final long INTERACTIONS = 30_000;
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final Workspaces workspaces;
  private final Members members;
  private final ApiTokens tokens;
  private final Generation generation;
  private final Definitions definitions;
  private final Teams teams;
  private final Routing routing;
  private final Clock clock;
  private final Passwords passwords;

  DemoData(
      Workspaces workspaces,
      Members members,
      ApiTokens tokens,
      Generation generation,
      Definitions definitions,
      Teams teams,
      Routing routing,
      Clock clock,
      Passwords passwords) {
    this.passwords = passwords;
    this.definitions = definitions;
    this.teams = teams;
    this.routing = routing;
    this.workspaces = workspaces;
    this.members = members;
    this.tokens = tokens;
    this.generation = generation;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ensure(ApplicationReadyEvent event) {
    Workspace ws = workspaces.find(SLUG).orElseGet(() -> create(SLUG));
    Member admin = members.findByEmail(ws.id(), ADMIN).orElseThrow();
    tokens.revokeNamed(ws.id(), admin.id(), "demo");
    IssuedToken token = tokens.issue(ws.id(), admin.id(), "demo", null);
    givePasswords(ws);
    String port =
        event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
    // Printed on the console, not logged: the one place a secret is shown, and only for the demo.
    System.out.println(
        """

        ==================================================================
         Hengel demo is ready on workspace '%s'.
         Browser: http://localhost:%s/ — sign in with password %s as
                  anna@demo.hengel.example (marketing), bram@demo.hengel.example (sales),
                  max@demo.hengel.example (sales manager), iris@demo.hengel.example (analyst)
                  or %s (admin)
         Admin token: %s
         Try:   curl -H 'Authorization: Bearer %s' http://localhost:%s/api/people?email=%s
        ==================================================================
        """
            .formatted(
                SLUG,
                port,
                PASSWORD,
                ADMIN,
                token.token(),
                token.token(),
                port,
                "noor.devries@brightlane.example"));
  }

  /** Gives every member of the demo workspace the demo's browser password. */
  void givePasswords(Workspace ws) {
    for (Member member : members.list(ws.id())) {
      passwords.set(member.id(), PASSWORD);
    }
  }

  /**
   * The shipped example definition, agreed by Anna (marketing) and Bram (sales) and activated, and
   * a stricter draft of it waiting for their approval.
   */
  private void defineLeads(Workspace ws, Member anna, Member bram) {
    String example;
    try (var in = DemoData.class.getResourceAsStream("/nl/hengel/engine/example-definition.yaml")) {
      example =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .replace("anna@acme.example", anna.email())
              .replace("bram@acme.example", bram.email())
              .replace("Acme NL lead definition", "Brightlane lead definition");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("The example definition is missing from the jar", e);
    }
    var asAnna = new Caller(anna.id(), anna.email(), ws.id(), anna.roles());
    var asBram = new Caller(bram.id(), bram.email(), ws.id(), bram.roles());
    definitions.upload(ws.id(), asAnna, example);
    definitions.approve(ws.id(), asAnna, 1, Side.MARKETING);
    definitions.approve(ws.id(), asBram, 1, Side.SALES);
    definitions.activate(ws.id(), asAnna, 1);
    // The workspace is empty, so its re-evaluation is over at once; wait for it to be in force.
    for (int i = 0; i < 600 && definitions.active(ws.id()).isEmpty(); i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while activating the demo definition", e);
      }
    }
    definitions.upload(
        ws.id(),
        asAnna,
        example
            .replace("engagement >= 15", "engagement >= 20")
            .replace(
                "name: Brightlane lead definition",
                "name: Brightlane lead definition (stricter engagement)"));
  }

  /**
   * An inside-sales team (Bram and Sara, managed by Max) that takes every new MQL by round-robin,
   * so the inbox, SLA clocks and the leakage report have something to show.
   */
  private Team staffSales(Workspace ws) {
    members.add(ws.id(), "sara@demo.hengel.example", "Sara (sales)", Set.of(Role.SALES));
    members.add(ws.id(), "max@demo.hengel.example", "Max (sales manager)", Set.of(Role.SALES));
    Member admin = members.findByEmail(ws.id(), ADMIN).orElseThrow();
    var asAdmin = new Caller(admin.id(), admin.email(), ws.id(), admin.roles());
    Team team =
        teams.create(
            asAdmin,
            new TeamSpec(
                "inside-sales",
                "max@demo.hengel.example",
                List.of("bram@demo.hengel.example", "sara@demo.hengel.example")));
    routing.replaceRules(asAdmin, new RoutingRules(List.of(), "inside-sales"));
    return team;
  }

  /** Creates the demo workspace under this slug, with its members, team, definitions and data. */
  Workspace create(String slug) {
    long started = System.nanoTime();
    Workspace ws = workspaces.create(slug, "Demo: Brightlane B2B software");
    Member admin = members.add(ws.id(), ADMIN, "Demo admin", Set.of(Role.ADMIN));
    Member anna =
        members.add(
            ws.id(), "anna@demo.hengel.example", "Anna (marketing)", Set.of(Role.MARKETING));
    Member bram =
        members.add(ws.id(), "bram@demo.hengel.example", "Bram (sales)", Set.of(Role.SALES));
    members.add(ws.id(), "sam@demo.hengel.example", "Sam (service)", Set.of(Role.SERVICE));
    members.add(ws.id(), "iris@demo.hengel.example", "Iris (analyst)", Set.of(Role.ANALYST));
    Team team = staffSales(ws);
    // In force before any data: the pasts' open handoffs get SLA clocks under it, and the live
    // scorer qualifies the people whose recent interactions meet its gate.
    defineLeads(ws, anna, bram);
    var reps =
        team.members().stream()
            .map(m -> new Owner(m.user(), m.email()))
            .sorted(java.util.Comparator.comparing(Owner::email))
            .toList();
    var generator =
        new Generator(
            new Generator.Settings(SEED, PEOPLE, INTERACTIONS, 12, clock.instant()), reps);
    var asAdmin = new Caller(admin.id(), admin.email(), ws.id(), admin.roles());
    Generation.Result result =
        generation.run(asAdmin, generator, PEOPLE, team.id().value(), p -> {});
    log.info(
        "Created the demo workspace: {} companies, {} people, {} interactions, {} leads with a"
            + " past, {} campaigns in {} ms",
        result.companies(),
        result.people(),
        result.interactions(),
        result.leads(),
        result.campaigns(),
        (System.nanoTime() - started) / 1_000_000);
    return ws;
  }
}
