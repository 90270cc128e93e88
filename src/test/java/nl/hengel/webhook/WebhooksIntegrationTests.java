package nl.hengel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.testing.Api;
import nl.hengel.testing.DefinitionTexts;
import nl.hengel.testing.IntegrationTestSupport;
import nl.hengel.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhooksIntegrationTests extends IntegrationTestSupport {

  /** Long enough for the sender (polling every second) to have sent anything that was due. */
  private static final Duration QUIET = Duration.ofMillis(2500);

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcClient jdbc;
  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;

  final Receiver receiver = new Receiver();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  // ---------------------------------------------------------------- helpers

  static String path() {
    return "/hook/" + UUID.randomUUID();
  }

  static JsonNode subscribe(Api admin, String url, String... types) {
    Api.Response created =
        admin.post("/api/webhooks", Map.of("url", url, "eventTypes", List.of(types)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  /** Uploads the example definition, has its two owners approve it, activates it. */
  void activateExampleDefinition(TestWorkspace tw) {
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    assertThat(
            anna.send("/api/definitions", "POST", "application/yaml", DefinitionTexts.example())
                .status())
        .isEqualTo(201);
    assertThat(anna.post("/api/definitions/1/approve", "").status()).isEqualTo(200);
    assertThat(bram.post("/api/definitions/1/approve", "").status()).isEqualTo(200);
    Api.Response started = anna.post("/api/definitions/1/activate", "");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    await()
        .atMost(DEADLINE)
        .until(() ->
            tw.admin().get("/api/definitions/1").json().get("status").asString().equals("active"));
  }

  void append(WorkspaceId ws, String type, Map<String, Object> data) {
    transactions.executeWithoutResult(status -> outbox.append(ws, type, data));
  }

  static JsonNode onlyDelivery(Api api, long webhookId) {
    JsonNode list = api.get("/api/webhooks/" + webhookId + "/deliveries").json();
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  static void awaitAttempts(Api api, long webhookId, int attempts) {
    await()
        .atMost(DEADLINE)
        .until(() -> onlyDelivery(api, webhookId).get("attempts").asInt() == attempts);
  }

  void awaitReceived(String path, int count) {
    await().atMost(DEADLINE).until(() -> receiver.at(path).size() >= count);
    assertThat(receiver.at(path)).hasSize(count);
  }

  /** Waits a while and asserts that the count stayed as it is the whole time. */
  static void staysAt(Supplier<Integer> count, int expected) {
    await().during(QUIET).atMost(QUIET.plusSeconds(10)).until(() -> count.get() == expected);
  }

  /** A whole second a little ahead of the clock, so that stored instants compare exactly. */
  Instant startOfASecond() {
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    clock.set(t0);
    return t0;
  }

  long rows(String table, TestWorkspace tw) {
    return jdbc.sql("select count(*) from " + table + " where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  // ---------------------------------------------------------------- delivery

  @Test
  void
      a_subscriber_gets_definition_activated_once_signed_and_no_other_type_or_workspace_leaks_in() {
    TestWorkspace a = newWorkspace();
    TestWorkspace b = newWorkspace();
    String activatedA = path();
    String mqlA = path();
    String activatedB = path();
    String secretA =
        subscribe(a.admin(), receiver.url(activatedA), "definition.activated")
            .get("secret")
            .asString();
    long webhookA = a.admin().get("/api/webhooks").json().get(0).get("id").asLong();
    subscribe(a.admin(), receiver.url(mqlA), "lead.mql");
    String secretB =
        subscribe(b.admin(), receiver.url(activatedB), "definition.activated")
            .get("secret")
            .asString();

    activateExampleDefinition(a);

    awaitReceived(activatedA, 1);
    Receiver.Received message = receiver.at(activatedA).getFirst();
    assertThat(message.isSignedWith(secretA)).as("signed with A's secret").isTrue();
    assertThat(message.isSignedWith(secretB)).as("not with B's").isFalse();
    assertThat(message.headers().get("content-type")).startsWith("application/json");
    assertThat(message.id()).matches("msg_\\d+");
    assertThat(message.timestamp()).isEqualTo(clock.instant().getEpochSecond());
    JsonNode payload = JSON.readTree(message.body());
    assertThat(payload.get("type").asString()).isEqualTo("definition.activated");
    assertThat(Instant.parse(payload.get("timestamp").asString())).isNotNull();
    JsonNode data = payload.get("data");
    assertThat(data.get("number").asInt()).isEqualTo(1);
    assertThat(data.get("name").asString()).isEqualTo("Acme NL lead definition");
    assertThat(data.get("versionId").asLong())
        .isEqualTo(
            jdbc.sql("select id from definition_version where workspace_id = ? and number = 1")
                .param(a.workspace().id().value())
                .query(Long.class)
                .single());
    await()
        .atMost(DEADLINE)
        .until(
            () -> onlyDelivery(a.admin(), webhookA).get("status").asString().equals("delivered"));
    JsonNode delivery = onlyDelivery(a.admin(), webhookA);
    assertThat(delivery.get("messageId").asString()).isEqualTo(message.id());
    assertThat(delivery.get("eventType").asString()).isEqualTo("definition.activated");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
    assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(204);

    activateExampleDefinition(b);

    awaitReceived(activatedB, 1);
    assertThat(receiver.at(activatedB).getFirst().isSignedWith(secretB)).isTrue();
    assertThat(receiver.at(activatedB).getFirst().id()).isNotEqualTo(message.id());
    staysAt(() -> receiver.at(activatedA).size(), 1);
    assertThat(receiver.at(mqlA)).as("subscribed to another type only").isEmpty();
  }

  @Test
  void a_receiver_failing_three_times_gets_the_same_message_again_after_30_60_and_120_seconds() {
    TestWorkspace tw = newWorkspace();
    String hook = path();
    receiver.answer(hook, 500, 500, 500, 200);
    JsonNode created = subscribe(tw.admin(), receiver.url(hook), "lead.mql");
    String secret = created.get("secret").asString();
    long webhook = created.get("id").asLong();
    Instant t0 = startOfASecond();

    append(tw.workspace().id(), "lead.mql", Map.of("personId", 42));

    awaitReceived(hook, 1);
    awaitAttempts(tw.admin(), webhook, 1);
    JsonNode first = onlyDelivery(tw.admin(), webhook);
    assertThat(first.get("status").asString()).isEqualTo("pending");
    assertThat(first.get("lastStatusCode").asInt()).isEqualTo(500);
    assertThat(first.get("lastError").asString()).contains("HTTP 500").contains("receiver says no");
    assertThat(Instant.parse(first.get("nextAttemptAt").asString())).isEqualTo(t0.plusSeconds(30));
    Api.Response early =
        tw.admin().post("/api/webhooks/deliveries/" + first.get("id").asLong() + "/redeliver", "");
    assertThat(early.status()).as("a pending delivery is going out anyway").isEqualTo(409);

    int attempt = 1;
    for (int wait : new int[] {30, 60, 120}) {
      clock.advance(Duration.ofSeconds(wait - 1));
      staysAt(() -> receiver.at(hook).size(), attempt);
      clock.advance(Duration.ofSeconds(1));
      attempt++;
      awaitReceived(hook, attempt);
      awaitAttempts(tw.admin(), webhook, attempt);
    }

    JsonNode last = onlyDelivery(tw.admin(), webhook);
    assertThat(last.get("status").asString()).isEqualTo("delivered");
    assertThat(last.get("attempts").asInt()).isEqualTo(4);
    assertThat(last.get("lastStatusCode").asInt()).isEqualTo(200);
    assertThat(last.has("nextAttemptAt")).isFalse();
    List<Receiver.Received> got = receiver.at(hook);
    assertThat(got).extracting(Receiver.Received::id).containsOnly(got.getFirst().id());
    assertThat(got).extracting(Receiver.Received::body).containsOnly(got.getFirst().body());
    assertThat(got).allMatch(r -> r.isSignedWith(secret));
    assertThat(got)
        .extracting(Receiver.Received::timestamp)
        .containsExactly(
            t0.getEpochSecond(),
            t0.getEpochSecond() + 30,
            t0.getEpochSecond() + 90,
            t0.getEpochSecond() + 210);
    assertThat(JSON.readTree(got.getFirst().body()).get("data").get("personId").asInt())
        .isEqualTo(42);
  }

  @Test
  void an_always_failing_delivery_is_dead_after_max_attempts_and_a_redelivery_sends_the_same_id() {
    TestWorkspace tw = newWorkspace();
    Api sales = as(tw, "sales@" + tw.workspace().slug() + ".example", Role.SALES);
    String hook = path();
    receiver.answerAlways(hook, 503);
    JsonNode created = subscribe(tw.admin(), receiver.url(hook), "lead.won");
    long webhook = created.get("id").asLong();

    append(tw.workspace().id(), "lead.won", Map.of("personId", 7));

    for (int attempt = 1; attempt <= 8; attempt++) {
      awaitReceived(hook, attempt);
      awaitAttempts(tw.admin(), webhook, attempt);
      // The longest wait (6 h) is always enough for the next attempt to be due.
      clock.advance(Duration.ofHours(6));
    }
    JsonNode dead = onlyDelivery(tw.admin(), webhook);
    assertThat(dead.get("status").asString()).isEqualTo("dead");
    assertThat(dead.get("attempts").asInt()).isEqualTo(8);
    assertThat(dead.get("lastStatusCode").asInt()).isEqualTo(503);
    assertThat(dead.has("nextAttemptAt")).isFalse();
    assertThat(tw.admin().get("/api/webhooks/" + webhook + "/deliveries?status=dead").json())
        .hasSize(1);
    assertThat(tw.admin().get("/api/webhooks/" + webhook + "/deliveries?status=pending").json())
        .isEmpty();
    clock.advance(Duration.ofDays(1));
    staysAt(() -> receiver.at(hook).size(), 8);

    long deliveryId = dead.get("id").asLong();
    Api.Response refused = sales.post("/api/webhooks/deliveries/" + deliveryId + "/redeliver", "");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    assertThat(sales.get("/api/webhooks/" + webhook + "/deliveries").status())
        .as("any member reads deliveries")
        .isEqualTo(200);
    receiver.answerAlways(hook, 200);
    Api.Response again =
        tw.admin().post("/api/webhooks/deliveries/" + deliveryId + "/redeliver", "");
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().get("status").asString()).isEqualTo("pending");

    awaitReceived(hook, 9);
    await()
        .atMost(DEADLINE)
        .until(
            () -> onlyDelivery(tw.admin(), webhook).get("status").asString().equals("delivered"));
    assertThat(onlyDelivery(tw.admin(), webhook).get("attempts").asInt()).isEqualTo(1);
    List<Receiver.Received> got = receiver.at(hook);
    assertThat(got).extracting(Receiver.Received::id).containsOnly(got.getFirst().id());
    assertThat(got.getLast().isSignedWith(created.get("secret").asString())).isTrue();

    Api.Response onceMore =
        tw.admin().post("/api/webhooks/deliveries/" + deliveryId + "/redeliver", "");
    assertThat(onceMore.status()).as("a delivered one may be sent again too").isEqualTo(200);
    awaitReceived(hook, 10);
    assertThat(receiver.at(hook).getLast().id()).isEqualTo(got.getFirst().id());
  }

  // ---------------------------------------------------------------- the outbox

  @Test
  void an_event_nobody_subscribed_to_stores_nothing_and_the_outbox_needs_the_callers_transaction() {
    TestWorkspace tw = newWorkspace();
    String hook = path();
    subscribe(tw.admin(), receiver.url(hook), "lead.mql");

    append(tw.workspace().id(), "lead.lost", Map.of("personId", 1));

    assertThat(rows("webhook_event", tw)).isZero();
    assertThat(rows("webhook_delivery", tw)).isZero();
    assertThatThrownBy(() -> outbox.append(tw.workspace().id(), "lead.mql", Map.of()))
        .isInstanceOf(IllegalTransactionStateException.class);
    assertThatThrownBy(() -> append(tw.workspace().id(), "lead.unheard_of", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(rows("webhook_event", tw)).isZero();
    staysAt(() -> receiver.at(hook).size(), 0);
  }

  @Test
  void an_event_whose_transaction_rolls_back_is_never_sent() {
    TestWorkspace tw = newWorkspace();
    String hook = path();
    subscribe(tw.admin(), receiver.url(hook), "lead.mql");

    assertThatThrownBy(() ->
            transactions.executeWithoutResult(status -> {
              outbox.append(tw.workspace().id(), "lead.mql", Map.of("personId", 1));
              throw new IllegalStateException("the change failed");
            }))
        .hasMessage("the change failed");

    assertThat(rows("webhook_event", tw)).isZero();
    assertThat(rows("webhook_delivery", tw)).isZero();
    staysAt(() -> receiver.at(hook).size(), 0);
  }

  // ---------------------------------------------------------------- subscriptions

  @Test
  void a_bad_url_and_an_unknown_event_type_are_refused_with_pointers_and_nothing_is_stored() {
    TestWorkspace tw = newWorkspace();

    Api.Response refused =
        tw.admin()
            .post(
                "/api/webhooks",
                Map.of(
                    "url",
                    "ftp://example.com/hook",
                    "eventTypes",
                    List.of("lead.mql", "lead.exploded")));
    Api.Response relative =
        tw.admin().post("/api/webhooks", Map.of("url", "/hook", "eventTypes", List.of()));
    Api.Response notAUrl =
        tw.admin()
            .post(
                "/api/webhooks",
                Map.of("url", "http://exa mple.com", "eventTypes", List.of("lead.mql")));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:webhook.invalid-subscription");
    assertThat(refused.json().get("errors").findValuesAsString("pointer"))
        .containsExactly("/url", "/eventTypes/1");
    assertThat(refused.json().get("errors").get(1).get("message").asString())
        .contains("lead.exploded")
        .contains("definition.activated");
    assertThat(relative.json().get("errors").findValuesAsString("pointer"))
        .containsExactly("/url", "/eventTypes");
    assertThat(notAUrl.status()).isEqualTo(422);
    assertThat(notAUrl.json().get("errors").findValuesAsString("pointer")).containsExactly("/url");
    assertThat(rows("webhook_subscription", tw)).isZero();
    assertThat(rows("webhook_subscription_type", tw)).isZero();
    assertThat(tw.admin().get("/api/webhooks").json()).isEmpty();
  }

  @Test
  void only_an_admin_subscribes_and_the_secret_is_in_the_creation_answer_only() {
    TestWorkspace tw = newWorkspace();
    Api marketing = as(tw, "m@" + tw.workspace().slug() + ".example", Role.MARKETING);

    Api.Response forbidden =
        marketing.post(
            "/api/webhooks",
            Map.of("url", "https://crm.example/hook", "eventTypes", List.of("lead.mql")));
    Api.Response created =
        tw.admin()
            .post(
                "/api/webhooks",
                Map.of(
                    "url",
                    "https://crm.example/hook",
                    "eventTypes",
                    List.of("lead.mql", "lead.won", "lead.mql"),
                    "description",
                    "CRM"));

    assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
    assertThat(forbidden.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:access.forbidden");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String secret = created.json().get("secret").asString();
    assertThat(secret).startsWith("whsec_");
    assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    long id = created.json().get("id").asLong();
    assertThat(created.json().get("eventTypes").valueStream().map(JsonNode::asString))
        .containsExactly("lead.mql", "lead.won");
    assertThat(created.json().get("active").asBoolean()).isTrue();

    Api.Response list = marketing.get("/api/webhooks");
    Api.Response one = marketing.get("/api/webhooks/" + id);
    assertThat(list.status()).isEqualTo(200);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("url").asString()).isEqualTo("https://crm.example/hook");
    assertThat(one.json().get("description").asString()).isEqualTo("CRM");
    assertThat(list.body()).doesNotContain(secret).doesNotContain("secret");
    assertThat(one.body()).doesNotContain(secret).doesNotContain("secret");
    assertThat(marketing.delete("/api/webhooks/" + id).status()).isEqualTo(403);
    assertThat(rows("webhook_subscription", tw)).isEqualTo(1);
  }

  @Test
  void a_workspace_never_sees_another_workspaces_webhooks_or_deliveries() {
    TestWorkspace a = newWorkspace();
    TestWorkspace b = newWorkspace();
    String hook = path();
    long webhook = subscribe(a.admin(), receiver.url(hook), "lead.mql").get("id").asLong();
    append(a.workspace().id(), "lead.mql", Map.of("personId", 3));
    awaitReceived(hook, 1);
    await()
        .atMost(DEADLINE)
        .until(() -> onlyDelivery(a.admin(), webhook).get("status").asString().equals("delivered"));
    long delivery = onlyDelivery(a.admin(), webhook).get("id").asLong();

    assertThat(b.admin().get("/api/webhooks").json()).isEmpty();
    assertThat(b.admin().get("/api/webhooks/" + webhook).status()).isEqualTo(404);
    assertThat(b.admin().get("/api/webhooks/" + webhook + "/deliveries").status()).isEqualTo(404);
    assertThat(b.admin().post("/api/webhooks/deliveries/" + delivery + "/redeliver", "").status())
        .isEqualTo(404);
    assertThat(b.admin().delete("/api/webhooks/" + webhook).status()).isEqualTo(404);
    assertThat(a.admin().get("/api/webhooks/" + webhook).status()).isEqualTo(200);
    append(b.workspace().id(), "lead.mql", Map.of("personId", 4));
    staysAt(() -> receiver.at(hook).size(), 1);

    Api.Response badStatus = a.admin().get("/api/webhooks/" + webhook + "/deliveries?status=lost");
    assertThat(badStatus.status()).as(badStatus.toString()).isEqualTo(400);
    assertThat(badStatus.json().get("errors").get(0).get("pointer").asString()).isEqualTo("status");

    assertThat(a.admin().delete("/api/webhooks/" + webhook).status()).isEqualTo(204);
    assertThat(a.admin().get("/api/webhooks/" + webhook).status()).isEqualTo(404);
    assertThat(rows("webhook_delivery", a)).isZero();
    append(a.workspace().id(), "lead.mql", Map.of("personId", 5));
    staysAt(() -> receiver.at(hook).size(), 1);
  }
}
