package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import nl.hengel.platform.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of UI requests as pages: a {@link Problem} from a capability (or Spring MVC's own, or a
 * refusal) shows its title, detail and field errors. An htmx request gets the problem fragment,
 * swapped into the page's {@code #problems} area; any other request the error page in the layout.
 * Scoped to the UI's controllers and ahead of the API's JSON problem handler, which stays as it is.
 */
@ControllerAdvice(basePackages = "nl.hengel.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageProblems {

  private static final Logger log = LoggerFactory.getLogger(PageProblems.class);

  private final PageModel pages;

  PageProblems(PageModel pages) {
    this.pages = pages;
  }

  @ExceptionHandler(Problem.class)
  ModelAndView problem(Problem problem, HttpServletRequest request, HttpServletResponse response) {
    return render(PageProblem.of(problem), request, response);
  }

  @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
  ModelAndView denied(
      RuntimeException e, HttpServletRequest request, HttpServletResponse response) {
    return render(
        PageProblem.of(
            HttpStatus.FORBIDDEN,
            "access.forbidden",
            "Your roles in this workspace do not allow this.",
            List.of()),
        request,
        response);
  }

  @ExceptionHandler(Exception.class)
  ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
    if (e instanceof ErrorResponse spring) {
      // Spring MVC's own (a missing parameter, a wrong method, ...): its status and detail.
      var status = spring.getStatusCode();
      String code =
          "request."
              + HttpStatus.valueOf(status.value())
                  .name()
                  .toLowerCase(Locale.ROOT)
                  .replace('_', '-');
      String detail = spring.getBody().getDetail();
      return render(
          PageProblem.of(status, code, detail == null ? "" : detail, List.of()), request, response);
    }
    log.error("Unexpected failure of a page request", e);
    return render(
        PageProblem.of(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "server.unexpected",
            "Hengel failed unexpectedly; nothing of this request was stored. The server log has"
                + " the details.",
            List.of()),
        request,
        response);
  }

  private ModelAndView render(
      PageProblem problem, HttpServletRequest request, HttpServletResponse response) {
    ModelAndView view;
    if (Pages.isHtmx(request)) {
      // htmx swaps it into the page's problem area, whatever the request's own target was.
      response.setHeader("HX-Retarget", "#problems");
      response.setHeader("HX-Reswap", "innerHTML");
      view = new ModelAndView("fragments/problem :: problem");
    } else {
      view = new ModelAndView("problem");
      var auth = SecurityContextHolder.getContext().getAuthentication();
      view.addObject("viewer", auth == null ? null : pages.viewer(auth.getPrincipal()));
    }
    view.addObject("problem", problem);
    view.setStatus(HttpStatus.valueOf(problem.status()));
    return view;
  }
}
