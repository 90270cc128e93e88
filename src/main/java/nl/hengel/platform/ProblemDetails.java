package nl.hengel.platform;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 bodies Hengel answers with, so every error has the same shape. */
public final class ProblemDetails {

  private ProblemDetails() {}

  public static ProblemDetail of(
      HttpStatusCode status, String code, String detail, List<Problem.FieldError> errors) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(Problem.TYPE_PREFIX + code));
    body.setTitle(titleOf(code));
    body.setProperty("code", code);
    if (!errors.isEmpty()) {
      body.setProperty("errors", errors);
    }
    return body;
  }

  public static ProblemDetail of(Problem problem) {
    return of(problem.status(), problem.code(), problem.detail(), problem.errors());
  }

  /** A readable title from the code: {@code timeline.person-not-found} gives "Person not found". */
  static String titleOf(String code) {
    String last = code.substring(code.lastIndexOf('.') + 1).replace('-', ' ');
    return Character.toUpperCase(last.charAt(0)) + last.substring(1);
  }
}
