package nl.hengel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import nl.hengel.testing.Api;
import nl.hengel.testing.ServerProcess;
import nl.hengel.testing.ServerProcess.Environment;
import nl.hengel.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What an operator relies on when a process dies or is misconfigured: an acknowledged interaction
 * is never lost, a batch is never half-written, production never falls back to the embedded
 * database, and the embedded database says where it keeps its data. Hengel runs here as separate
 * processes ({@link ServerProcess}) on this JVM's test database: H2 files, or PostgreSQL.
 */
class DurabilityIntegrationTests {

  private static final String BATCH = "/api/interactions/batch";
  private static final int ITEMS_PER_BATCH = 200;
  private static final int SENDERS = 3;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 20;
  private static final Duration STREAM_DEADLINE = Duration.ofSeconds(60);
  private static final Duration CLI_DEADLINE = Duration.ofSeconds(60);
  private static final Instant OCCURRED = Instant.parse("2026-09-01T08:00:00Z");

  // Kept when a test fails: the servers' logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  /** What became of one batch sent to the server that is killed. */
  sealed interface Sent {

    int batch();

    /** Answered 200 with every item stored: the server promised these ids are committed. */
    record Acknowledged(int batch, List<Long> ids) implements Sent {}

    /** The connection failed, so the client cannot know whether the batch was committed. */
    record Unanswered(int batch, boolean startedBeforeKill, boolean failedAfterKill, String error)
        implements Sent {}

    /** An answer other than "all stored": the stream itself went wrong. */
    record Refused(int batch, int status, String body) implements Sent {}
  }

