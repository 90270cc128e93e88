package nl.hengel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.hengel.testing.Api;
import nl.hengel.testing.DefinitionTexts;
import nl.hengel.testing.Receiver;
import nl.hengel.testing.ServerProcess;
import nl.hengel.testing.ServerProcess.Environment;
import nl.hengel.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox across a crash: an event committed by a server that never sent it (sending switched
 * off, then {@code kill -9}) is sent by the next server on the same database, once. Hengel runs
 * here as separate processes ({@link ServerProcess}): on H2 files, or on a PostgreSQL database of
 * this test's own, so that no other server of the test JVM sends the message first.
 */
class WebhookRestartIntegrationTests {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  // Kept when a test fails: the servers' logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void an_event_committed_before_kill_9_is_sent_once_by_the_restarted_server() throws Exception {
    String database = "hengel_webhook_restart_" + UUID.randomUUID().toString().substring(0, 8);
    Environment env = environment(database);
    String slug = "hooks-" + UUID.randomUUID().toString().substring(0, 8);
    try (Receiver receiver = new Receiver()) {
      ServerProcess.Result created =
          ServerProcess.run(
              env,
              dir,
              "workspace-create",
              DEADLINE,
              "workspace",
              "create",
              slug,
              "--name",
              "Webhooks " + slug,
              "--admin",
              "admin@" + slug + ".example");
      assertThat(created.exitCode()).as(created::toString).isZero();
      String token = created.lastLine();
      String secret;
      long webhook;

      try (ServerProcess first =
          ServerProcess.serve(
              env.with("HENGEL_WEBHOOKS_ENABLED", "false"), dir.resolve("server-1.log"))) {
        Api admin = new Api(first.port(), token);
        Api.Response subscribed =
            admin.post(
                "/api/webhooks",
                Map.of(
                    "url",
                    receiver.url("/restart"),
                    "eventTypes",
                    List.of("definition.activated")));
        assertThat(subscribed.status()).as(subscribed::toString).isEqualTo(201);
        secret = subscribed.json().get("secret").asString();
        webhook = subscribed.json().get("id").asLong();
        Api anna = member(admin, "anna@" + slug + ".example", "marketing");
        Api bram = member(admin, "bram@" + slug + ".example", "sales");
        String yaml =
            DefinitionTexts.example()
                .replace("anna@acme.example", "anna@" + slug + ".example")
                .replace("bram@acme.example", "bram@" + slug + ".example");
        assertThat(anna.send("/api/definitions", "POST", "application/yaml", yaml).status())
            .isEqualTo(201);
        assertThat(anna.post("/api/definitions/1/approve", "").status()).isEqualTo(200);
        assertThat(bram.post("/api/definitions/1/approve", "").status()).isEqualTo(200);
        assertThat(anna.post("/api/definitions/1/activate", "").status()).isEqualTo(202);
        await()
            .atMost(DEADLINE)
            .until(() ->
                admin.get("/api/definitions/1").json().get("status").asString().equals("active"));
        JsonNode waiting = admin.get("/api/webhooks/" + webhook + "/deliveries").json();
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("status").asString()).isEqualTo("pending");
        assertThat(waiting.get(0).get("attempts").asInt()).isZero();
        assertThat(first.kill9()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
      }
      assertThat(receiver.all()).as("nothing sent by the server that was killed").isEmpty();

      try (ServerProcess second = ServerProcess.serve(env, dir.resolve("server-2.log"))) {
        Api admin = new Api(second.port(), token);
        await().atMost(DEADLINE).until(() -> !receiver.at("/restart").isEmpty());
        await()
            .atMost(DEADLINE)
            .until(() ->
                admin
                    .get("/api/webhooks/" + webhook + "/deliveries")
                    .json()
                    .get(0)
                    .get("status")
                    .asString()
                    .equals("delivered"));
        // Whatever else arrives is the same message: a receiver de-duplicates on webhook-id.
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(15))
            .until(() -> receiver.at("/restart").size() == 1);
        Receiver.Received message = receiver.at("/restart").getFirst();
        assertThat(message.isSignedWith(secret)).isTrue();
        JsonNode payload = JSON.readTree(message.body());
        assertThat(payload.get("type").asString()).isEqualTo("definition.activated");
        assertThat(payload.get("data").get("number").asInt()).isEqualTo(1);
        assertThat(
                admin
                    .get("/api/webhooks/" + webhook + "/deliveries")
                    .json()
                    .get(0)
                    .get("messageId")
                    .asString())
            .isEqualTo(message.id());
      }
    } finally {
      dropDatabase(database);
    }
  }

  /**
   * H2 files under the test's directory, or a new PostgreSQL database on the test server: the test
   * JVM's own server (its sender included) must not share it.
   */
  private Environment environment(String database) throws SQLException {
    if (!TestDatabase.isPostgres()) {
      return Environment.testDatabase(dir.resolve("data"));
    }
    TestDatabase.Connection c = TestDatabase.connection();
    try (var connection = DriverManager.getConnection(c.url(), c.user(), c.password());
        var statement = connection.createStatement()) {
      statement.execute("create database " + database);
    }
    return new Environment(
        Map.of(
            "HENGEL_DB_URL",
            withDatabase(c.url(), database),
            "HENGEL_DB_USER",
            c.user(),
            "HENGEL_DB_PASSWORD",
            c.password()));
  }

  private static void dropDatabase(String database) throws SQLException {
    if (!TestDatabase.isPostgres()) {
      return;
    }
    TestDatabase.Connection c = TestDatabase.connection();
    try (var connection = DriverManager.getConnection(c.url(), c.user(), c.password());
        var statement = connection.createStatement()) {
      statement.execute("drop database if exists " + database + " with (force)");
    }
  }

  /** {@code jdbc:postgresql://host:port/name?options} with another database name. */
  static String withDatabase(String url, String database) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String options = query < 0 ? "" : url.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + database + options;
  }

  private static Api member(Api admin, String email, String role) {
    long id =
        admin
            .post("/api/users", Map.of("email", email, "roles", List.of(role)))
            .json()
            .get("id")
            .asLong();
    return admin.withToken(
        admin
            .post("/api/tokens", Map.of("name", "webhooks", "userId", id))
            .json()
            .get("token")
            .asString());
  }
}
