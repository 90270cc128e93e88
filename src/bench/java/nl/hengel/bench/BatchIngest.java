package nl.hengel.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends prepared batch bodies through {@code POST /api/interactions/batch} from a few concurrent
 * clients, each taking the next batch as soon as its previous one is answered, and checks every
 * answer: each item must be stored (not a duplicate, not rejected).
 */
final class BatchIngest {

  /** What the run did: items stored, wall time, distinct people, and each batch's round trip. */
  record Result(long stored, long nanos, long distinctPeople, Histogram batchMillis) {}

  private final HttpClient http;
  private final URI endpoint;
  private final String token;
  private final boolean ndjson;
  private final JsonMapper json = JsonMapper.builder().build();

  BatchIngest(HttpClient http, URI endpoint, String token, boolean ndjson) {
    this.http = http;
    this.endpoint = endpoint;
    this.token = token;
    this.ndjson = ndjson;
  }

  /** Sends every body; {@code sizes[i]} is the number of items in body {@code i}. */
  Result run(List<byte[]> bodies, int[] sizes, int clients, PrintStream progress) throws Exception {
    var next = new AtomicInteger();
    var done = new AtomicInteger();
    var stored = new AtomicLong();
    var seen = new BitSet();
    var batchMillis = new ConcurrentHistogram(3);
    long start = System.nanoTime();
    try (var pool = Executors.newFixedThreadPool(clients)) {
      var futures = new ArrayList<Future<?>>();
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(() -> {
              for (int b; (b = next.getAndIncrement()) < bodies.size(); ) {
                long sent = System.nanoTime();
                var request =
                    HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofMinutes(10))
                        .header("Authorization", "Bearer " + token)
                        .header(
                            "Content-Type", ndjson ? "application/x-ndjson" : "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(b)))
                        .build();
                HttpResponse<byte[]> response =
                    http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                batchMillis.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000_000));
                long[] personIds = check(b, sizes[b], response);
                synchronized (seen) {
                  for (long p : personIds) {
                    seen.set(Math.toIntExact(p));
                  }
                }
                stored.addAndGet(sizes[b]);
                int finished = done.incrementAndGet();
                if (finished % Math.max(1, bodies.size() / 10) == 0 || finished == bodies.size()) {
                  double seconds = (System.nanoTime() - start) / 1e9;
                  progress.printf(
                      "  ingest: %,d of %,d batches, %,d interactions in %.1f s (%,.0f/s)%n",
                      finished, bodies.size(), stored.get(), seconds, stored.get() / seconds);
                }
              }
              return null;
            }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    }
    long nanos = System.nanoTime() - start;
    return new Result(stored.get(), nanos, seen.cardinality(), batchMillis);
  }

  /** Fails unless every item of the batch was stored; answers the person ids of the items. */
  private long[] check(int batch, int size, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Batch "
              + batch
              + " answered "
              + response.statusCode()
              + ": "
              + abbreviate(new String(response.body())));
    }
    JsonNode answer = json.readTree(response.body());
    if (answer.get("stored").asInt() != size
        || answer.get("rejected").asInt() != 0
        || answer.get("duplicates").asInt() != 0) {
      JsonNode firstBad = null;
      for (JsonNode item : answer.get("items")) {
        if (!"stored".equals(item.get("status").asString())) {
          firstBad = item;
          break;
        }
      }
      throw new IllegalStateException(
          "Batch "
              + batch
              + " of "
              + size
              + " items: stored "
              + answer.get("stored").asInt()
              + ", duplicates "
              + answer.get("duplicates").asInt()
              + ", rejected "
              + answer.get("rejected").asInt()
              + "; first such item: "
              + firstBad);
    }
    JsonNode items = answer.get("items");
    var people = new long[items.size()];
    for (int i = 0; i < people.length; i++) {
      JsonNode item = items.get(i);
      if (!"stored".equals(item.get("status").asString()) || item.get("id") == null) {
        throw new IllegalStateException(
            "Batch " + batch + " item " + i + " was not stored: " + item);
      }
      people[i] = item.get("personId").asLong();
    }
    return people;
  }

  static String abbreviate(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
  }
}
