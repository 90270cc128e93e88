package nl.hengel.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP server on a free port that records every request it gets, per path, and answers each
 * path with the status codes a test gave it (then with its default). Verifies signatures with its
 * own HMAC code, as a receiver would, not with Hengel's.
 */
public final class Receiver implements AutoCloseable {

  /** One request as received. */
  public record Received(String path, Map<String, String> headers, String body) {

    public String id() {
      return headers.get("webhook-id");
    }

    public long timestamp() {
      return Long.parseLong(headers.get("webhook-timestamp"));
    }

    /**
     * Whether the signature header holds a v1 signature of this request made with {@code secret}.
     */
    public boolean isSignedWith(String secret) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected =
            Base64.getEncoder()
                .encodeToString(
                    mac.doFinal(
                        (id() + "." + headers.get("webhook-timestamp") + "." + body)
                            .getBytes(StandardCharsets.UTF_8)));
        for (String signature : headers.get("webhook-signature").split(" ")) {
          if (signature.startsWith("v1,")
              && MessageDigest.isEqual(
                  signature.substring(3).getBytes(StandardCharsets.US_ASCII),
                  expected.getBytes(StandardCharsets.US_ASCII))) {
            return true;
          }
        }
        return false;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, ConcurrentLinkedQueue<Integer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> defaults = new ConcurrentHashMap<>();

  public Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          var headers = new ConcurrentHashMap<String, String>();
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(new Received(path, Map.copyOf(headers), body));
          Integer next = answers.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
          int status = next != null ? next : defaults.getOrDefault(path, 204);
          byte[] answer =
              (status / 100 == 2 ? "" : "receiver says no").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
          if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    server.start();
  }

  /** The URL of a path on this server. */
  public String url(String path) {
    return "http://localhost:" + server.getAddress().getPort() + path;
  }

  /** Answers the next requests to {@code path} with these codes, in order, then the default. */
  public Receiver answer(String path, Integer... codes) {
    answers.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(codes));
    return this;
  }

  /** Answers requests to {@code path} with {@code code} once the queued answers are used up. */
  public Receiver answerAlways(String path, int code) {
    defaults.put(path, code);
    return this;
  }

  public List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  public List<Received> all() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
