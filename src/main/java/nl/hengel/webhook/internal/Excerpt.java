package nl.hengel.webhook.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Reads an answer's body to its end but keeps only its first bytes, as text. */
final class Excerpt {

  private Excerpt() {}

  static HttpResponse.BodySubscriber<String> of(int maxBytes) {
    var kept = new ByteArrayOutputStream();
    return HttpResponse.BodySubscribers.mapping(
        HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk ->
            chunk.ifPresent(bytes -> {
              int room = maxBytes - kept.size();
              if (room > 0) {
                kept.write(bytes, 0, Math.min(room, bytes.length));
              }
            })),
        done -> kept.toString(StandardCharsets.UTF_8));
  }
}
