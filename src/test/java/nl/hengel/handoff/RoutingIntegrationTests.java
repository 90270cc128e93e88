package nl.hengel.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.hengel.access.Teams;
import nl.hengel.handoff.RoutingDecision.Routed;
import nl.hengel.handoff.RoutingDecision.Unrouted;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import nl.hengel.timeline.PersonId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class RoutingIntegrationTests extends IntegrationTestSupport {

  @Autowired Routing routing;
  @Autowired Teams teams;
  @Autowired TransactionTemplate transaction;

  static String email(TestWorkspace tw, String name) {
    return name + "@" + tw.workspace().slug() + ".example";
  }

  /** A company with these attributes and one lead of it; answers the lead's person id. */
  static long lead(TestWorkspace tw, String domain, Map<String, Object> attributes) {
    Api.Response company =
        tw.admin().post("/api/companies", Map.of("domain", domain, "attributes", attributes));
    assertThat(company.status()).as(company.toString()).isEqualTo(200);
    return tw.admin()
        .post("/api/people", Map.of("email", "lead-" + attributes.hashCode() + "@" + domain))
        .json()
        .get("id")
        .asLong();
  }

  static long companyOf(TestWorkspace tw, long person) {
    return tw.admin().get("/api/people/" + person).json().get("companyId").asLong();
  }

  static Map<String, Object> territory(String name, Object... fields) {
    var rule = new LinkedHashMap<String, Object>();
    rule.put("name", name);
    for (int i = 0; i < fields.length; i += 2) {
      rule.put((String) fields[i], fields[i + 1]);
    }
    return rule;
  }

  static Map<String, Object> rules(String fallbackTeam, Map<?, ?>... territories) {
    var document = new HashMap<String, Object>();
    document.put("territories", List.of(territories));
    if (fallbackTeam != null) {
      document.put("fallbackTeam", fallbackTeam);
    }
    return document;
  }

  static void put(TestWorkspace tw, Map<String, Object> rules) {
    Api.Response response = tw.admin().put("/api/routing", rules);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
  }

  void team(TestWorkspace tw, String name, String... members) {
    var emails = new ArrayList<String>();
    for (String member : members) {
      as(tw, email(tw, member), Role.SALES);
      emails.add(email(tw, member));
    }
    Api.Response created = tw.admin().post("/api/teams", Map.of("name", name, "members", emails));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  void away(TestWorkspace tw, String member) {
    assertThat(
            tw.admin()
                .put(
                    "/api/members/" + email(tw, member) + "/availability",
                    Map.of("available", false))
                .status())
        .isEqualTo(200);
  }

  RoutingDecision route(TestWorkspace tw, long person) {
    return transaction.execute(status -> routing.route(tw.workspace().id(), new PersonId(person)));
  }

  /** Who the lead went to, by the local part of the e-mail ("anna"), or "-" when unrouted. */
  String routedTo(TestWorkspace tw, long person) {
    return switch (route(tw, person)) {
      case Routed r -> r.ownerEmail().substring(0, r.ownerEmail().indexOf('@'));
      case Unrouted u -> "-";
    };
  }

  static JsonNode preview(TestWorkspace tw, long person) {
    Api.Response response = tw.admin().get("/api/routing/preview?person=" + person);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  static List<String> pointers(Api.Response response) {
    return response
        .json()
        .get("errors")
        .valueStream()
        .map(e -> e.get("pointer").asString())
        .toList();
  }

  @Test
  void the_account_owner_gets_the_lead_before_any_territory_unless_unavailable() {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna", "bram");
    as(tw, email(tw, "olivia"), Role.SALES);
    put(
        tw,
        rules(null, territory("Netherlands", "countries", List.of("NL"), "team", "inside-sales")));
    long lead = lead(tw, "acme.example", Map.of("country", "NL"));
    long company = companyOf(tw, lead);

    Api.Response assigned =
        tw.admin()
            .put(
                "/api/companies/" + company + "/account-owner",
                Map.of("owner", email(tw, "olivia").toUpperCase()));
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    assertThat(
            tw.admin()
                .get("/api/companies/" + company + "/account-owner")
                .json()
                .get("owner")
                .asString())
        .isEqualTo(email(tw, "olivia"));

    RoutingDecision decision = route(tw, lead);
    assertThat(decision).isInstanceOf(Routed.class);
    Routed routed = (Routed) decision;
    assertThat(routed.ownerEmail()).isEqualTo(email(tw, "olivia"));
    assertThat(routed.team()).isNull();
    assertThat(routed.because()).isEqualTo("account owner of acme.example");

    away(tw, "olivia");
    Routed fallen = (Routed) route(tw, lead);
    assertThat(fallen.ownerEmail()).isEqualTo(email(tw, "anna"));
    assertThat(fallen.team()).isEqualTo(teams.get(tw.workspace().id(), "inside-sales").id());
    assertThat(fallen.because())
        .isEqualTo(
            "territory 'Netherlands': team inside-sales, round-robin (account owner "
                + email(tw, "olivia")
                + " is unavailable)");

    assertThat(tw.admin().delete("/api/companies/" + company + "/account-owner").status())
        .isEqualTo(204);
    assertThat(tw.admin().get("/api/companies/" + company + "/account-owner").status())
        .isEqualTo(404);
    assertThat(preview(tw, lead).get("because").asString())
        .isEqualTo("territory 'Netherlands': team inside-sales, round-robin");
  }

  @Test
  void an_account_owner_must_be_a_member_of_a_company_of_this_workspace_set_by_an_admin() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    Api sales = as(tw, email(tw, "anna"), Role.SALES);
    as(other, email(other, "olga"), Role.SALES);
    long company = companyOf(tw, lead(tw, "acme.example", Map.of()));
    long othersCompany = companyOf(other, lead(other, "globex.example", Map.of()));

    Api.Response stranger =
        tw.admin()
            .put(
                "/api/companies/" + company + "/account-owner",
                Map.of("owner", email(other, "olga")));
    assertThat(stranger.status()).isEqualTo(422);
    assertThat(stranger.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:handoff.invalid-account-owner");
    assertThat(pointers(stranger)).containsExactly("/owner");
    assertThat(tw.admin().put("/api/companies/" + company + "/account-owner", Map.of()).status())
        .isEqualTo(422);
    assertThat(
            tw.admin()
                .put(
                    "/api/companies/" + othersCompany + "/account-owner",
                    Map.of("owner", email(tw, "anna")))
                .status())
        .isEqualTo(404);
    assertThat(
            sales
                .put(
                    "/api/companies/" + company + "/account-owner",
                    Map.of("owner", email(tw, "anna")))
                .status())
        .isEqualTo(403);
    assertThat(tw.admin().get("/api/companies/" + company + "/account-owner").status())
        .isEqualTo(404);
    assertThat(other.admin().get("/api/companies/" + othersCompany + "/account-owner").status())
        .isEqualTo(404);
  }

  @Test
  void the_first_matching_territory_wins() {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna");
    as(tw, email(tw, "bram"), Role.SALES);
    long lead = lead(tw, "acme.example", Map.of("country", "nl", "employees", 800));
    var benelux =
        territory(
            "Benelux enterprise",
            "countries",
            List.of("NL", "BE", "LU"),
            "minEmployees",
            500,
            "team",
            "inside-sales");
    var dutch =
        territory("Dutch key accounts", "countries", List.of("Nl"), "user", email(tw, "bram"));

    put(tw, rules(null, benelux, dutch));
    JsonNode first = preview(tw, lead);
    assertThat(first.get("owner").asString()).isEqualTo(email(tw, "anna"));
    assertThat(first.get("team").asString()).isEqualTo("inside-sales");
    assertThat(first.get("because").asString())
        .isEqualTo("territory 'Benelux enterprise': team inside-sales, round-robin");

    put(tw, rules(null, dutch, benelux));
    Routed routed = (Routed) route(tw, lead);
    assertThat(routed.ownerEmail()).isEqualTo(email(tw, "bram"));
    assertThat(routed.team()).isNull();
    assertThat(routed.because())
        .isEqualTo("territory 'Dutch key accounts': user " + email(tw, "bram"));

    JsonNode stored = tw.admin().get("/api/routing").json();
    assertThat(stored.get("territories").valueStream().map(t -> t.get("name").asString()))
        .containsExactly("Dutch key accounts", "Benelux enterprise");
    assertThat(stored.get("territories").get(0).get("user").asString())
        .isEqualTo(email(tw, "bram"));
    assertThat(stored.get("territories").get(1).get("minEmployees").asLong()).isEqualTo(500);
    assertThat(stored.has("fallbackTeam")).isFalse();
  }

  @Test
  void employee_bounds_are_inclusive_and_a_missing_head_count_does_not_match() {
    TestWorkspace tw = newWorkspace();
    team(tw, "mid-market", "anna");
    team(tw, "everyone-else", "bram");
    put(
        tw,
        rules(
            "everyone-else",
            territory(
                "Mid-market", "minEmployees", 100, "maxEmployees", 500, "team", "mid-market")));

    var expected = new LinkedHashMap<Object, String>();
    expected.put(99, "everyone-else");
    expected.put(100, "mid-market");
    expected.put(500, "mid-market");
    expected.put(501, "everyone-else");
    expected.put("250", "mid-market");
    expected.put("many", "everyone-else");
    int n = 0;
    for (var entry : expected.entrySet()) {
      long lead = lead(tw, "c" + n++ + ".example", Map.of("employees", entry.getKey()));
      assertThat(preview(tw, lead).get("team").asString())
          .as("employees %s", entry.getKey())
          .isEqualTo(entry.getValue());
    }
    long unknown = lead(tw, "unknown.example", Map.of("country", "NL"));
    assertThat(preview(tw, unknown).get("because").asString())
        .isEqualTo("fallback team everyone-else, round-robin");
  }

  @Test
  void a_lead_no_territory_matches_goes_to_the_fallback_team_or_stays_unrouted() {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna");
    team(tw, "benelux", "bram");
    long german = lead(tw, "acme.example", Map.of("country", "DE"));
    long freeMail =
        tw.admin()
            .post("/api/people", Map.of("email", "someone@gmail.com"))
            .json()
            .get("id")
            .asLong();

    put(
        tw,
        rules(
            "inside-sales",
            territory("Benelux", "countries", List.of("NL", "BE"), "team", "benelux")));
    assertThat(routedTo(tw, german)).isEqualTo("anna");
    assertThat(routedTo(tw, freeMail)).isEqualTo("anna");

    put(tw, rules(null, territory("Benelux", "countries", List.of("NL", "BE"), "team", "benelux")));
    RoutingDecision unrouted = route(tw, german);
    assertThat(unrouted).isEqualTo(new Unrouted("no territory matched and no fallback team"));
    JsonNode view = preview(tw, german);
    assertThat(view.get("routed").asBoolean()).isFalse();
    assertThat(view.has("owner")).isFalse();
    assertThat(view.get("because").asString())
        .isEqualTo("no territory matched and no fallback team");
  }

  @Test
  void round_robin_cycles_in_user_id_order_and_skips_an_unavailable_member() {
    TestWorkspace tw = newWorkspace();
    // Created in this order, so their user ids ascend in this order.
    team(tw, "inside-sales", "anna", "bram", "carla");
    put(tw, rules("inside-sales"));
    long lead = lead(tw, "acme.example", Map.of());

    assertThat(preview(tw, lead).get("owner").asString()).isEqualTo(email(tw, "anna"));
    assertThat(preview(tw, lead).get("owner").asString())
        .as("a preview changes no turn")
        .isEqualTo(email(tw, "anna"));
    List<String> turns = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      turns.add(routedTo(tw, lead));
    }
    assertThat(turns).containsExactly("anna", "bram", "carla", "anna");

    away(tw, "bram");
    turns.clear();
    for (int i = 0; i < 3; i++) {
      turns.add(routedTo(tw, lead));
    }
    assertThat(turns).containsExactly("carla", "anna", "carla");
  }

  @Test
  void a_rolled_back_routing_gives_its_turn_back() {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna", "bram");
    put(tw, rules("inside-sales"));
    long lead = lead(tw, "acme.example", Map.of());

    transaction.execute(status -> {
      routing.route(tw.workspace().id(), new PersonId(lead));
      status.setRollbackOnly();
      return null;
    });
    assertThat(routedTo(tw, lead)).isEqualTo("anna");
  }

  @Test
  void routing_needs_the_callers_transaction() {
    TestWorkspace tw = newWorkspace();
    long lead = lead(tw, "acme.example", Map.of());
    assertThatThrownBy(() -> routing.route(tw.workspace().id(), new PersonId(lead)))
        .isInstanceOf(IllegalTransactionStateException.class);
  }

  @Test
  void concurrent_routings_for_one_team_never_give_two_leads_the_same_turn() throws Exception {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna", "bram");
    put(tw, rules("inside-sales"));
    long lead = lead(tw, "acme.example", Map.of());

    int leads = 20;
    List<Callable<String>> work = new ArrayList<>();
    for (int i = 0; i < leads; i++) {
      work.add(() -> routedTo(tw, lead));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    var picks = new HashMap<String, Integer>();
    try {
      for (Future<String> pick : pool.invokeAll(work)) {
        picks.merge(pick.get(), 1, Integer::sum);
      }
    } finally {
      pool.shutdown();
    }
    // Turns strictly alternate only if no two transactions read the same cursor.
    assertThat(picks).isEqualTo(Map.of("anna", leads / 2, "bram", leads / 2));
  }

  @Test
  void a_second_routing_for_the_same_team_waits_until_the_first_transaction_ends()
      throws Exception {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna", "bram");
    put(tw, rules("inside-sales"));
    long lead = lead(tw, "acme.example", Map.of());
    assertThat(routedTo(tw, lead)).isEqualTo("anna");

    var routed = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first =
          pool.submit(() ->
              transaction.execute(status -> {
                Routed r = (Routed) routing.route(tw.workspace().id(), new PersonId(lead));
                routed.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return r.ownerEmail();
              }));
      assertThat(routed.await(10, TimeUnit.SECONDS)).isTrue();
      Future<String> second = pool.submit(() -> routedTo(tw, lead));
      assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS))
          .as("the second routing waits for the team's cursor")
          .isInstanceOf(TimeoutException.class);
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(email(tw, "bram"));
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("anna");
    } finally {
      release.countDown();
      pool.shutdown();
    }
  }

  @Test
  void unavailable_targets_pass_the_lead_on_and_with_nobody_left_it_stays_unrouted() {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna", "bram");
    team(tw, "benelux", "carla");
    as(tw, email(tw, "dirk"), Role.SALES);
    put(
        tw,
        rules(
            "inside-sales",
            territory("Key account", "countries", List.of("NL"), "user", email(tw, "dirk")),
            territory("Benelux", "countries", List.of("NL", "BE"), "team", "benelux")));
    long lead = lead(tw, "acme.example", Map.of("country", "NL"));

    away(tw, "dirk");
    assertThat(route(tw, lead).because())
        .isEqualTo(
            "territory 'Benelux': team benelux, round-robin (territory 'Key account': "
                + email(tw, "dirk")
                + " is unavailable)");

    away(tw, "carla");
    assertThat(routedTo(tw, lead)).isEqualTo("anna");

    away(tw, "anna");
    away(tw, "bram");
    RoutingDecision nobody = route(tw, lead);
    assertThat(nobody).isInstanceOf(Unrouted.class);
    assertThat(nobody.because())
        .isEqualTo(
            "territory 'Key account': "
                + email(tw, "dirk")
                + " is unavailable; territory 'Benelux': team benelux has no available member;"
                + " fallback team inside-sales has no available member");
  }

  @Test
  void routing_rules_are_validated_with_a_pointer_per_fault_and_nothing_changes() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    team(tw, "inside-sales", "anna");
    team(other, "globex-sales", "olga");
    Api sales = as(tw, email(tw, "bram"), Role.SALES);
    var valid =
        rules(
            "inside-sales",
            territory("Netherlands", "countries", List.of("NL"), "team", "inside-sales"));
    put(tw, valid);
    JsonNode before = tw.admin().get("/api/routing").json();

    var bad = new ArrayList<Object>();
    bad.add(territory(" ", "team", "inside-sales"));
    bad.add(territory("Unknown team", "team", "outside-sales"));
    bad.add(
        territory("Inverted", "minEmployees", 500, "maxEmployees", 100, "team", "inside-sales"));
    bad.add(territory("Two targets", "team", "inside-sales", "user", email(tw, "anna")));
    bad.add(territory("Stranger", "user", email(other, "olga")));
    bad.add(territory("Netherlands", "countries", List.of("NL", ""), "team", "globex-sales"));
    bad.add(territory("Netherlands", "team", "inside-sales"));
    var document = new HashMap<String, Object>();
    document.put("territories", bad);
    document.put("fallbackTeam", "globex-sales");
    Api.Response refused = tw.admin().put("/api/routing", document);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:handoff.invalid-routing");
    assertThat(pointers(refused))
        .containsExactly(
            "/territories/0/name",
            "/territories/1/team",
            "/territories/2/maxEmployees",
            "/territories/3",
            "/territories/4/user",
            "/territories/5/countries/1",
            "/territories/5/team",
            "/territories/6/name",
            "/fallbackTeam");
    assertThat(tw.admin().get("/api/routing").json()).isEqualTo(before);

    Api.Response notAdmin = sales.put("/api/routing", valid);
    assertThat(notAdmin.status()).isEqualTo(403);
    assertThat(sales.get("/api/routing").json()).isEqualTo(before);
  }

  @Test
  void another_workspaces_teams_and_users_can_never_be_targets() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    team(other, "inside-sales", "olga");
    put(other, rules("inside-sales"));
    long othersLead = lead(other, "acme.example", Map.of());
    long lead = lead(tw, "acme.example", Map.of());

    assertThat(tw.admin().put("/api/routing", rules("inside-sales")).status()).isEqualTo(422);
    assertThat(
            tw.admin()
                .put("/api/routing", rules(null, territory("All", "user", email(other, "olga"))))
                .status())
        .isEqualTo(422);
    assertThat(route(tw, lead))
        .isEqualTo(new Unrouted("no territory matched and no fallback team"));
    assertThat(tw.admin().get("/api/routing/preview?person=" + othersLead).status()).isEqualTo(404);
    assertThat(routedTo(other, othersLead)).isEqualTo("olga");
  }

  @Test
  void a_team_a_routing_rule_points_at_cannot_be_deleted() {
    TestWorkspace tw = newWorkspace();
    team(tw, "inside-sales", "anna");
    team(tw, "benelux", "bram");
    put(
        tw,
        rules("inside-sales", territory("Benelux", "countries", List.of("NL"), "team", "benelux")));

    for (String name : List.of("inside-sales", "benelux")) {
      Api.Response refused = tw.admin().delete("/api/teams/" + name);
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.json().get("type").asString())
          .isEqualTo("urn:hengel:problem:access.team-in-use");
    }
    assertThat(tw.admin().get("/api/teams").json()).hasSize(2);

    put(tw, rules(null));
    assertThat(tw.admin().delete("/api/teams/benelux").status()).isEqualTo(204);
  }
}
