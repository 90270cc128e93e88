package nl.hengel.timeline.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nl.hengel.platform.JsonProblems;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.InteractionInput;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a batch body (a JSON array, or NDJSON: one object per line) into items, each either bound
 * or refused with a pointer to its fault, so one bad item never spoils the others.
 */
public final class BatchReader {

  /** One item of the body: bound, or the reason it could not be. */
  public record Item(@Nullable InteractionInput input, @Nullable FieldError error) {}

  private BatchReader() {}

  public static List<Item> readJsonArray(InputStream body, JsonMapper json, int maxItems) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw JsonProblems.unreadable(e);
    }
    if (root == null || !root.isArray()) {
      throw Problem.badRequest(
          "timeline.batch-not-array",
          "A batch is a JSON array of interactions (or NDJSON with Content-Type application/x-ndjson).");
    }
    checkSize(root.size(), maxItems);
    var items = new ArrayList<Item>(root.size());
    for (int i = 0; i < root.size(); i++) {
      items.add(bind(root.get(i), "/" + i, json));
    }
    return items;
  }

  public static List<Item> readNdjson(InputStream body, JsonMapper json, int maxItems) {
    var items = new ArrayList<Item>();
    try (var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        checkSize(items.size() + 1, maxItems);
        String at = "/" + items.size();
        try {
          items.add(bind(json.readTree(line), at, json));
        } catch (JacksonException e) {
          items.add(
              new Item(
                  null,
                  new FieldError(
                      at,
                      "line " + lineNumber + " is not a JSON object: " + JsonProblems.reason(e))));
        }
      }
    } catch (IOException e) {
      throw Problem.badRequest(
          "request.unreadable", "The request body could not be read: " + e.getMessage());
    }
    return items;
  }

  private static Item bind(JsonNode node, String at, JsonMapper json) {
    if (node == null || !node.isObject()) {
      return new Item(null, new FieldError(at, "an interaction is a JSON object"));
    }
    try {
      return new Item(json.treeToValue(node, InteractionInput.class), null);
    } catch (JacksonException e) {
      return new Item(null, new FieldError(JsonProblems.pointer(at, e), JsonProblems.reason(e)));
    }
  }

  private static void checkSize(int size, int maxItems) {
    if (size > maxItems) {
      throw new Problem(
          HttpStatus.CONTENT_TOO_LARGE,
          "timeline.batch-too-large",
          "A batch holds at most " + maxItems + " interactions; split it into several requests.",
          List.of());
    }
  }
}
