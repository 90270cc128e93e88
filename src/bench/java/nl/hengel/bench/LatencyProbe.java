package nl.hengel.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Single-item {@code POST /api/interactions} at a fixed rate, open loop: request {@code i} is due
 * at {@code start + i / rate} whether or not earlier ones were answered, and its latency counts
 * from that due time, so a slow answer shows up in the percentiles instead of lowering the offered
 * load (no coordinated omission).
 */
final class LatencyProbe {

  /** Latencies in microseconds of the requests that were answered as expected, and the failures. */
  record Result(Histogram micros, long requests, List<String> failures, double offeredRate) {}

  private final HttpClient http;
  private final URI endpoint;
  private final String token;

  LatencyProbe(HttpClient http, URI endpoint, String token) {
    this.http = http;
    this.endpoint = endpoint;
    this.token = token;
  }

  /**
   * Sends {@code rate × seconds} requests; body {@code i} comes from {@code bodies}. Each must be
   * answered 201 (stored).
   */
  Result run(int rate, int seconds, IntFunction<String> bodies) throws InterruptedException {
    int n = rate * seconds;
    var micros = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(2), 3);
    var failures = new ConcurrentLinkedQueue<String>();
    var pending = new ArrayList<CompletableFuture<?>>(n);
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + 10_000_000;
    for (int i = 0; i < n; i++) {
      long due = start + i * periodNanos;
      var request =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofMinutes(1))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(bodies.apply(i)))
              .build();
      for (long wait; (wait = due - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      pending.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete((response, error) -> {
                long took = (System.nanoTime() - due) / 1000;
                if (error != null) {
                  failures.add("request " + index + ": " + error);
                } else if (response.statusCode() != 201) {
                  failures.add(
                      "request "
                          + index
                          + " answered "
                          + response.statusCode()
                          + ": "
                          + BatchIngest.abbreviate(response.body()));
                } else {
                  micros.recordValue(Math.min(took, micros.getHighestTrackableValue()));
                }
              }));
    }
    double offered = n / ((System.nanoTime() - start) / 1e9);
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    return new Result(micros, n, List.copyOf(failures), offered);
  }
}
