package nl.hengel.web;

import java.util.List;
import nl.hengel.platform.Problem;
import nl.hengel.platform.ProblemDetails;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * An RFC 9457 problem as a page shows it (model attribute {@code problem}, fragment {@code
 * fragments/problem :: problem}): title, detail, stable code and one line per field error.
 */
public record PageProblem(
    int status, String code, String title, String detail, List<Problem.FieldError> errors) {

  public PageProblem {
    errors = List.copyOf(errors);
  }

  public static PageProblem of(Problem problem) {
    return of(ProblemDetails.of(problem), problem.errors());
  }

  static PageProblem of(
      HttpStatusCode status, String code, String detail, List<Problem.FieldError> errors) {
    return of(ProblemDetails.of(status, code, detail, errors), errors);
  }

  private static PageProblem of(ProblemDetail body, List<Problem.FieldError> errors) {
    return new PageProblem(
        body.getStatus(),
        String.valueOf(body.getProperties() == null ? "" : body.getProperties().get("code")),
        body.getTitle() == null ? "" : body.getTitle(),
        body.getDetail() == null ? "" : body.getDetail(),
        errors);
  }
}
