package nl.hengel.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.access.Member;
import nl.hengel.platform.Sql;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class ScoringIntegrationTests extends IntegrationTestSupport {

  static final String V1 =
      nl.hengel.testing.DefinitionTexts.SIMPLE.replace("name: simple", "name: v1");
  static final String V2 =
      V1.replace("name: v1", "name: v2").replace("engagement >= 15", "engagement >= 25");

  @Autowired JdbcClient jdbc;
  @Autowired Reevaluations reevaluations;
  @Autowired TransactionTemplate transactions;

  static Map<String, Object> download(String id, String email, String at, String content) {
    return Map.of(
        "source",
        "web",
        "externalId",
        id,
        "person",
        Map.of("email", email),
        "occurredAt",
        at,
        "department",
        "marketing",
        "type",
        "content_download",
        "content",
        content);
  }

  long approvedVersion(TestWorkspace tw, int number, String yaml) {
    Member admin = members.list(tw.workspace().id()).getFirst();
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into definition_version (workspace_id, number, name, yaml, status, marketing_owner, sales_owner, author_id, created_at, approved_at)
            values (?, ?, ?, ?, 'approved', 'anna@acme.example', 'bram@acme.example', ?, ?, ?)
            """)
        .params(
            tw.workspace().id().value(),
            number,
            "v" + number,
            yaml,
            admin.id().value(),
            Sql.ts(clock.instant()),
            Sql.ts(clock.instant()))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void awaitActive(TestWorkspace tw, long versionId) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            reevaluations
                .latest(tw.workspace().id(), versionId)
                .map(r -> r.status() != Reevaluation.Status.RUNNING)
                .orElse(false));
    assertThat(reevaluations.latest(tw.workspace().id(), versionId).orElseThrow().status())
        .isEqualTo(Reevaluation.Status.DONE);
  }

  JsonNode awaitScore(Api api, long person, java.util.function.Predicate<JsonNode> until) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> {
          Api.Response r = api.get("/api/people/" + person + "/score");
          return r.status() == 200 && !r.json().get("pending").asBoolean() && until.test(r.json());
        });
    return api.get("/api/people/" + person + "/score").json();
  }

  @Test
  void activation_scores_every_lead_and_readers_see_the_old_version_until_the_switch() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    api.post(
        "/api/companies",
        Map.of(
            "domain",
            "acme.example",
            "name",
            "Acme",
            "attributes",
            Map.of("country", "NL", "employees", 120)));
    var batch = new ArrayList<Map<String, Object>>();
    for (int p = 0; p < 120; p++) {
      String email = "p" + p + "@acme.example";
      batch.add(download("a" + p, email, "2026-03-01T10:00:00Z", "guide-a"));
      // Person p gets a second download p hours later: engagement 10·0.5^(p/720) + 10.
      batch.add(
          download(
              "b" + p,
              email,
              Instant.parse("2026-03-01T10:00:00Z").plusSeconds(3600L * p).toString(),
              "guide-b"));
    }
    assertThat(api.post("/api/interactions/batch", batch).json().get("stored").asInt())
        .isEqualTo(240);
    long first = api.get("/api/people?email=p0@acme.example").json().get(0).get("id").asLong();
    assertThat(api.get("/api/people/" + first + "/score").status()).isEqualTo(404);

    long v1 = approvedVersion(tw, 1, V1);
    reevaluations.start(tw.workspace().id(), v1, "user:test");
    awaitActive(tw, v1);
    JsonNode underV1 = awaitScore(api, first, s -> s.get("version").asInt() == 1);
    assertThat(underV1.get("fit").asLong()).isEqualTo(25);
    assertThat(underV1.get("mqlAt").asString()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(count("select count(*) from lead_state where version_id = ?", v1)).isEqualTo(120);

    long v2 = approvedVersion(tw, 2, V2);
    // Hold the switch: the worker scores every lead under v2, then waits for this lock.
    transactions.executeWithoutResult(status -> {
      jdbc.sql("select version_id from active_definition where workspace_id = ? for update")
          .param(tw.workspace().id().value())
          .query(Long.class)
          .single();
      Thread starter =
          Thread.ofVirtual().start(() -> reevaluations.start(tw.workspace().id(), v2, "user:test"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count("select count(*) from lead_state where version_id = ?", v2) == 120);
      // All of v2 is computed, yet readers still see v1.
      assertThat(api.get("/api/people/" + first + "/score").json().get("version").asInt())
          .isEqualTo(1);
      assertThat(api.get("/api/definitions/active").status()).isIn(200, 404);
      try {
        starter.join();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    awaitActive(tw, v2);
    JsonNode underV2 = api.get("/api/people/" + first + "/score").json();
    assertThat(underV2.get("version").asInt()).isEqualTo(2);
    // 20 points at the same instant are not >= 25: no MQL under v2 for person 0.
    assertThat(underV2.has("mqlAt")).isFalse();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count("select count(*) from lead_state where version_id = ?", v1) == 0);
    assertThat(
            jdbc.sql("select status from definition_version where id = ?")
                .param(v1)
                .query(String.class)
                .single())
        .isEqualToIgnoringCase("retired");
    assertThat(
            jdbc.sql("select action from definition_audit where workspace_id = ? order by id")
                .param(tw.workspace().id().value())
                .query(String.class)
                .list())
        .containsExactly("activated", "retired", "activated");
  }

  @Test
  void a_new_interaction_is_scored_live_and_a_late_one_moves_the_mql_moment_back() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    api.post(
        "/api/companies",
        Map.of("domain", "live.example", "attributes", Map.of("country", "NL", "employees", 80)));
    long person =
        api.post(
                "/api/interactions",
                download("l1", "lea@live.example", "2026-04-01T09:00:00Z", "guide-a"))
            .json()
            .get("personId")
            .asLong();
    long v1 = approvedVersion(tw, 1, V1);
    reevaluations.start(tw.workspace().id(), v1, "user:test");
    awaitActive(tw, v1);
    assertThat(awaitScore(api, person, s -> true).has("mqlAt")).isFalse();

    api.post(
        "/api/interactions", download("l2", "lea@live.example", "2026-04-20T09:00:00Z", "guide-b"));
    JsonNode mql = awaitScore(api, person, s -> s.has("mqlAt"));
    assertThat(mql.get("mqlAt").asString()).isEqualTo("2026-04-20T09:00:00Z");
    assertThat(mql.get("touches").asInt()).isEqualTo(2);

    // It arrives last but happened first: the lead qualified earlier than we thought.
    api.post(
        "/api/interactions", download("l0", "lea@live.example", "2026-04-10T09:00:00Z", "guide-c"));
    JsonNode moved = awaitScore(api, person, s -> s.get("touches").asInt() == 3);
    assertThat(moved.get("mqlAt").asString()).isEqualTo("2026-04-10T09:00:00Z");

    JsonNode explained = api.get("/api/people/" + person + "/explain").json();
    assertThat(explained.get("mql").asBoolean()).isTrue();
    assertThat(explained.get("engagementRules").get(0).get("matches").asInt()).isEqualTo(3);
    // Qualified in April; by now (months later) the engagement has decayed below the gate again.
    assertThat(explained.get("missing").toString()).isEqualTo("[\"engagement >= 15\"]");
    assertThat(explained.get("gate").get(0).get("met").asBoolean()).isTrue();
    JsonNode strict = api.get("/api/people/" + person + "/explain?version=1").json();
    assertThat(strict.get("version").asInt()).isEqualTo(1);
  }

  @Test
  void a_change_of_company_attributes_rescores_its_people() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    api.post(
        "/api/companies",
        Map.of("domain", "grow.example", "attributes", Map.of("country", "NL", "employees", 10)));
    var two =
        List.of(
            download("g1", "gus@grow.example", "2026-05-01T09:00:00Z", "a"),
            download("g2", "gus@grow.example", "2026-05-02T09:00:00Z", "b"));
    long person =
        api.post("/api/interactions/batch", two)
            .json()
            .get("items")
            .get(0)
            .get("personId")
            .asLong();
    long v1 = approvedVersion(tw, 1, V1);
    reevaluations.start(tw.workspace().id(), v1, "user:test");
    awaitActive(tw, v1);
    assertThat(awaitScore(api, person, s -> true).get("fit").asLong()).isEqualTo(10);

    api.post(
        "/api/companies", Map.of("domain", "grow.example", "attributes", Map.of("employees", 60)));

    JsonNode after = awaitScore(api, person, s -> s.get("fit").asLong() == 25);
    assertThat(after.get("mqlAt").asString()).isEqualTo("2026-05-02T09:00:00Z");
  }

  long count(String sql, long param) {
    return jdbc.sql(sql).param(param).query(Long.class).single();
  }
}
