package nl.hengel.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class PeopleIntegrationTests extends IntegrationTestSupport {

  @Autowired JdbcClient jdbc;

  static Map<String, Object> interaction(
      String externalId, Map<String, Object> person, String at, String department, String type) {
    return Map.of(
        "source",
        "crm",
        "externalId",
        externalId,
        "person",
        person,
        "occurredAt",
        at,
        "department",
        department,
        "type",
        type);
  }

  static Map<String, Object> key(String source, String id) {
    return Map.of("externalKey", Map.of("source", source, "id", id));
  }

  @Test
  void an_email_is_normalised_and_its_domain_gives_the_company_unless_it_is_free_mail() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    JsonNode anna =
        api.post(
                "/api/people",
                Map.of("email", "  Anna.Jansen@Acme-Corp.Example ", "firstName", "Anna"))
            .json();
    JsonNode gmail = api.post("/api/people", Map.of("email", "someone@Gmail.com")).json();

    assertThat(anna.get("email").asString()).isEqualTo("anna.jansen@acme-corp.example");
    assertThat(
            api.get("/api/companies/" + anna.get("companyId").asLong())
                .json()
                .get("domain")
                .asString())
        .isEqualTo("acme-corp.example");
    assertThat(gmail.has("companyId")).isFalse();
    assertThat(
            api.get("/api/people?email=ANNA.JANSEN@acme-corp.example")
                .json()
                .get(0)
                .get("id")
                .asLong())
        .isEqualTo(anna.get("id").asLong());
    // Upserting again updates, it does not duplicate.
    JsonNode again =
        api.post(
                "/api/people",
                Map.of(
                    "email",
                    "anna.jansen@acme-corp.example",
                    "lastName",
                    "Jansen",
                    "attributes",
                    Map.of("title", "CMO")))
            .json();
    assertThat(again.get("id").asLong()).isEqualTo(anna.get("id").asLong());
    assertThat(again.get("firstName").asString()).isEqualTo("Anna");
    assertThat(again.get("attributes").get("title").asString()).isEqualTo("CMO");
    assertThat(api.get("/api/people?companyId=" + anna.get("companyId").asLong()).json())
        .hasSize(1);
    assertThat(
            api.get("/api/people?companyDomain=ACME-corp.example").json().get(0).get("id").asLong())
        .isEqualTo(anna.get("id").asLong());
    assertThat(api.get("/api/people?companyDomain=nobody.example").json()).isEmpty();
    assertThat(api.get("/api/people").status()).isEqualTo(400);
  }

  @Test
  void a_person_seen_first_by_key_and_later_by_email_is_one_person() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    long byKey =
        api.post(
                "/api/interactions",
                interaction(
                    "i-1",
                    key("olist", "lead-7"),
                    "2026-01-01T10:00:00Z",
                    "marketing",
                    "form_submitted"))
            .json()
            .get("personId")
            .asLong();
    var both = new HashMap<String, Object>(key("olist", "lead-7"));
    both.put("email", "lead7@shop.example");
    long linked =
        api.post(
                "/api/interactions",
                interaction("i-2", both, "2026-01-02T10:00:00Z", "sales", "call"))
            .json()
            .get("personId")
            .asLong();
    long byEmail =
        api.post(
                "/api/interactions",
                interaction(
                    "i-3",
                    Map.of("email", "LEAD7@shop.example"),
                    "2026-01-03T10:00:00Z",
                    "service",
                    "ticket_opened"))
            .json()
            .get("personId")
            .asLong();

    assertThat(linked).isEqualTo(byKey);
    assertThat(byEmail).isEqualTo(byKey);
    JsonNode timeline = api.get("/api/people/" + byKey + "/timeline").json();
    assertThat(timeline.get("items").findValuesAsString("department"))
        .containsExactly("marketing", "sales", "service");
    assertThat(timeline.get("person").get("email").asString()).isEqualTo("lead7@shop.example");
    assertThat(timeline.get("company").get("domain").asString()).isEqualTo("shop.example");
  }

  @Test
  void
      two_people_linked_later_are_merged_without_losing_an_interaction_and_the_merge_is_recorded() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    var batch = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 30; i++) {
      batch.add(
          interaction(
              "k-" + i,
              key("webinar-tool", "att-9"),
              "2026-02-01T10:%02d:00Z".formatted(i),
              "marketing",
              "webinar_attended"));
      batch.add(
          interaction(
              "e-" + i,
              Map.of("email", "piet@bakker.example"),
              "2026-03-01T10:%02d:00Z".formatted(i),
              "sales",
              "email_sent"));
    }
    assertThat(api.post("/api/interactions/batch", batch).json().get("stored").asInt())
        .isEqualTo(60);
    long keyPerson =
        api.get("/api/people?source=webinar-tool&externalId=att-9")
            .json()
            .get(0)
            .get("id")
            .asLong();
    long emailPerson =
        api.get("/api/people?email=piet@bakker.example").json().get(0).get("id").asLong();
    assertThat(keyPerson).isNotEqualTo(emailPerson);

    var both = new HashMap<String, Object>(key("webinar-tool", "att-9"));
    both.put("email", "piet@bakker.example");
    long survivor =
        api.post(
                "/api/interactions",
                interaction("link", both, "2026-04-01T10:00:00Z", "marketing", "email_click"))
            .json()
            .get("personId")
            .asLong();

    assertThat(survivor).isEqualTo(emailPerson);
    List<JsonNode> all = allOf(api, survivor);
    assertThat(all).hasSize(61);
    assertThat(api.get("/api/people/" + keyPerson).json().get("id").asLong()).isEqualTo(survivor);
    JsonNode person = api.get("/api/people/" + survivor).json();
    assertThat(person.get("mergedFrom").get(0).asLong()).isEqualTo(keyPerson);
    assertThat(person.get("externalKeys").get(0).get("source").asString())
        .isEqualTo("webinar-tool");
    Map<String, Object> merge =
        jdbc.sql("select * from person_merge where survivor_id = ?")
            .param(survivor)
            .query()
            .singleRow();
    assertThat(((Number) merge.get("interactions_moved")).intValue()).isEqualTo(30);
    assertThat(((Number) merge.get("merged_id")).longValue()).isEqualTo(keyPerson);
    // New interactions for the merged-away id land on the survivor.
    assertThat(
            api.post(
                    "/api/interactions",
                    interaction(
                        "late", Map.of("id", keyPerson), "2026-04-02T10:00:00Z", "service", "chat"))
                .json()
                .get("personId")
                .asLong())
        .isEqualTo(survivor);
  }

  @Test
  void a_key_claimed_with_another_persons_email_is_an_identity_conflict_and_writes_nothing() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    var first = new HashMap<String, Object>(key("crm", "c-1"));
    first.put("email", "one@acme.example");
    api.post(
        "/api/interactions", interaction("x-1", first, "2026-01-01T10:00:00Z", "sales", "call"));
    var clash = new HashMap<String, Object>(key("crm", "c-1"));
    clash.put("email", "two@acme.example");

    Api.Response refused =
        api.post(
            "/api/interactions",
            interaction("x-2", clash, "2026-01-02T10:00:00Z", "sales", "call"));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("code").asString()).isEqualTo("timeline.identity-conflict");
    assertThat(api.get("/api/people?email=two@acme.example").json()).isEmpty();
  }

  @Test
  void people_are_merged_on_request_and_keep_all_interactions() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    long a =
        api.post(
                "/api/interactions",
                interaction(
                    "m-1",
                    Map.of("email", "jan@work.example"),
                    "2026-01-01T10:00:00Z",
                    "marketing",
                    "page_view"))
            .json()
            .get("personId")
            .asLong();
    long b =
        api.post(
                "/api/interactions",
                interaction(
                    "m-2",
                    Map.of("email", "jan.private@gmail.com"),
                    "2026-01-02T10:00:00Z",
                    "service",
                    "chat"))
            .json()
            .get("personId")
            .asLong();

    JsonNode merged =
        api.post(
                "/api/people/" + a + "/merge",
                Map.of("from", b, "reason", "same person, private address"))
            .json();

    assertThat(merged.get("mergedFrom").get(0).asLong()).isEqualTo(b);
    assertThat(allOf(api, a)).hasSize(2);
    assertThat(api.get("/api/people?email=jan.private@gmail.com").json().get(0).get("id").asLong())
        .isEqualTo(a);
    assertThat(
            api.post(
                    "/api/interactions",
                    interaction(
                        "m-3",
                        Map.of("email", "jan.private@gmail.com"),
                        "2026-01-03T10:00:00Z",
                        "sales",
                        "call"))
                .json()
                .get("personId")
                .asLong())
        .isEqualTo(a);
    assertThat(api.post("/api/people/" + a + "/merge", Map.of("from", b)).status()).isEqualTo(409);
  }

  @Test
  void the_timeline_pages_by_keyset_in_time_order_with_filters() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    var batch = new ArrayList<Map<String, Object>>();
    String[] departments = {"marketing", "sales", "service"};
    for (int i = 0; i < 25; i++) {
      // Arrives out of time order; some share the same instant.
      int minute = (i * 7) % 25 / 2;
      batch.add(
          interaction(
              "t-" + i,
              Map.of("email", "tim@line.example"),
              "2026-05-01T09:%02d:00Z".formatted(minute),
              departments[i % 3],
              i % 3 == 0 ? "page_view" : "call"));
    }
    api.post("/api/interactions/batch", batch);
    long person = api.get("/api/people?email=tim@line.example").json().get(0).get("id").asLong();

    List<JsonNode> paged = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          api.get(
                  "/api/people/"
                      + person
                      + "/timeline?limit=4"
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      page.get("items").forEach(paged::add);
      cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(7);
    assertThat(paged).hasSize(25);
    for (int i = 1; i < paged.size(); i++) {
      String prev = paged.get(i - 1).get("occurredAt").asString();
      String cur = paged.get(i).get("occurredAt").asString();
      assertThat(
              prev.compareTo(cur) < 0
                  || (prev.equals(cur)
                      && paged.get(i - 1).get("id").asLong() < paged.get(i).get("id").asLong()))
          .isTrue();
    }
    JsonNode sales =
        api.get(
                "/api/people/"
                    + person
                    + "/timeline?department=sales&type=call&order=desc&limit=100")
            .json();
    assertThat(sales.get("items")).hasSize(8);
    assertThat(sales.get("items").get(0).get("occurredAt").asString())
        .isGreaterThanOrEqualTo(sales.get("items").get(7).get("occurredAt").asString());
    JsonNode window =
        api.get(
                "/api/people/"
                    + person
                    + "/timeline?from=2026-05-01T09:05:00Z&to=2026-05-01T09:06:00Z")
            .json();
    assertThat(window.get("items").findValuesAsString("occurredAt"))
        .allMatch(t -> t.startsWith("2026-05-01T09:05"));
    assertThat(api.get("/api/people/" + person + "/timeline?cursor=garbage").status())
        .isEqualTo(400);
    assertThat(api.get("/api/people/" + person + "/timeline?department=finance").status())
        .isEqualTo(400);
    assertThat(api.get("/api/people/" + person + "/timeline?limit=0").status()).isEqualTo(400);
  }

  @Test
  void a_missing_sentiment_comes_from_the_workspace_default_for_its_type() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    assertThat(
            api.put("/api/settings/sentiment-defaults/call", Map.of("sentiment", "positive"))
                .status())
        .isEqualTo(204);

    String call =
        api.post(
                "/api/interactions",
                interaction(
                    "s-1",
                    Map.of("email", "s@acme.example"),
                    "2026-01-01T10:00:00Z",
                    "sales",
                    "call"))
            .json()
            .get("sentiment")
            .asString();
    String unsubscribe =
        api.post(
                "/api/interactions",
                interaction(
                    "s-2",
                    Map.of("email", "s@acme.example"),
                    "2026-01-01T11:00:00Z",
                    "marketing",
                    "email_unsubscribed"))
            .json()
            .get("sentiment")
            .asString();
    String unknown =
        api.post(
                "/api/interactions",
                interaction(
                    "s-3",
                    Map.of("email", "s@acme.example"),
                    "2026-01-01T12:00:00Z",
                    "service",
                    "parcel_returned"))
            .json()
            .get("sentiment")
            .asString();

    assertThat(call).isEqualTo("positive");
    assertThat(unsubscribe).isEqualTo("negative");
    assertThat(unknown).isEqualTo("neutral");
    assertThat(api.get("/api/settings/sentiment-defaults").json().get("call").asString())
        .isEqualTo("positive");
  }

  private static List<JsonNode> allOf(Api api, long person) {
    var all = new ArrayList<JsonNode>();
    api.get("/api/people/" + person + "/timeline?limit=1000").json().get("items").forEach(all::add);
    return all;
  }
}
