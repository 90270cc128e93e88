package nl.hengel.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.DefinitionTexts;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class DefinitionsIntegrationTests extends IntegrationTestSupport {

  @Autowired JdbcClient jdbc;

  /**
   * A workspace whose marketing owner anna and sales owner bram (named in the texts) are members.
   */
  record Team(TestWorkspace tw, Api anna, Api bram) {}

  Team team() {
    TestWorkspace tw = newWorkspace();
    return new Team(
        tw, as(tw, "anna@acme.example", Role.MARKETING), as(tw, "bram@acme.example", Role.SALES));
  }

  static Api.Response upload(Api api, String yaml) {
    return api.send("/api/definitions", "POST", "application/yaml", yaml);
  }

  static Api.Response approve(Api api, int number, String side) {
    return api.post(
        "/api/definitions/" + number + "/approve" + (side == null ? "" : "?side=" + side), "");
  }

  static void activate(Api api, int number) {
    Api.Response started = api.post("/api/definitions/" + number + "/activate", "");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    awaitActivated(api, number);
  }

  long userId(TestWorkspace tw, String email) {
    return members.findByEmail(tw.workspace().id(), email).orElseThrow().id().value();
  }

  long storedVersions(TestWorkspace tw) {
    return jdbc.sql("select count(*) from definition_version where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  static void assertProblem(Api.Response response, int status, String code, String... detailParts) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asString()).isEqualTo("urn:hengel:problem:" + code);
    if (detailParts.length > 0) {
      assertThat(response.json().get("detail").asString()).contains(detailParts);
    }
  }

  // ---------------------------------------------------------------- upload

  @Test
  void
      the_example_is_stored_as_draft_version_1_with_author_and_owners_and_the_next_upload_is_version_2() {
    Team t = team();

    Api.Response first = upload(t.anna(), DefinitionTexts.example());
    Api.Response second = upload(t.bram(), DefinitionTexts.DESIGN);

    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    JsonNode v1 = first.json().get("version");
    assertThat(v1.get("number").asInt()).isEqualTo(1);
    assertThat(v1.get("status").asString()).isEqualTo("draft");
    assertThat(v1.get("name").asString()).isEqualTo("Acme NL lead definition");
    assertThat(v1.get("author").asString()).isEqualTo("anna@acme.example");
    assertThat(v1.get("owners").get("marketing").asString()).isEqualTo("anna@acme.example");
    assertThat(v1.get("owners").get("sales").asString()).isEqualTo("bram@acme.example");
    assertThat(first.json().get("warnings")).isEmpty();
    // Stored as the lower-case key, as the re-evaluation writes statuses too.
    assertThat(
            jdbc.sql("select status from definition_version where workspace_id = ? and number = 1")
                .param(t.tw().workspace().id().value())
                .query(String.class)
                .single())
        .isEqualTo("draft");
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().get("version").get("number").asInt()).isEqualTo(2);
    assertThat(second.json().get("version").get("author").asString())
        .isEqualTo("bram@acme.example");
    assertThat(t.tw().admin().get("/api/definitions").json().findValues("number"))
        .extracting(JsonNode::asInt)
        .containsExactly(2, 1);
    Api.Response text = t.tw().admin().get("/api/definitions/1/yaml");
    assertThat(text.contentType()).startsWith("application/yaml");
    assertThat(text.body()).isEqualTo(DefinitionTexts.example());
  }

  @Test
  void a_stored_version_never_changes_and_no_endpoint_accepts_a_new_text_for_it() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);

    Api.Response put =
        t.anna()
            .send("/api/definitions/1", "PUT", "application/yaml", DefinitionTexts.DESIGN_CHANGED);
    Api.Response patch =
        t.anna()
            .send(
                "/api/definitions/1", "PATCH", "application/yaml", DefinitionTexts.DESIGN_CHANGED);
    Api.Response delete = t.tw().admin().delete("/api/definitions/1");
    Api.Response putYaml =
        t.anna()
            .send(
                "/api/definitions/1/yaml",
                "PUT",
                "application/yaml",
                DefinitionTexts.DESIGN_CHANGED);

    assertThat(List.of(put.status(), patch.status(), delete.status(), putYaml.status()))
        .containsOnly(405);
    assertThat(t.anna().get("/api/definitions/1/yaml").body()).isEqualTo(DefinitionTexts.DESIGN);
    assertThat(storedVersions(t.tw())).isEqualTo(1);
  }

  @Test
  void an_unknown_attribute_on_line_5_is_refused_at_its_line_and_column_and_nothing_is_stored() {
    Team t = team();

    Api.Response refused = upload(t.anna(), DefinitionTexts.UNKNOWN_ATTRIBUTE_ON_LINE_5);

    assertProblem(refused, 422, "definition.lint-failed", "1 error", "nothing was stored");
    JsonNode error = refused.json().get("errors").get(0);
    assertThat(refused.json().get("errors")).hasSize(1);
    assertThat(error.get("pointer").asString())
        .isEqualTo("line 5, column " + DefinitionTexts.UNKNOWN_ATTRIBUTE_COLUMN);
    assertThat(error.get("line").asInt()).isEqualTo(5);
    assertThat(error.get("column").asInt())
        .isEqualTo(DefinitionTexts.UNKNOWN_ATTRIBUTE_COLUMN)
        .isEqualTo(36);
    assertThat(error.get("severity").asString()).isEqualTo("error");
    assertThat(error.get("code").asString()).isEqualTo("definition.lint.unknown-variable");
    assertThat(error.get("message").asString()).contains("unknown attribute 'company.size'");
    assertThat(storedVersions(t.tw())).isZero();
    assertThat(t.anna().get("/api/definitions/audit").json()).isEmpty();
  }

  @Test
  void lint_answers_every_issue_and_stores_nothing() {
    Team t = team();

    JsonNode bad =
        t.anna()
            .send(
                "/api/definitions/lint",
                "POST",
                "text/plain",
                DefinitionTexts.UNKNOWN_ATTRIBUTE_ON_LINE_5)
            .json();
    JsonNode good =
        t.anna().send("/api/definitions/lint", "POST", "text/yaml", DefinitionTexts.DESIGN).json();

    assertThat(bad.get("valid").asBoolean()).isFalse();
    assertThat(bad.get("errors").asInt()).isEqualTo(1);
    assertThat(bad.get("issues").get(0).get("pointer").asString()).isEqualTo("line 5, column 36");
    assertThat(good.get("valid").asBoolean()).isTrue();
    assertThat(good.get("issues")).isEmpty();
    assertThat(storedVersions(t.tw())).isZero();
  }

  @Test
  void an_owner_who_could_not_approve_is_a_warning_that_does_not_block_the_upload() {
    TestWorkspace tw = newWorkspace();
    as(tw, "anna@acme.example", Role.MARKETING);
    as(tw, "bram@acme.example", Role.SERVICE);

    Api.Response stored = upload(tw.admin(), DefinitionTexts.DESIGN);

    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    assertThat(stored.json().get("warnings"))
        .singleElement()
        .satisfies(w -> {
          assertThat(w.get("code").asString()).isEqualTo("definition.lint.owner-cannot-approve");
          assertThat(w.get("severity").asString()).isEqualTo("warning");
          assertThat(w.get("line").asInt()).isEqualTo(2);
          assertThat(w.get("column").asInt())
              .isEqualTo(DefinitionTexts.DESIGN.lines().toList().get(1).indexOf("bram@") + 1);
          assertThat(w.get("message").asString())
              .contains("sales owner bram@acme.example does not hold the sales role");
        });
  }

  @Test
  void a_text_over_200000_characters_is_refused_as_too_large() {
    Team t = team();
    String huge = DefinitionTexts.DESIGN + "#".repeat(Definitions.MAX_CHARS);

    assertProblem(upload(t.anna(), huge), 413, "definition.too-large", "200,000");
    assertThat(storedVersions(t.tw())).isZero();
  }

  @Test
  void two_uploads_at_the_same_moment_get_different_numbers() throws Exception {
    Team t = team();
    int uploads = 4;
    var barrier = new CyclicBarrier(uploads);
    ExecutorService pool = Executors.newFixedThreadPool(uploads);
    try {
      var futures = new ArrayList<Future<Api.Response>>();
      for (int i = 0; i < uploads; i++) {
        Api api = i % 2 == 0 ? t.anna() : t.bram();
        futures.add(
            pool.submit(() -> {
              barrier.await(30, TimeUnit.SECONDS);
              return upload(api, DefinitionTexts.DESIGN);
            }));
      }
      var numbers = new ArrayList<Integer>();
      for (Future<Api.Response> f : futures) {
        Api.Response r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        numbers.add(r.json().get("version").get("number").asInt());
      }
      assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void another_workspace_sees_none_of_the_versions() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    TestWorkspace other = newWorkspace();

    assertThat(other.admin().get("/api/definitions").json()).isEmpty();
    assertProblem(other.admin().get("/api/definitions/1"), 404, "definition.version-not-found");
    assertProblem(
        other.admin().get("/api/definitions/1/yaml"), 404, "definition.version-not-found");
    assertProblem(
        other.admin().get("/api/definitions/active"), 404, "definition.no-active-version");
  }

  // ---------------------------------------------------------------- approval

  @Test
  void a_service_user_or_an_analyst_cannot_approve_and_the_refusal_names_the_rule() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    Api service = as(t.tw(), "sam@acme.example", Role.SERVICE);
    Api analyst = as(t.tw(), "iris@acme.example", Role.ANALYST);

    assertProblem(
        approve(service, 1, null),
        403,
        "definition.approval.role-required",
        "Refused by the rule 'role for the side'",
        "you have service");
    assertProblem(
        approve(service, 1, "marketing"),
        403,
        "definition.approval.role-required",
        "Refused by the rule 'role for the side'",
        "the marketing role");
    assertProblem(
        approve(t.anna(), 1, "sales"),
        403,
        "definition.approval.role-required",
        "Refused by the rule 'role for the side'",
        "the sales role");
    // Analysts change nothing anywhere: the API's access rule refuses them before any definition
    // rule.
    assertProblem(
        approve(analyst, 1, "marketing"),
        403,
        "access.forbidden",
        "Your roles in this workspace do not allow this.");
    assertThat(t.anna().get("/api/definitions/1").json().get("approvals")).isEmpty();
  }

  @Test
  void one_person_holding_both_roles_cannot_approve_both_sides() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    Api carla = as(t.tw(), "carla@acme.example", Role.MARKETING, Role.SALES);
    long carlaId = userId(t.tw(), "carla@acme.example");
    assertThat(
            t.tw()
                .admin()
                .put("/api/definitions/approvers/" + carlaId + "?side=marketing", "")
                .status())
        .isEqualTo(200);
    assertThat(
            t.tw()
                .admin()
                .put("/api/definitions/approvers/" + carlaId + "?side=sales", "")
                .status())
        .isEqualTo(200);

    assertProblem(
        approve(carla, 1, null), 400, "definition.approval.side-required", "say which side");
    assertThat(approve(carla, 1, "marketing").status()).isEqualTo(200);
    assertProblem(
        approve(carla, 1, "sales"),
        403,
        "definition.approval.same-person",
        "Refused by the rule 'two different people'",
        "you approved the marketing side of version 1");

    JsonNode version = t.anna().get("/api/definitions/1").json();
    assertThat(version.get("status").asString()).isEqualTo("draft");
    assertThat(version.get("approvals"))
        .singleElement()
        .satisfies(a -> assertThat(a.get("email").asString()).isEqualTo("carla@acme.example"));
  }

  @Test
  void a_second_approval_of_one_side_is_a_conflict() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    Api dirk = as(t.tw(), "dirk@acme.example", Role.MARKETING);
    t.tw()
        .admin()
        .put(
            "/api/definitions/approvers/" + userId(t.tw(), "dirk@acme.example") + "?side=marketing",
            "");

    assertThat(approve(t.anna(), 1, null).status()).isEqualTo(200);
    assertProblem(
        approve(t.anna(), 1, null),
        409,
        "definition.approval.side-already-approved",
        "Refused by the rule 'one approval per side'",
        "approved by anna@acme.example");
    assertProblem(approve(dirk, 1, "marketing"), 409, "definition.approval.side-already-approved");
  }

  @Test
  void a_marketing_user_who_is_neither_owner_nor_granted_is_refused_until_an_admin_grants_them() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    Api erik = as(t.tw(), "erik@acme.example", Role.MARKETING);
    long erikId = userId(t.tw(), "erik@acme.example");

    assertProblem(
        approve(erik, 1, null),
        403,
        "definition.approval.not-an-approver",
        "Refused by the rule 'named owner or granted approver'",
        "names anna@acme.example as its marketing owner");
    assertProblem(
        t.anna().put("/api/definitions/approvers/" + erikId + "?side=marketing", ""),
        403,
        "definition.admin-only");
    assertProblem(
        t.tw().admin().put("/api/definitions/approvers/" + erikId + "?side=sales", ""),
        422,
        "definition.approver-lacks-role",
        "sales role");
    Api.Response granted =
        t.tw().admin().put("/api/definitions/approvers/" + erikId + "?side=marketing", "");
    assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
    assertThat(granted.json().get("email").asString()).isEqualTo("erik@acme.example");
    assertThat(t.anna().get("/api/definitions/approvers").json().findValuesAsString("email"))
        .containsExactly("erik@acme.example");

    assertThat(approve(erik, 1, null).status()).isEqualTo(200);

    assertThat(
            t.tw()
                .admin()
                .delete("/api/definitions/approvers/" + erikId + "?side=marketing")
                .status())
        .isEqualTo(204);
    assertThat(t.anna().get("/api/definitions/approvers").json()).isEmpty();
    assertThat(t.anna().get("/api/definitions/audit").json().findValuesAsString("action"))
        .containsExactly("uploaded", "approver-granted", "approved", "approver-revoked");
  }

  // ---------------------------------------------------------------- activation

  @Test
  void
      both_approvals_make_a_version_approved_and_activating_it_makes_it_active_and_retires_the_previous_one() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);

    assertProblem(
        t.anna().post("/api/definitions/1/activate", ""),
        409,
        "definition.not-approved",
        "waiting for the marketing and the sales approval");
    approve(t.anna(), 1, null);
    assertProblem(
        t.anna().post("/api/definitions/1/activate", ""),
        409,
        "definition.not-approved",
        "waiting for the sales approval");
    JsonNode approved = approve(t.bram(), 1, null).json();
    assertThat(approved.get("status").asString()).isEqualTo("approved");
    assertThat(approved.get("approvedAt")).isNotNull();
    assertThat(approved.get("approvals").findValuesAsString("side"))
        .containsExactly("marketing", "sales");
    assertProblem(
        as(t.tw(), "sam@acme.example", Role.SERVICE).post("/api/definitions/1/activate", ""),
        403,
        "definition.activation-forbidden");

    Api.Response activated = t.bram().post("/api/definitions/1/activate", "");

    assertThat(activated.status()).as(activated.toString()).isEqualTo(202);
    assertThat(activated.json().get("status").asString()).isIn("running", "done");
    assertThat(activated.json().get("actor").asString()).isEqualTo("user:bram@acme.example");
    awaitActivated(t.anna(), 1);
    JsonNode v1 = t.anna().get("/api/definitions/1").json();
    assertThat(v1.get("status").asString()).isEqualTo("active");
    assertThat(v1.get("activatedAt")).isNotNull();
    assertThat(v1.get("reevaluation").get("actor").asString()).isEqualTo("user:bram@acme.example");
    assertThat(t.anna().get("/api/definitions/active").json().get("number").asInt()).isEqualTo(1);

    upload(t.anna(), DefinitionTexts.DESIGN_CHANGED);
    approve(t.bram(), 2, null);
    approve(t.anna(), 2, null);
    activate(t.tw().admin(), 2);

    assertThat(t.anna().get("/api/definitions/active").json().get("number").asInt()).isEqualTo(2);
    JsonNode retired = t.anna().get("/api/definitions/1").json();
    assertThat(retired.get("status").asString()).isEqualTo("retired");
    assertThat(retired.get("retiredAt")).isNotNull();
    assertProblem(
        t.anna().post("/api/definitions/2/activate", ""),
        409,
        "definition.not-approved",
        "active version already");
    assertProblem(approve(t.anna(), 1, null), 409, "definition.approval.side-already-approved");
  }

  @Test
  void the_active_version_is_never_archived_but_a_retired_or_draft_one_is() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    approve(t.anna(), 1, null);
    approve(t.bram(), 1, null);
    activate(t.anna(), 1);
    upload(t.anna(), DefinitionTexts.DESIGN_CHANGED);

    assertProblem(
        t.anna().post("/api/definitions/1/archive", ""),
        409,
        "definition.cannot-archive",
        "is active");
    Api.Response archived = t.anna().post("/api/definitions/2/archive", "");
    assertThat(archived.status()).isEqualTo(200);
    assertThat(archived.json().get("status").asString()).isEqualTo("archived");
    assertProblem(
        approve(t.bram(), 2, null),
        409,
        "definition.approval.not-a-draft",
        "version 2 is archived");
    assertProblem(
        t.anna().post("/api/definitions/2/archive", ""),
        409,
        "definition.cannot-archive",
        "archived already");
  }

  @Test
  void the_audit_log_lists_uploads_approvals_and_activations_with_actors_and_times() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    approve(t.anna(), 1, null);
    approve(t.bram(), 1, null);
    activate(t.bram(), 1);
    upload(t.bram(), DefinitionTexts.DESIGN_CHANGED);
    approve(t.anna(), 2, null);
    approve(t.bram(), 2, null);
    activate(t.anna(), 2);

    JsonNode log =
        as(t.tw(), "iris@acme.example", Role.ANALYST).get("/api/definitions/audit").json();

    var lines = new ArrayList<String>();
    log.forEach(e ->
        lines.add(
            e.get("version").asInt()
                + " "
                + e.get("action").asString()
                + " "
                + e.get("actor").asString()));
    assertThat(lines)
        .containsExactly(
            "1 uploaded user:anna@acme.example",
            "1 approved user:anna@acme.example",
            "1 approved user:bram@acme.example",
            "1 activation-started user:bram@acme.example",
            "1 activated user:bram@acme.example",
            "2 uploaded user:bram@acme.example",
            "2 approved user:anna@acme.example",
            "2 approved user:bram@acme.example",
            "2 activation-started user:anna@acme.example",
            "1 retired user:anna@acme.example",
            "2 activated user:anna@acme.example");
    log.forEach(e -> assertThat(e.get("at").asString()).isNotBlank());
    assertThat(log.get(1).get("detail").asString()).isEqualTo("marketing");
    assertThat(log.get(2).get("detail").asString())
        .isEqualTo("sales; both sides approved, version 1 may be activated");
    assertThat(log.get(8).get("detail").asString()).isEqualTo("replaces version 1");
  }

  // ---------------------------------------------------------------- diff

  @Test
  void
      the_diff_lists_an_added_and_a_removed_rule_changed_points_gate_and_half_life_and_the_changed_lines() {
    Team t = team();
    upload(t.anna(), DefinitionTexts.DESIGN);
    upload(t.anna(), DefinitionTexts.DESIGN_CHANGED);

    JsonNode diff = t.anna().get("/api/definitions/1/diff/2").json();

    var changes = new ArrayList<String>();
    diff.get("changes")
        .forEach(c ->
            changes.add(
                c.get("kind").asString()
                    + " "
                    + c.get("section").asString()
                    + (c.has("name") ? " " + c.get("name").asString() : "")));
    assertThat(changes)
        .containsExactly(
            "rule-added fit decision maker",
            "half-life-changed engagement half_life",
            "points-changed engagement whitepaper",
            "rule-removed engagement unsubscribed",
            "gate-changed mql");
    assertThat(diff.get("changes").get(2).get("before").asString()).isEqualTo("5");
    assertThat(diff.get("changes").get(2).get("after").asString()).isEqualTo("8");
    assertThat(diff.get("changes").get(2).get("summary").asString())
        .isEqualTo("engagement rule 'whitepaper': points 5 → 8");
    assertThat(diff.get("text").asString())
        .startsWith("--- version 1\n+++ version 2\n")
        .contains("\n-  half_life: 30d\n+  half_life: 14d\n")
        .contains("\n-mql: \"fit >= 20 && engagement >= 15 && touches.distinct_content >= 2\"\n")
        .contains("\n+mql: \"fit >= 20 && engagement >= 20 && touches.distinct_content >= 2\"\n");
    assertThat(t.anna().get("/api/definitions/1/diff/1").json().get("changes")).isEmpty();
    assertProblem(t.anna().get("/api/definitions/1/diff/9"), 404, "definition.version-not-found");
  }

  @Test
  void the_definition_endpoints_are_described_in_the_openapi_document_under_definitions() {
    JsonNode paths = newWorkspace().admin().get("/v3/api-docs").json().get("paths");

    assertThat(paths.propertyNames())
        .contains(
            "/api/definitions",
            "/api/definitions/lint",
            "/api/definitions/active",
            "/api/definitions/{number}",
            "/api/definitions/{number}/yaml",
            "/api/definitions/{from}/diff/{to}",
            "/api/definitions/{number}/approve",
            "/api/definitions/{number}/activate",
            "/api/definitions/{number}/archive",
            "/api/definitions/audit",
            "/api/definitions/approvers",
            "/api/definitions/approvers/{userId}");
    JsonNode upload = paths.get("/api/definitions").get("post");
    assertThat(upload.get("tags").get(0).asString()).isEqualTo("Definitions");
    assertThat(upload.get("requestBody").get("content").propertyNames())
        .contains("application/yaml", "text/yaml", "text/plain");
    assertThat(
            paths
                .get("/api/definitions/{number}/approve")
                .get("post")
                .get("parameters")
                .findValuesAsString("name"))
        .contains("number", "side");
  }
}
