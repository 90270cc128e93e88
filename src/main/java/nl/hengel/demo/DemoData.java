package nl.hengel.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nl.hengel.access.ApiTokens;
import nl.hengel.access.IssuedToken;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.TeamSpec;
import nl.hengel.access.Teams;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.definition.Definitions;
import nl.hengel.definition.Side;
import nl.hengel.handoff.Routing;
import nl.hengel.handoff.RoutingRules;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Role;
import nl.hengel.timeline.Companies;
import nl.hengel.timeline.Ingesting;
import nl.hengel.timeline.InteractionInput;
import nl.hengel.timeline.PersonRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo workspace a newcomer sees with {@code hengel serve --demo}: a few companies and people
 * with marketing, sales and service interactions, generated from a fixed seed so it is the same
 * every time, with an active lead definition and a newer draft. Created once; every start prints a
 * fresh admin token (older demo tokens are revoked).
 */
@Component
@ConditionalOnBooleanProperty("hengel.demo.enabled")
class DemoData {

  static final String SLUG = "demo";
  static final String ADMIN = "admin@demo.hengel.example";
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final Workspaces workspaces;
  private final Members members;
  private final ApiTokens tokens;
  private final Companies companies;
  private final Ingesting ingesting;
  private final Definitions definitions;
  private final Teams teams;
  private final Routing routing;
  private final Clock clock;

