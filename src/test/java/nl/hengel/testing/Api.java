package nl.hengel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the running test server, authenticated with one API token (or none). */
public final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final String token;

  public Api(int port, String token) {
    this.base = "http://localhost:" + port;
    this.token = token;
  }

  public String token() {
    return token;
  }

  public Api withToken(String other) {
    return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other);
  }

  /** A response: status, body, and the body as JSON. */
  public record Response(int status, String body, String contentType) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  /** A GET asking for one media type ({@code Accept}). */
  public Response get(String path, String accept) {
    return send(request(path).header("Accept", accept).GET());
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  public Response post(String path, Object body) {
    return send(
        path,
        "POST",
        "application/json",
        body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  public Response put(String path, Object body) {
    return send(
        path,
        "PUT",
        "application/json",
        body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  public Response patch(String path, Object body) {
    return send(
        path,
        "PATCH",
        "application/json",
        body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  public Response send(String path, String method, String contentType, String body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response send(String path, String method, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest.Builder request(String path) {
    var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
