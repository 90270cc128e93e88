package nl.hengel.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import nl.hengel.timeline.internal.Identities;
import nl.hengel.timeline.internal.Resolution;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class IngestIntegrationTests extends IntegrationTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired Identities identities;
  @Autowired TransactionTemplate transaction;

  static Map<String, Object> interaction(String externalId, String email, String at) {
    return Map.of(
        "source",
        "web",
        "externalId",
        externalId,
        "person",
        Map.of("email", email),
        "occurredAt",
        at,
        "department",
        "marketing",
        "type",
        "content_download",
        "content",
        "whitepaper-" + externalId);
  }

  long rows(TestWorkspace tw) {
    return jdbc.sql("select count(*) from interaction where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  @Test
  void a_second_ingest_of_the_same_external_id_stores_nothing_and_answers_with_the_stored_one() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();

    Api.Response first =
        api.post(
            "/api/interactions",
            interaction("e-1", "Anna@Acme.Example ", "2026-11-01T10:00:00+01:00"));
    Api.Response second =
        api.post(
            "/api/interactions", interaction("e-1", "anna@acme.example", "2026-11-02T10:00:00Z"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
    assertThat(second.json().get("occurredAt").asString()).isEqualTo("2026-11-01T09:00:00Z");
    assertThat(rows(tw)).isEqualTo(1);
  }

  @Test
  void eight_threads_sending_the_same_batch_store_each_interaction_once() throws Exception {
    TestWorkspace tw = newWorkspace();
    var batch = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 500; i++) {
      batch.add(
          interaction(
              "c-" + i,
              "person" + (i % 60) + "@firm" + (i % 60 % 7) + ".example",
              "2026-10-01T10:00:00Z"));
    }
    try (var pool = Executors.newFixedThreadPool(8)) {
      var futures = new ArrayList<Future<Api.Response>>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                (Callable<Api.Response>) () -> tw.admin().post("/api/interactions/batch", batch)));
      }
      int stored = 0;
      for (Future<Api.Response> f : futures) {
        Api.Response r = f.get();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("rejected").asInt()).isZero();
        stored += r.json().get("stored").asInt();
      }
      assertThat(stored).isEqualTo(500);
    }
    assertThat(rows(tw)).isEqualTo(500);
    assertThat(
            jdbc.sql("select count(*) from person where workspace_id = ?")
                .param(tw.workspace().id().value())
                .query(Long.class)
                .single())
        .isEqualTo(60);
  }

  @Test
  void a_malformed_item_is_rejected_with_pointers_and_writes_nothing_while_the_others_are_stored() {
    TestWorkspace tw = newWorkspace();
    var bad =
        new java.util.HashMap<String, Object>(interaction("b-2", "bad@acme.example", "not a time"));
    bad.put("department", "finance");
    bad.put("sentiment", "meh");
    Api.Response r =
        tw.admin()
            .post(
                "/api/interactions/batch",
                List.of(interaction("b-1", "good@acme.example", "2026-11-01T10:00:00Z"), bad));

    JsonNode items = r.json().get("items");
    assertThat(items.get(0).get("status").asString()).isEqualTo("stored");
    assertThat(items.get(1).get("status").asString()).isEqualTo("rejected");
    assertThat(items.get(1).get("errors").findValuesAsString("pointer"))
        .containsExactlyInAnyOrder("/1/occurredAt", "/1/department", "/1/sentiment");
    assertThat(rows(tw)).isEqualTo(1);
    assertThat(tw.admin().get("/api/people?email=bad@acme.example").json()).isEmpty();
  }

  @Test
  void every_field_of_a_batch_reads_back_as_sent_with_times_rounded_half_up_to_microseconds() {
    TestWorkspace tw = newWorkspace();
    var full =
        new java.util.HashMap<String, Object>(
            Map.of(
                "source",
                "crm",
                "externalId",
                "f-1",
                "person",
                Map.of("email", "full@acme.example"),
                "occurredAt",
                "2026-11-01T10:00:00.0000025+01:00",
                "department",
                "sales",
                "channel",
                "phone",
                "type",
                "call",
                "campaign",
                "2026-q4-call-days",
                "content",
                "demo-core",
                "sentiment",
                "negative"));
    full.put("attributes", Map.of("durationSeconds", 300, "path", "/pricing"));
    Api.Response batch =
        tw.admin()
            .post(
                "/api/interactions/batch",
                List.of(
                    full, interaction("f-2", "bare@acme.example", "2026-11-01T10:00:00.0000015Z")));
    assertThat(batch.json().get("stored").asInt()).as(batch.body()).isEqualTo(2);

    JsonNode first =
        tw.admin()
            .get("/api/interactions/" + batch.json().get("items").get(0).get("id").asLong())
            .json();
    assertThat(first.get("source").asString()).isEqualTo("crm");
    assertThat(first.get("externalId").asString()).isEqualTo("f-1");
    assertThat(first.get("occurredAt").asString()).isEqualTo("2026-11-01T09:00:00.000003Z");
    assertThat(first.get("department").asString()).isEqualTo("sales");
    assertThat(first.get("channel").asString()).isEqualTo("phone");
    assertThat(first.get("type").asString()).isEqualTo("call");
    assertThat(first.get("campaign").asString()).isEqualTo("2026-q4-call-days");
    assertThat(first.get("content").asString()).isEqualTo("demo-core");
    assertThat(first.get("sentiment").asString()).isEqualTo("negative");
    assertThat(first.get("attributes").get("durationSeconds").asInt()).isEqualTo(300);
    assertThat(first.get("attributes").get("path").asString()).isEqualTo("/pricing");

    JsonNode second =
        tw.admin()
            .get("/api/interactions/" + batch.json().get("items").get(1).get("id").asLong())
            .json();
    assertThat(second.get("occurredAt").asString()).isEqualTo("2026-11-01T10:00:00.000002Z");
    assertThat(second.get("department").asString()).isEqualTo("marketing");
    assertThat(second.has("channel")).isFalse();
    assertThat(second.has("campaign")).isFalse();
    assertThat(second.get("content").asString()).isEqualTo("whitepaper-f-2");
    assertThat(second.get("sentiment").asString()).isEqualTo("positive");
    assertThat(second.get("attributes").isEmpty()).isTrue();
  }

  @Test
  void
      a_new_person_another_ingest_is_creating_at_that_moment_is_waited_for_and_shared_instead_of_failing()
          throws Exception {
    WorkspaceId ws = newWorkspace().workspace().id();
    List<PersonRef> refs = List.of(PersonRef.byEmail("noor@brand-new-firm.example"));
    var firstCreated = new CountDownLatch(1);
    var firstMayCommit = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(2)) {
      Future<PersonId> first =
          pool.submit(() ->
              transaction.execute(status -> {
                PersonId created = found(identities.resolve(ws, refs));
                firstCreated.countDown();
                await(firstMayCommit);
                return created;
              }));
      assertThat(firstCreated.await(30, TimeUnit.SECONDS)).isTrue();
      Future<PersonId> second =
          pool.submit(() -> transaction.execute(status -> found(identities.resolve(ws, refs))));
      // The second cannot finish while the first holds the new company and person uncommitted...
      assertThat(waitsAtLeast(second, 500)).isTrue();
      firstMayCommit.countDown();
      // ...and once it committed, the second uses them rather than failing on the duplicate key.
      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(first.get(30, TimeUnit.SECONDS));
    }
    assertThat(
            jdbc.sql("select count(*) from person where workspace_id = ?")
                .param(ws.value())
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("select count(*) from company where workspace_id = ?")
                .param(ws.value())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  private static PersonId found(List<Resolution> resolutions) {
    return ((Resolution.Found) resolutions.getFirst()).person();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean waitsAtLeast(Future<?> future, long millis) throws Exception {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return false;
    } catch (TimeoutException stillWaiting) {
      return true;
    }
  }
}
