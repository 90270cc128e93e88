package nl.hengel.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProblemDetailsIntegrationTests extends IntegrationTestSupport {

  @Test
  void an_unknown_json_field_is_an_error_with_a_pointer_not_silently_dropped() {
    Api.Response r =
        newWorkspace()
            .admin()
            .post("/api/people", Map.of("email", "a@acme.example", "emial", "typo"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asString()).isEqualTo("urn:hengel:problem:request.unreadable");
    assertThat(r.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/emial");
  }

  @Test
  void malformed_json_and_wrong_types_get_problem_details() {
    Api api = newWorkspace().admin();
    Api.Response broken = api.post("/api/interactions", "{\"source\": ");
    Api.Response wrongType =
        api.post(
            "/api/interactions/batch",
            "[{\"source\":\"s\",\"externalId\":\"1\",\"person\":{\"id\":\"not-a-number\"},\"occurredAt\":\"2026-01-01T00:00:00Z\",\"department\":\"sales\",\"type\":\"call\"}]");

    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.json().get("code").asString()).isEqualTo("request.unreadable");
    JsonNode item = wrongType.json().get("items").get(0);
    assertThat(item.get("status").asString()).isEqualTo("rejected");
    assertThat(item.get("errors").get(0).get("pointer").asString()).isEqualTo("/0/person/id");
  }

  @Test
  void framework_errors_keep_their_status_and_get_a_stable_type() {
    Api api = newWorkspace().admin();
    Api.Response method = api.delete("/api/people");
    Api.Response media = api.send("/api/interactions", "POST", "text/plain", "hello");
    Api.Response missing = api.get("/api/nothing-here");

    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:request.method-not-allowed");
    assertThat(media.status()).isEqualTo(415);
    assertThat(media.json().get("type").asString()).startsWith("urn:hengel:problem:request.");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
  }

  @Test
  void a_batch_above_the_limit_is_refused_whole() {
    Api api = newWorkspace().admin();
    var sb = new StringBuilder();
    for (int i = 0; i < 20_001; i++) {
      sb.append("{}\n");
    }
    Api.Response r =
        api.send("/api/interactions/batch", "POST", "application/x-ndjson", sb.toString());

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("code").asString()).isEqualTo("timeline.batch-too-large");
  }

  @Test
  void the_openapi_description_is_served_after_authentication_and_describes_the_api() {
    JsonNode doc = newWorkspace().admin().get("/v3/api-docs").json();

    assertThat(doc.get("info").get("title").asString()).isEqualTo("Hengel API");
    assertThat(doc.get("paths").propertyNames())
        .contains(
            "/api/interactions",
            "/api/interactions/batch",
            "/api/people/{id}/timeline",
            "/api/tokens",
            "/api/users",
            "/api/people/{id}/lead",
            "/api/people/{id}/lead/moves",
            "/api/inbox",
            "/api/inbox/{id}/accept",
            "/api/reports/leakage",
            "/api/leads/outcomes",
            "/api/webhooks",
            "/api/teams",
            "/api/routing");
    assertThat(doc.get("components").get("securitySchemes").get("token").get("scheme").asString())
        .isEqualTo("bearer");
  }
}
