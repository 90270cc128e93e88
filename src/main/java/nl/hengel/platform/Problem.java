package nl.hengel.platform;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An expected failure that reaches the caller as an RFC 9457 problem detail: a stable code (which
 * becomes the {@code type} URI {@code urn:hengel:problem:<code>}), an HTTP status, a human detail
 * and, where the input had several faults, one {@link FieldError} per fault.
 */
public final class Problem extends RuntimeException {

  /** The prefix of every problem type URI; the code follows it. */
  public static final String TYPE_PREFIX = "urn:hengel:problem:";

  private final String code;
  private final HttpStatus status;
  private final List<FieldError> errors;

  public Problem(HttpStatus status, String code, String detail, List<FieldError> errors) {
    super(detail);
    this.code = code;
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  /**
   * One fault in the input: where it is (a JSON pointer, or {@code line 57, column email}) and what
   * is wrong.
   */
  public record FieldError(String pointer, String message) {}

  public static Problem invalid(String code, String detail, List<FieldError> errors) {
    return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, code, detail, errors);
  }

  public static Problem badRequest(String code, String detail) {
    return new Problem(HttpStatus.BAD_REQUEST, code, detail, List.of());
  }

  public static Problem notFound(String code, String detail) {
    return new Problem(HttpStatus.NOT_FOUND, code, detail, List.of());
  }

  public static Problem conflict(String code, String detail) {
    return new Problem(HttpStatus.CONFLICT, code, detail, List.of());
  }

  public static Problem forbidden(String code, String detail) {
    return new Problem(HttpStatus.FORBIDDEN, code, detail, List.of());
  }

  public String code() {
    return code;
  }

  public HttpStatus status() {
    return status;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public String detail() {
    return getMessage();
  }
}