  @Test
  void an_acknowledged_interaction_survives_kill_9_of_the_server() throws Exception {
    Environment env = Environment.testDatabase(dir.resolve("data"));
    String slug = "durable-" + UUID.randomUUID().toString().substring(0, 8);
    ServerProcess.Result created =
        ServerProcess.run(
            env,
            dir,
            "workspace-create",
            CLI_DEADLINE,
            "workspace",
            "create",
            slug,
            "--name",
            "Durability " + slug,
            "--admin",
            "admin@" + slug + ".example");
    assertThat(created.exitCode()).as(created::toString).isZero();
    String token = created.lastLine();
    assertThat(token).as(created::toString).startsWith("hgl_");

    var sent = new ConcurrentHashMap<Integer, Sent>();
    var acknowledged = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
    var killed = new AtomicBoolean();
    var nextBatch = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try (ServerProcess first = ServerProcess.serve(env, dir.resolve("server-1.log"))) {
      Api api = new Api(first.port(), token);
      for (int s = 0; s < SENDERS; s++) {
        senders.submit(() -> sendUntilTheServerIsGone(api, nextBatch, killed, sent, acknowledged));
      }
      boolean enough = acknowledged.await(STREAM_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(enough)
          .as(() ->
              ACKNOWLEDGED_BEFORE_KILL
                  + " batches acknowledged within "
                  + STREAM_DEADLINE
                  + "; sent: "
                  + summary(sent)
                  + "\nserver output:\n"
                  + ServerProcess.excerpt(first.output()))
          .isTrue();
      // Every request from here on finds the server gone or being killed; the senders still
      // have requests in flight, since they send back to back.
      killed.set(true);
      assertThat(first.kill9())
          .as("exit value of a JVM ended by SIGKILL")
          .isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
    } finally {
      killed.set(true);
      senders.shutdown(); // each sender ends at its first failed request, which the gone server
      // ensures
    }
    assertThat(senders.awaitTermination(30, TimeUnit.SECONDS))
        .as("senders ended after the kill")
        .isTrue();

    List<Sent.Acknowledged> acks = all(sent, Sent.Acknowledged.class);
    List<Sent.Unanswered> unanswered = all(sent, Sent.Unanswered.class);
    assertThat(all(sent, Sent.Refused.class)).as("batches the running server refused").isEmpty();
    assertThat(unanswered)
        .as("requests that failed while the server was still running")
        .allMatch(Sent.Unanswered::failedAfterKill);
    assertThat(unanswered)
        .as(
            "requests in flight when the server was killed, failing on the connection: "
                + summary(sent))
        .anyMatch(Sent.Unanswered::startedBeforeKill);
    assertThat(acks).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    try (ServerProcess second = ServerProcess.serve(env, dir.resolve("server-2.log"))) {
      Api api = new Api(second.port(), token);

      // Sending an acknowledged batch again must find every item stored, under the acknowledged id.
      var lost = new ArrayList<String>();
      for (Sent.Acknowledged ack : acks) {
        Api.Response again = api.post(BATCH, batch(ack.batch()));
        assertThat(again.status()).as(again::toString).isEqualTo(200);
        JsonNode items = again.json().get("items");
        var missing = new ArrayList<String>();
        for (int i = 0; i < ITEMS_PER_BATCH; i++) {
          JsonNode item = items.get(i);
          if (!item.get("status").asString().equals("duplicate")
              || item.get("id").asLong() != ack.ids().get(i)) {
            missing.add("item " + i + " acknowledged as id " + ack.ids().get(i) + ", now " + item);
          }
        }
        if (!missing.isEmpty()) {
          lost.add(
              "batch "
                  + ack.batch()
                  + ": "
                  + missing.size()
                  + " of "
                  + ITEMS_PER_BATCH
                  + " items, first "
                  + missing.getFirst());
        }
      }
      assertThat(lost).as("acknowledged interactions missing after kill -9").isEmpty();
      for (Sent.Acknowledged ack : acks) {
        for (int i : new int[] {0, ITEMS_PER_BATCH - 1}) {
          Api.Response read = api.get("/api/interactions/" + ack.ids().get(i));
          assertThat(read.status()).as(read::toString).isEqualTo(200);
          assertThat(read.json().get("externalId").asString())
              .isEqualTo(externalId(ack.batch(), i));
        }
      }

      // A batch whose answer never came is in the database whole or not at all.
      var halfWritten = new ArrayList<String>();
      int committed = 0;
      int inFlight = 0;
      for (Sent.Unanswered u : unanswered) {
        Api.Response again = api.post(BATCH, batch(u.batch()));
        assertThat(again.status()).as(again::toString).isEqualTo(200);
        Map<String, Long> statuses =
            new TreeMap<>(
                again
                    .json()
                    .get("items")
                    .valueStream()
                    .collect(
                        Collectors.groupingBy(
                            item -> item.get("status").asString(), Collectors.counting())));
        if (statuses.equals(Map.of("duplicate", (long) ITEMS_PER_BATCH))) {
          committed++;
        } else if (!statuses.equals(Map.of("stored", (long) ITEMS_PER_BATCH))) {
          halfWritten.add("batch " + u.batch() + ": " + statuses);
        }
        inFlight += u.startedBeforeKill() ? 1 : 0;
      }
      assertThat(halfWritten).as("batches partly present after kill -9").isEmpty();
      System.out.printf(
          "[%s] kill -9 after %d acknowledged batches of %d; %d unanswered (%d in flight at the kill), "
              + "of which %d had been committed before the kill%n",
          TestDatabase.kind(),
          acks.size(),
          ITEMS_PER_BATCH,
          unanswered.size(),
          inFlight,
          committed);
    }
  }

  @Test
  void every_accepted_interaction_is_scored_even_when_the_server_dies_before_scoring_it() {
    // Its own database: the test JVM's cached server would otherwise score the queued people.
    Environment env = Environment.ownDatabase(dir.resolve("scoring-data"));
    String slug = "scored-" + UUID.randomUUID().toString().substring(0, 8);
    ServerProcess.Result created =
        ServerProcess.run(
            env,
            dir,
            "scoring-workspace",
            CLI_DEADLINE,
            "workspace",
            "create",
            slug,
            "--name",
            "Scoring " + slug,
            "--admin",
            "admin@" + slug + ".example");
    assertThat(created.exitCode()).as(created::toString).isZero();
    String token = created.lastLine();
    var people = new java.util.ArrayList<Long>();
    // The first server's scorer polls once an hour: whatever it accepts stays queued until the
    // kill.
    try (ServerProcess first =
        ServerProcess.serve(
            env.with("HENGEL_SCORING_POLL_MILLIS", "3600000"), dir.resolve("scoring-1.log"))) {
      Api admin = new Api(first.port(), token);
      Api anna = member(admin, "anna@" + slug + ".example", "marketing");
      Api bram = member(admin, "bram@" + slug + ".example", "sales");
      String yaml =
          nl.hengel.testing.DefinitionTexts.example()
              .replace("anna@acme.example", "anna@" + slug + ".example")
              .replace("bram@acme.example", "bram@" + slug + ".example");
      assertThat(anna.send("/api/definitions", "POST", "application/yaml", yaml).status())
          .isEqualTo(201);
      assertThat(anna.post("/api/definitions/1/approve", "").status()).isEqualTo(200);
      assertThat(bram.post("/api/definitions/1/approve", "").status()).isEqualTo(200);
      assertThat(anna.post("/api/definitions/1/activate", "").status()).isEqualTo(202);
      await()
          .atMost(STREAM_DEADLINE)
          .until(() ->
              admin.get("/api/definitions/1").json().get("status").asString().equals("active"));

      var batch = new java.util.ArrayList<Map<String, Object>>();
      for (int p = 0; p < 25; p++) {
        for (String content : List.of("guide-a", "guide-b")) {
          batch.add(
              Map.of(
                  "source",
                  "web",
                  "externalId",
                  "s" + p + content,
                  "person",
                  Map.of("email", "p" + p + "@scored.example"),
                  "occurredAt",
                  OCCURRED.plusSeconds(p).toString(),
                  "department",
                  "marketing",
                  "type",
                  "content_download",
                  "content",
                  content));
        }
      }
      Api.Response stored = admin.post(BATCH, batch);
      assertThat(stored.json().get("stored").asInt()).as(stored::toString).isEqualTo(50);
      stored.json().get("items").forEach(item -> people.add(item.get("personId").asLong()));
      assertThat(admin.get("/api/people/" + people.getFirst() + "/score").status())
          .as("not scored before the kill")
          .isEqualTo(404);
      assertThat(first.kill9()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
    }
    try (ServerProcess second = ServerProcess.serve(env, dir.resolve("scoring-2.log"))) {
      Api admin = new Api(second.port(), token);
      await()
          .atMost(STREAM_DEADLINE)
          .untilAsserted(() -> {
            for (long person : people.stream().distinct().toList()) {
              Api.Response score = admin.get("/api/people/" + person + "/score");
              assertThat(score.status()).as("person %d: %s", person, score).isEqualTo(200);
              assertThat(score.json().get("touches").asInt()).isEqualTo(2);
              assertThat(score.json().get("pending").asBoolean()).isFalse();
            }
          });
    }
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
            .post("/api/tokens", Map.of("name", "durability", "userId", id))
            .json()
            .get("token")
            .asString());
  }

  @Test
  void the_prod_profile_without_a_database_refuses_to_start_with_a_clear_message() {
    Path dataDir = dir.resolve("data");
    Environment noDatabase = Environment.embedded(dataDir);

    ServerProcess.Result unset =
        ServerProcess.run(
            noDatabase,
            dir,
            "prod-without-database",
            CLI_DEADLINE,
            "serve",
            "--port",
            "0",
            "--profile",
            "prod");
    assertThat(unset.exitCode()).as(unset::toString).isNotZero();
    assertThat(unset.output())
        .contains("APPLICATION FAILED TO START")
        .contains("'prod' profile but no database is configured (HENGEL_DB_URL is not set)")
        .contains("Production never falls back to the embedded H2 database")
        .contains("Set HENGEL_DB_URL")
        .as("a short report, not a stack trace")
        .doesNotContain("\tat org.springframework");

    String h2Url = "jdbc:h2:file:" + dataDir.resolve("hengel");
    ServerProcess.Result h2 =
        ServerProcess.run(
            noDatabase.with("HENGEL_DB_URL", h2Url),
            dir,
            "prod-on-h2",
            CLI_DEADLINE,
            "serve",
            "--port",
            "0",
            "--profile",
            "prod");
    assertThat(h2.exitCode()).as(h2::toString).isNotZero();
    assertThat(h2.output())
        .contains("HENGEL_DB_URL points at an embedded H2 database (" + h2Url + ")")
        .contains("Production needs PostgreSQL");

    assertThat(dataDir).as("no embedded database was created as a fallback").doesNotExist();
  }

  @Test
  void the_embedded_database_says_where_its_data_lives() {
    Path dataDir = dir.resolve("trial-data").toAbsolutePath();
    try (ServerProcess server =
        ServerProcess.serve(Environment.embedded(dataDir), dir.resolve("embedded.log"))) {
      // Logged once the application has started, which may be just after health first answers.
      await("the embedded database notice")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> server.output().contains("EMBEDDED H2 DATABASE"));

      List<String> notices =
          server.output().lines().filter(line -> line.contains("EMBEDDED H2 DATABASE")).toList();
      assertThat(notices)
          .singleElement()
          .asString()
          .contains(dataDir.toString())
          .contains("for trying Hengel out")
          .contains("HENGEL_DB_URL");
      assertThat(dataDir.resolve("hengel.mv.db"))
          .as("the data is where the notice says")
          .isRegularFile();
    }
  }

