package nl.hengel.platform;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Explains a JSON body that could not be read, with a JSON pointer to the fault. */
public final class JsonProblems {

  private JsonProblems() {}

  /** The pointer (RFC 6901) of the place a Jackson failure happened, prefixed by {@code base}. */
  public static String pointer(String base, JacksonException e) {
    StringBuilder sb = new StringBuilder(base);
    for (JacksonException.Reference ref : e.getPath()) {
      sb.append('/');
      if (ref.getPropertyName() != null) {
        sb.append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else if (ref.getIndex() >= 0) {
        sb.append(ref.getIndex());
      }
    }
    return sb.toString();
  }

  /** A one-line reason without Jackson's source excerpt. */
  public static String reason(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    return cut < 0 ? message : message.substring(0, cut);
  }

  public static Problem unreadable(@Nullable JacksonException e) {
    if (e == null) {
      return Problem.badRequest(
          "request.unreadable", "The request body is missing or is not valid JSON.");
    }
    String pointer = pointer("", e);
    return new Problem(
        org.springframework.http.HttpStatus.BAD_REQUEST,
        "request.unreadable",
        "The request body could not be read: "
            + reason(e)
            + (pointer.isEmpty() ? "" : " at " + pointer),
        List.of(new Problem.FieldError(pointer, reason(e))));
  }
}
