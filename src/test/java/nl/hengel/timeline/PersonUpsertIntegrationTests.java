package nl.hengel.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /api/people, which shares its write path with the people CSV import. */
class PersonUpsertIntegrationTests extends IntegrationTestSupport {

  @Test
  void an_upsert_creates_then_updates_merging_attributes_and_a_null_attribute_removes_one() {
    Api api = newWorkspace().admin();

    Api.Response created =
        api.post(
            "/api/people",
            Map.of(
                "email",
                " Anna@Acme.Example",
                "firstName",
                "Anna",
                "externalKey",
                Map.of("source", "crm", "id", "7"),
                "attributes",
                Map.of("title", "CMO", "city", "Utrecht")));
    var change = new HashMap<String, Object>();
    change.put("city", null);
    change.put("team", "growth");
    Api.Response updated =
        api.post(
            "/api/people",
            Map.of(
                "externalKey",
                Map.of("source", "crm", "id", "7"),
                "lastName",
                "de Vries",
                "companyDomain",
                "Acme-Group.example",
                "attributes",
                change));

    assertThat(created.status()).as(created.body()).isEqualTo(200);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    JsonNode anna = updated.json();
    assertThat(anna.get("id").asLong()).isEqualTo(created.json().get("id").asLong());
    assertThat(anna.get("email").asString()).isEqualTo("anna@acme.example");
    assertThat(anna.get("firstName").asString()).isEqualTo("Anna");
    assertThat(anna.get("lastName").asString()).isEqualTo("de Vries");
    assertThat(anna.get("attributes").toString())
        .isEqualTo("{\"title\":\"CMO\",\"team\":\"growth\"}");
    assertThat(
            api.get("/api/companies/" + anna.get("companyId").asLong())
                .json()
                .get("domain")
                .asString())
        .isEqualTo("acme-group.example");
  }

  @Test
  void an_invalid_upsert_is_a_422_with_pointers_and_a_key_of_another_person_is_a_409() {
    Api api = newWorkspace().admin();
    api.post(
        "/api/people",
        Map.of("email", "anna@acme.example", "externalKey", Map.of("source", "crm", "id", "1")));
    api.post("/api/people", Map.of("email", "bram@acme.example"));

    Api.Response invalid =
        api.post("/api/people", Map.of("email", "not-an-address", "companyDomain", "no domain"));
    Api.Response conflict =
        api.post(
            "/api/people",
            Map.of(
                "email", "bram@acme.example", "externalKey", Map.of("source", "crm", "id", "1")));

    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().get("code").asString()).isEqualTo("timeline.invalid-person");
    assertThat(invalid.json().get("errors").findValuesAsString("pointer"))
        .containsExactly("/email", "/companyDomain");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("code").asString()).isEqualTo("timeline.identity-conflict");
    assertThat(conflict.json().get("detail").asString())
        .isEqualTo(
            "key crm/1 belongs to the person with e-mail anna@acme.example, not to bram@acme.example");
  }
}