  /** Sends batch after batch until a request fails, recording what became of each. */
  private static void sendUntilTheServerIsGone(
      Api api,
      AtomicInteger nextBatch,
      AtomicBoolean killed,
      Map<Integer, Sent> sent,
      CountDownLatch acknowledged) {
    while (true) {
      int b = nextBatch.getAndIncrement();
      boolean startedBeforeKill = !killed.get();
      try {
        Api.Response answer = api.post(BATCH, batch(b));
        if (answer.status() != 200 || answer.json().get("stored").asInt() != ITEMS_PER_BATCH) {
          sent.put(b, new Sent.Refused(b, answer.status(), answer.body()));
          return;
        }
        sent.put(
            b,
            new Sent.Acknowledged(
                b,
                answer.json().get("items").valueStream().map(i -> i.get("id").asLong()).toList()));
        acknowledged.countDown();
      } catch (UncheckedIOException e) {
        sent.put(
            b,
            new Sent.Unanswered(b, startedBeforeKill, killed.get(), String.valueOf(e.getCause())));
        return;
      }
    }
  }

  /**
   * Batch {@code b}: items with keys of their own, for people of whom later batches see some again.
   */
  private static List<Map<String, Object>> batch(int b) {
    var items = new ArrayList<Map<String, Object>>(ITEMS_PER_BATCH);
    for (int i = 0; i < ITEMS_PER_BATCH; i++) {
      int n = b * ITEMS_PER_BATCH + i;
      int person = n % 1500;
      items.add(
          Map.of(
              "source",
              "durability",
              "externalId",
              externalId(b, i),
              "person",
              Map.of("email", "p" + person + "@firm" + person % 40 + ".example"),
              "occurredAt",
              OCCURRED.plusSeconds(n).toString(),
              "department",
              "marketing",
              "channel",
              "web",
              "type",
              "page_view",
              "content",
              "pricing"));
    }
    return items;
  }

  private static String externalId(int batch, int item) {
    return "b" + batch + "-i" + item;
  }

  private static <T extends Sent> List<T> all(Map<Integer, Sent> sent, Class<T> kind) {
    return sent.values().stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .sorted((x, y) -> Integer.compare(x.batch(), y.batch()))
        .toList();
  }

  private static String summary(Map<Integer, Sent> sent) {
    return new TreeMap<>(sent)
        .values().stream()
            .map(s ->
                switch (s) {
                  case Sent.Acknowledged a -> a.batch() + ":ack";
                  case Sent.Unanswered u ->
                      u.batch()
                          + ":unanswered("
                          + (u.startedBeforeKill() ? "in flight" : "after kill")
                          + ", "
                          + u.error()
                          + ")";
                  case Sent.Refused r ->
                      r.batch() + ":refused(" + r.status() + " " + r.body() + ")";
                })
            .collect(Collectors.joining(", ", "[", "]"));
  }
}