  DemoData(
      Workspaces workspaces,
      Members members,
      ApiTokens tokens,
      Companies companies,
      Ingesting ingesting,
      Definitions definitions,
      Teams teams,
      Routing routing,
      Clock clock) {
    this.definitions = definitions;
    this.teams = teams;
    this.routing = routing;
    this.workspaces = workspaces;
    this.members = members;
    this.tokens = tokens;
    this.companies = companies;
    this.ingesting = ingesting;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ensure(ApplicationReadyEvent event) {
    Workspace ws = workspaces.find(SLUG).orElseGet(this::create);
    Member admin = members.findByEmail(ws.id(), ADMIN).orElseThrow();
    tokens.revokeNamed(ws.id(), admin.id(), "demo");
    IssuedToken token = tokens.issue(ws.id(), admin.id(), "demo", null);
    // Printed on the console, not logged: the one place a secret is shown, and only for the demo.
    System.out.println(
        """

        ==================================================================
         Hengel demo is ready on workspace '%s'.
         Admin: %s
         Token: %s
         Try:   curl -H 'Authorization: Bearer %s' http://localhost:%s/api/people?email=%s
        ==================================================================
        """
            .formatted(
                SLUG,
                ADMIN,
                token.token(),
                token.token(),
                event
                    .getApplicationContext()
                    .getEnvironment()
                    .getProperty("local.server.port", "8080"),
                "noor.devries@brightlane.example"));
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
  private void staffSales(Workspace ws) {
    members.add(ws.id(), "sara@demo.hengel.example", "Sara (sales)", Set.of(Role.SALES));
    members.add(ws.id(), "max@demo.hengel.example", "Max (sales manager)", Set.of(Role.SALES));
    Member admin = members.findByEmail(ws.id(), ADMIN).orElseThrow();
    var asAdmin = new Caller(admin.id(), admin.email(), ws.id(), admin.roles());
    teams.create(
        asAdmin,
        new TeamSpec(
            "inside-sales",
            "max@demo.hengel.example",
            List.of("bram@demo.hengel.example", "sara@demo.hengel.example")));
    routing.replaceRules(asAdmin, new RoutingRules(List.of(), "inside-sales"));
  }

  private Workspace create() {
    long started = System.nanoTime();
    Workspace ws = workspaces.create(SLUG, "Demo: Brightlane B2B software");
    members.add(ws.id(), ADMIN, "Demo admin", Set.of(Role.ADMIN));
    Member anna =
        members.add(
            ws.id(), "anna@demo.hengel.example", "Anna (marketing)", Set.of(Role.MARKETING));
    Member bram =
        members.add(ws.id(), "bram@demo.hengel.example", "Bram (sales)", Set.of(Role.SALES));
    members.add(ws.id(), "sam@demo.hengel.example", "Sam (service)", Set.of(Role.SERVICE));
    members.add(ws.id(), "iris@demo.hengel.example", "Iris (analyst)", Set.of(Role.ANALYST));

    var random = new Random(20261125L);
    String[][] firms = {
      {"brightlane.example", "Brightlane", "NL", "120"},
      {"nordhaven.example", "Nordhaven Logistics", "DE", "850"},
      {"polderworks.example", "Polderworks", "NL", "45"},
      {"ardennes-it.example", "Ardennes IT", "BE", "300"},
      {"kanaal.example", "Kanaal Media", "NL", "18"},
      {"rijnstaal.example", "Rijnstaal", "DE", "2400"},
      {"schelde-soft.example", "Schelde Software", "BE", "75"},
      {"veluwe-data.example", "Veluwe Data", "NL", "210"},
    };
    for (String[] f : firms) {
      companies.upsert(
          ws.id(),
          new Companies.CompanyUpsert(
              f[0], f[1], Map.of("country", f[2], "employees", Integer.parseInt(f[3]))));
    }
    String[] first = {
      "Noor", "Daan", "Sanne", "Lars", "Emma", "Finn", "Julia", "Ruben", "Lotte", "Bram", "Mila",
      "Sem"
    };
    String[] last = {
      "de Vries",
      "Jansen",
      "Peeters",
      "Müller",
      "Visser",
      "Maes",
      "Bakker",
      "Schmidt",
      "Smit",
      "Claes"
    };
    String[][] marketing = {
      {"content_download", "web", "whitepaper-lead-scoring"},
      {"page_view", "web", "/pricing"},
      {"webinar_attended", "event", "webinar-funnel-leaks"},
      {"email_click", "email", "newsletter-nov"},
      {"form_submitted", "web", "demo-request"},
      {"email_unsubscribed", "email", "newsletter-oct"},
    };
    String[][] sales = {
      {"call", "phone", null}, {"meeting", "video", null}, {"email_sent", "email", null}
    };
    String[][] service = {
      {"ticket_opened", "helpdesk", null}, {"chat", "chat", null}, {"call", "phone", null}
    };
    String[] campaigns = {"2026-q3-whitepaper", "2026-q4-webinar", "newsletter", null};
    Instant now = clock.instant();
    var items = new ArrayList<InteractionInput>();
    int n = 0;
    for (int p = 0; p < 200; p++) {
      String[] firm = firms[random.nextInt(firms.length)];
      String fn = first[random.nextInt(first.length)];
      String ln = last[random.nextInt(last.length)];
      String email =
          p == 0
              ? "noor.devries@brightlane.example"
              : (fn + "." + ln.replace(" ", "")).toLowerCase().replace("ü", "u")
                  + p
                  + "@"
                  + firm[0];
      int touches = 1 + random.nextInt(14);
      for (int t = 0; t < touches; t++) {
        Instant at = now.minus(Duration.ofMinutes(random.nextLong(365L * 24 * 60)));
        double dice = random.nextDouble();
        String department = dice < 0.7 ? "marketing" : dice < 0.88 ? "sales" : "service";
        String[] kind =
            switch (department) {
              case "marketing" -> marketing[random.nextInt(marketing.length)];
              case "sales" -> sales[random.nextInt(sales.length)];
              default -> service[random.nextInt(service.length)];
            };
        String sentiment =
            department.equals("service")
                ? List.of("positive", "neutral", "negative").get(random.nextInt(3))
                : null;
        Map<String, Object> attributes =
            kind[0].equals("page_view") ? Map.of("path", kind[2]) : Map.of();
        items.add(
            new InteractionInput(
                "demo",
                "demo-" + (n++),
                PersonRef.byEmail(email),
                at.toString(),
                department,
                kind[1],
                kind[0],
                department.equals("marketing") ? campaigns[random.nextInt(campaigns.length)] : null,
                department.equals("marketing") ? kind[2] : null,
                sentiment,
                attributes));
      }
    }
    ingesting.ingest(ws.id(), items);
    staffSales(ws);
    defineLeads(ws, anna, bram);
    log.info(
        "Created the demo workspace: {} companies, 200 people, {} interactions in {} ms",
        firms.length,
        items.size(),
        (System.nanoTime() - started) / 1_000_000);
    return ws;
  }
}
