package nl.hengel.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class AccessIntegrationTests extends IntegrationTestSupport {

  @Autowired JdbcClient jdbc;

  static Map<String, Object> interaction(String externalId, Map<String, Object> person) {
    return Map.of(
        "source",
        "web",
        "externalId",
        externalId,
        "person",
        person,
        "occurredAt",
        "2026-11-01T10:00:00Z",
        "department",
        "marketing",
        "type",
        "page_view");
  }

  @Test
  void only_health_is_open_without_a_token() {
    assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    Api.Response api = anonymous().get("/api/workspace");
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.contentType()).startsWith("application/problem+json");
    assertThat(api.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:access.unauthenticated");
    assertThat(anonymous().get("/v3/api-docs").status()).isEqualTo(401);
    assertThat(anonymous().get("/swagger-ui.html").status()).isEqualTo(401);
    assertThat(
            anonymous()
                .post("/api/interactions", interaction("x", Map.of("email", "a@b.example")))
                .status())
        .isEqualTo(401);
  }

  @Test
  void a_workspace_never_sees_or_changes_another_workspaces_people() {
    TestWorkspace a = newWorkspace();
    TestWorkspace b = newWorkspace();
    long personOfA =
        a.admin()
            .post("/api/interactions", interaction("a-1", Map.of("email", "secret@acme.example")))
            .json()
            .get("personId")
            .asLong();

    assertThat(b.admin().get("/api/people/" + personOfA).status()).isEqualTo(404);
    assertThat(b.admin().get("/api/people/" + personOfA + "/timeline").status()).isEqualTo(404);
    assertThat(b.admin().get("/api/people?email=secret@acme.example").json()).isEmpty();
    Api.Response write =
        b.admin().post("/api/interactions", interaction("b-1", Map.of("id", personOfA)));
    assertThat(write.status()).isEqualTo(422);
    assertThat(write.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/person/id");
    assertThat(
            b.admin()
                .post("/api/people/" + personOfA + "/merge", Map.of("from", personOfA))
                .status())
        .isEqualTo(404);
    // The same e-mail in workspace B is a different person.
    long personOfB =
        b.admin()
            .post("/api/interactions", interaction("b-2", Map.of("email", "secret@acme.example")))
            .json()
            .get("personId")
            .asLong();
    assertThat(personOfB).isNotEqualTo(personOfA);
    assertThat(a.admin().get("/api/people/" + personOfA + "/timeline").json().get("items"))
        .hasSize(1);
    // Idempotency keys are per workspace too.
    assertThat(
            b.admin()
                .post("/api/interactions", interaction("a-1", Map.of("email", "x@acme.example")))
                .status())
        .isEqualTo(201);
  }

  @Test
  void a_token_of_a_deleted_user_or_removed_member_stops_working_at_once() {
    TestWorkspace tw = newWorkspace();
    Api sales = as(tw, "bram@acme.example", Role.SALES);
    Api service = as(tw, "sam@acme.example", Role.SERVICE);
    assertThat(sales.get("/api/workspace").status()).isEqualTo(200);
    assertThat(service.get("/api/workspace").status()).isEqualTo(200);

    long salesId =
        members.findByEmail(tw.workspace().id(), "bram@acme.example").orElseThrow().id().value();
    assertThat(tw.admin().delete("/api/users/" + salesId).status()).isEqualTo(204);
    members.deleteUser(
        members.findByEmail(tw.workspace().id(), "sam@acme.example").orElseThrow().id());

    assertThat(sales.get("/api/workspace").status()).isEqualTo(401);
    assertThat(service.get("/api/workspace").status()).isEqualTo(401);
    // Adding the same e-mail again makes a new membership, but the old token stays dead.
    as(tw, "bram@acme.example", Role.SALES);
    assertThat(sales.get("/api/workspace").status()).isEqualTo(401);
  }

  @Test
  void revoked_and_expired_tokens_are_refused() {
    TestWorkspace tw = newWorkspace();
    Api.Response created =
        tw.admin()
            .post(
                "/api/tokens",
                Map.of(
                    "name",
                    "tracker",
                    "expiresAt",
                    clock.instant().plus(Duration.ofHours(1)).toString()));
    assertThat(created.status()).isEqualTo(201);
    Api tracker = tw.admin().withToken(created.json().get("token").asString());
    assertThat(tracker.get("/api/workspace").status()).isEqualTo(200);

    clock.advance(Duration.ofHours(2));
    try {
      assertThat(tracker.get("/api/workspace").status()).isEqualTo(401);
    } finally {
      clock.advance(Duration.ofHours(-2));
    }
    assertThat(tracker.get("/api/workspace").status()).isEqualTo(200);
    assertThat(tw.admin().delete("/api/tokens/" + created.json().get("id").asLong()).status())
        .isEqualTo(204);
    assertThat(tracker.get("/api/workspace").status()).isEqualTo(401);
  }

  @Test
  void a_token_is_shown_once_and_stored_only_as_its_hash() {
    TestWorkspace tw = newWorkspace();
    Api.Response created = tw.admin().post("/api/tokens", Map.of("name", "ci"));
    String token = created.json().get("token").asString();
    assertThat(token).startsWith("hgl_").hasSizeGreaterThan(40);

    List<String> stored =
        jdbc.sql("select token_hash from api_token where workspace_id = ?")
            .param(tw.workspace().id().value())
            .query(String.class)
            .list();
    assertThat(stored).doesNotContain(token).contains(ApiTokens.hash(token));
    Api.Response listed = tw.admin().get("/api/tokens");
    assertThat(listed.body()).doesNotContain(token).doesNotContain(ApiTokens.hash(token));
    assertThat(listed.json().findValuesAsString("name")).contains("ci");
  }

  @Test
  void an_analyst_reads_but_changes_nothing_and_only_admins_manage_members() {
    TestWorkspace tw = newWorkspace();
    tw.admin()
        .post("/api/interactions", interaction("r-1", Map.of("email", "reader@acme.example")));
    Api analyst = as(tw, "iris@acme.example", Role.ANALYST);
    Api marketing = as(tw, "anna@acme.example", Role.MARKETING);

    assertThat(analyst.get("/api/people?email=reader@acme.example").json()).hasSize(1);
    Api.Response refused =
        analyst.post(
            "/api/interactions", interaction("r-2", Map.of("email", "reader@acme.example")));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:access.forbidden");
    assertThat(analyst.post("/api/people", Map.of("email", "new@acme.example")).status())
        .isEqualTo(403);
    assertThat(
            marketing
                .post(
                    "/api/interactions", interaction("r-3", Map.of("email", "reader@acme.example")))
                .status())
        .isEqualTo(201);
    assertThat(
            marketing
                .post("/api/users", Map.of("email", "evil@acme.example", "roles", List.of("admin")))
                .status())
        .isEqualTo(403);
    assertThat(
            marketing
                .put("/api/settings/sentiment-defaults/call", Map.of("sentiment", "positive"))
                .status())
        .isEqualTo(403);
    assertThat(
            tw.admin()
                .post(
                    "/api/users",
                    Map.of("email", "Bram@Acme.example", "roles", List.of("sales", "marketing")))
                .json()
                .get("roles")
                .toString())
        .isEqualTo("[\"marketing\",\"sales\"]");
    assertThat(
            tw.admin()
                .post("/api/users", Map.of("email", "x@acme.example", "roles", List.of("boss")))
                .status())
        .isEqualTo(422);
  }

  @Test
  void a_member_manages_only_their_own_tokens() {
    TestWorkspace tw = newWorkspace();
    Api marketing = as(tw, "anna@acme.example", Role.MARKETING);
    long adminToken =
        tw.admin().post("/api/tokens", Map.of("name", "admin-script")).json().get("id").asLong();
    long own = marketing.post("/api/tokens", Map.of("name", "mine")).json().get("id").asLong();

    assertThat(marketing.get("/api/tokens").json().findValuesAsString("name"))
        .containsOnly("test", "mine");
    assertThat(marketing.delete("/api/tokens/" + adminToken).status()).isEqualTo(403);
    assertThat(
            marketing
                .post(
                    "/api/tokens",
                    Map.of(
                        "name",
                        "for-admin",
                        "userId",
                        members
                            .findByEmail(
                                tw.workspace().id(), "admin@" + tw.workspace().slug() + ".example")
                            .orElseThrow()
                            .id()
                            .value()))
                .status())
        .isEqualTo(403);
    assertThat(marketing.delete("/api/tokens/" + own).status()).isEqualTo(204);
  }

  @Test
  void only_an_instance_admin_creates_workspaces_and_becomes_their_admin() {
    TestWorkspace tw = newWorkspace();
    String slug = "c-" + tw.workspace().slug();
    assertThat(tw.admin().post("/api/workspaces", Map.of("slug", slug, "name", "Client")).status())
        .isEqualTo(403);

    members.grantInstanceAdmin(
        members
            .findByEmail(tw.workspace().id(), "admin@" + tw.workspace().slug() + ".example")
            .orElseThrow()
            .id());
    Api.Response created =
        tw.admin().post("/api/workspaces", Map.of("slug", slug, "name", "Client"));
    assertThat(created.status()).isEqualTo(201);
    Workspace client = workspaces.require(slug);
    assertThat(members.list(client.id()))
        .singleElement()
        .satisfies(m -> assertThat(m.roles()).containsExactly(Role.ADMIN));
    assertThat(tw.admin().post("/api/workspaces", Map.of("slug", slug, "name", "Again")).status())
        .isEqualTo(409);
    assertThat(
            tw.admin().post("/api/workspaces", Map.of("slug", "Bad Slug!", "name", "x")).status())
        .isEqualTo(422);
  }
}
