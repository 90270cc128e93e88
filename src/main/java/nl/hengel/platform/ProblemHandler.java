package nl.hengel.platform;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/** Turns every failure of a request into an RFC 9457 problem detail with a stable type. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(Problem.class)
  ResponseEntity<ProblemDetail> problem(Problem problem) {
    return ResponseEntity.status(problem.status()).body(ProblemDetails.of(problem));
  }

  @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
  ResponseEntity<ProblemDetail> denied(RuntimeException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .body(
            ProblemDetails.of(
                HttpStatus.FORBIDDEN,
                "access.forbidden",
                "Your roles in this workspace do not allow this.",
                List.of()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    return ResponseEntity.badRequest()
        .body(
            ProblemDetails.of(
                HttpStatus.BAD_REQUEST,
                "request.invalid-parameter",
                "Parameter '" + e.getName() + "' has an invalid value: " + e.getValue(),
                List.of(new Problem.FieldError(e.getName(), "invalid value"))));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected failure of a request", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            ProblemDetails.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "server.unexpected",
                "Hengel failed unexpectedly; nothing of this request was stored. The server log has the details.",
                List.of()));
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Problem.FieldError> errors = new ArrayList<>();
    ex.getBindingResult()
        .getFieldErrors()
        .forEach(fe ->
            errors.add(
                new Problem.FieldError(
                    "/" + fe.getField().replace('.', '/'), fe.getDefaultMessage())));
    ex.getBindingResult()
        .getGlobalErrors()
        .forEach(ge -> errors.add(new Problem.FieldError("", ge.getDefaultMessage())));
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .body(
            ProblemDetails.of(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "request.invalid",
                "The request has " + errors.size() + " invalid field(s).",
                errors));
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Problem.FieldError> errors = new ArrayList<>();
    ex.getParameterValidationResults()
        .forEach(r ->
            r.getResolvableErrors()
                .forEach(e ->
                    errors.add(
                        new Problem.FieldError(
                            r.getMethodParameter().getParameterName(), e.getDefaultMessage()))));
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(
            ProblemDetails.of(
                HttpStatus.BAD_REQUEST,
                "request.invalid-parameter",
                "The request has " + errors.size() + " invalid parameter(s).",
                errors));
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Problem problem =
        JsonProblems.unreadable(ex.getCause() instanceof JacksonException je ? je : null);
    return ResponseEntity.status(problem.status()).body(ProblemDetails.of(problem));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    // Spring's own MVC exceptions (405, 406, 415, missing parameter, ...): keep their status and
    // detail, give them a stable Hengel type.
    if (body instanceof ProblemDetail pd
        && (pd.getType() == null || "about:blank".equals(pd.getType().toString()))) {
      String code =
          "request."
              + HttpStatus.valueOf(statusCode.value()).name().toLowerCase().replace('_', '-');
      ProblemDetail ours =
          ProblemDetails.of(
              statusCode, code, pd.getDetail() == null ? "" : pd.getDetail(), List.of());
      return new ResponseEntity<>(ours, headers, statusCode);
    }
    return new ResponseEntity<>(body, headers, statusCode);
  }
}
