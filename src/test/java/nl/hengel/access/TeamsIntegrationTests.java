package nl.hengel.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TeamsIntegrationTests extends IntegrationTestSupport {

  @Autowired Teams teams;

  static String email(TestWorkspace tw, String name) {
    return name + "@" + tw.workspace().slug() + ".example";
  }

  static Map<String, Object> team(String name, String manager, String... members) {
    return Map.of("name", name, "manager", manager, "members", List.of(members));
  }

  UserId id(TestWorkspace tw, String name) {
    return members.findByEmail(tw.workspace().id(), email(tw, name)).orElseThrow().id();
  }

  static List<String> emails(JsonNode members) {
    return members.valueStream().map(m -> m.get("email").asString()).toList();
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
  void an_admin_creates_lists_renames_and_deletes_a_team() {
    TestWorkspace tw = newWorkspace();
    as(tw, email(tw, "maria"), Role.SALES);
    as(tw, email(tw, "anna"), Role.SALES);
    as(tw, email(tw, "bram"), Role.SALES);

    Api.Response created =
        tw.admin()
            .post(
                "/api/teams",
                team(
                    "inside-sales",
                    email(tw, "maria"),
                    email(tw, "bram"),
                    email(tw, "anna").toUpperCase(),
                    email(tw, "bram")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode body = created.json();
    assertThat(body.get("manager").get("email").asString()).isEqualTo(email(tw, "maria"));
    // Members in user id order (anna was added before bram), a repeated e-mail once.
    assertThat(emails(body.get("members"))).containsExactly(email(tw, "anna"), email(tw, "bram"));
    assertThat(body.get("members").get(0).get("available").asBoolean()).isTrue();

    assertThat(tw.admin().get("/api/teams").json()).hasSize(1);
    assertThat(tw.admin().get("/api/teams/inside-sales").json().get("id").asLong())
        .isEqualTo(body.get("id").asLong());

    Api.Response renamed =
        tw.admin()
            .put(
                "/api/teams/inside-sales",
                Map.of("name", "Benelux sales", "members", List.of(email(tw, "maria"))));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().has("manager")).isFalse();
    assertThat(emails(renamed.json().get("members"))).containsExactly(email(tw, "maria"));
    assertThat(tw.admin().get("/api/teams/inside-sales").status()).isEqualTo(404);
    assertThat(tw.admin().get("/api/teams/Benelux%20sales").json().get("id").asLong())
        .isEqualTo(body.get("id").asLong());

    assertThat(tw.admin().delete("/api/teams/Benelux%20sales").status()).isEqualTo(204);
    assertThat(tw.admin().get("/api/teams/Benelux%20sales").status()).isEqualTo(404);
    assertThat(tw.admin().get("/api/teams").json()).isEmpty();
  }

  @Test
  void unknown_member_emails_are_refused_with_a_pointer_each_and_nothing_changes() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    as(tw, email(tw, "anna"), Role.SALES);
    as(other, email(other, "olga"), Role.SALES);

    Api.Response refused =
        tw.admin()
            .post(
                "/api/teams",
                team(
                    "inside-sales",
                    "nobody@nowhere.example",
                    email(tw, "anna"),
                    email(other, "olga"),
                    "not an e-mail"));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:access.invalid-team");
    assertThat(pointers(refused)).containsExactly("/manager", "/members/1", "/members/2");
    assertThat(tw.admin().get("/api/teams").json()).isEmpty();

    tw.admin().post("/api/teams", team("inside-sales", email(tw, "anna"), email(tw, "anna")));
    Api.Response badReplace =
        tw.admin()
            .put(
                "/api/teams/inside-sales",
                Map.of("name", " ", "members", List.of(email(other, "olga"))));
    assertThat(badReplace.status()).isEqualTo(422);
    assertThat(pointers(badReplace)).containsExactly("/name", "/members/0");
    JsonNode unchanged = tw.admin().get("/api/teams/inside-sales").json();
    assertThat(emails(unchanged.get("members"))).containsExactly(email(tw, "anna"));
    assertThat(unchanged.get("manager").get("email").asString()).isEqualTo(email(tw, "anna"));
  }

  @Test
  void a_team_name_is_unique_in_a_workspace_but_not_across_workspaces() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    assertThat(tw.admin().post("/api/teams", Map.of("name", "field")).status()).isEqualTo(201);
    assertThat(tw.admin().post("/api/teams", Map.of("name", "hunters")).status()).isEqualTo(201);

    Api.Response twice = tw.admin().post("/api/teams", Map.of("name", "field"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:access.team-exists");
    assertThat(tw.admin().put("/api/teams/hunters", Map.of("name", "field")).status())
        .isEqualTo(409);

    assertThat(other.admin().get("/api/teams/field").status()).isEqualTo(404);
    assertThat(other.admin().post("/api/teams", Map.of("name", "field")).status()).isEqualTo(201);
    assertThat(other.admin().delete("/api/teams/hunters").status()).isEqualTo(404);
    assertThat(tw.admin().get("/api/teams").json()).hasSize(2);
  }

  @Test
  void only_an_admin_changes_teams_but_every_member_reads_them() {
    TestWorkspace tw = newWorkspace();
    Api sales = as(tw, email(tw, "maria"), Role.SALES, Role.MARKETING);
    tw.admin().post("/api/teams", team("inside-sales", email(tw, "maria")));

    for (Api.Response refused :
        List.of(
            sales.post("/api/teams", Map.of("name", "mine")),
            sales.put("/api/teams/inside-sales", Map.of("name", "inside-sales")),
            sales.delete("/api/teams/inside-sales"))) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json().get("type").asString())
          .isEqualTo("urn:hengel:problem:access.forbidden");
    }
    assertThat(sales.get("/api/teams").json()).hasSize(1);
    assertThat(sales.get("/api/teams/inside-sales").json().get("manager").get("email").asString())
        .isEqualTo(email(tw, "maria"));
  }

  @Test
  void availability_is_set_by_oneself_an_admin_or_the_team_manager_but_not_by_a_stranger() {
    TestWorkspace tw = newWorkspace();
    Api maria = as(tw, email(tw, "maria"), Role.SALES);
    Api anna = as(tw, email(tw, "anna"), Role.SALES);
    Api stranger = as(tw, email(tw, "sam"), Role.SALES);
    as(tw, email(tw, "bram"), Role.SALES);
    tw.admin()
        .post(
            "/api/teams",
            team("inside-sales", email(tw, "maria"), email(tw, "anna"), email(tw, "bram")));
    tw.admin().post("/api/teams", team("hunters", email(tw, "sam")));

    Api.Response own =
        anna.put("/api/members/" + email(tw, "anna") + "/availability", Map.of("available", false));
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    assertThat(own.json().get("available").asBoolean()).isFalse();
    assertThat(teams.isAvailable(tw.workspace().id(), id(tw, "anna"))).isFalse();

    assertThat(
            maria
                .put(
                    "/api/members/" + email(tw, "bram") + "/availability",
                    Map.of("available", false))
                .status())
        .isEqualTo(200);
    assertThat(teams.isAvailable(tw.workspace().id(), id(tw, "bram"))).isFalse();

    // Sam manages another team: Anna is none of Sam's business.
    Api.Response strangers =
        stranger.put(
            "/api/members/" + email(tw, "anna") + "/availability", Map.of("available", true));
    assertThat(strangers.status()).isEqualTo(403);
    assertThat(strangers.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:access.forbidden");
    assertThat(teams.isAvailable(tw.workspace().id(), id(tw, "anna"))).isFalse();
    // Nor may Anna, a member, set her manager's.
    assertThat(
            anna.put(
                    "/api/members/" + email(tw, "maria") + "/availability",
                    Map.of("available", false))
                .status())
        .isEqualTo(403);

    assertThat(
            tw.admin()
                .put(
                    "/api/members/" + email(tw, "anna") + "/availability",
                    Map.of("available", true))
                .status())
        .isEqualTo(200);
    assertThat(teams.isAvailable(tw.workspace().id(), id(tw, "anna"))).isTrue();

    JsonNode listing = tw.admin().get("/api/users").json();
    assertThat(
            listing
                .valueStream()
                .filter(m -> !m.get("available").asBoolean())
                .map(m -> m.get("email").asString()))
        .containsExactly(email(tw, "bram"));
    assertThat(
            tw.admin()
                .get("/api/teams/inside-sales")
                .json()
                .get("members")
                .valueStream()
                .map(m -> m.get("available").asBoolean()))
        .containsExactly(true, false);
  }

  @Test
  void availability_needs_a_value_and_a_member_of_this_workspace() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    as(other, email(other, "olga"), Role.SALES);

    Api.Response missing =
        tw.admin().put("/api/members/" + email(tw, "admin") + "/availability", Map.of());
    assertThat(missing.status()).isEqualTo(422);
    assertThat(pointers(missing)).containsExactly("/available");
    assertThat(
            tw.admin()
                .put(
                    "/api/members/" + email(other, "olga") + "/availability",
                    Map.of("available", false))
                .status())
        .isEqualTo(404);
    assertThat(teams.isAvailable(other.workspace().id(), id(other, "olga"))).isTrue();
  }

  @Test
  void teams_of_a_user_and_their_manager_are_known() {
    TestWorkspace tw = newWorkspace();
    as(tw, email(tw, "maria"), Role.SALES);
    as(tw, email(tw, "anna"), Role.SALES);
    as(tw, email(tw, "bram"), Role.SALES);
    tw.admin().post("/api/teams", team("inside-sales", email(tw, "maria"), email(tw, "anna")));
    tw.admin().post("/api/teams", team("hunters", email(tw, "bram"), email(tw, "anna")));

    var ws = tw.workspace().id();
    assertThat(teams.teamsOf(ws, id(tw, "anna")).stream().map(Team::name))
        .containsExactly("hunters", "inside-sales");
    assertThat(teams.teamsOf(ws, id(tw, "maria")).stream().map(Team::name))
        .containsExactly("inside-sales");
    assertThat(teams.isManagerOf(ws, id(tw, "maria"), id(tw, "anna"))).isTrue();
    assertThat(teams.isManagerOf(ws, id(tw, "maria"), id(tw, "bram"))).isFalse();
    assertThat(teams.isManagerOf(ws, id(tw, "anna"), id(tw, "maria"))).isFalse();
  }

  @Test
  void a_member_removed_from_the_workspace_leaves_its_teams() {
    TestWorkspace tw = newWorkspace();
    as(tw, email(tw, "maria"), Role.SALES);
    as(tw, email(tw, "anna"), Role.SALES);
    tw.admin()
        .post(
            "/api/teams",
            team("inside-sales", email(tw, "maria"), email(tw, "maria"), email(tw, "anna")));

    assertThat(tw.admin().delete("/api/users/" + id(tw, "maria").value()).status()).isEqualTo(204);

    JsonNode team = tw.admin().get("/api/teams/inside-sales").json();
    assertThat(team.has("manager")).isFalse();
    assertThat(emails(team.get("members"))).containsExactly(email(tw, "anna"));
  }
}
