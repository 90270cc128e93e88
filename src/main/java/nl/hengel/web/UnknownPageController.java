package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import nl.hengel.platform.Problem;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Any {@code /ui/} address no page claims: a "not found" page in the layout (not the API's JSON),
 * so a mistyped address or a link to a page still to come reads like the rest of the UI.
 */
@Controller
class UnknownPageController {

  @GetMapping("/ui/**")
  String unknown(HttpServletRequest request) {
    throw Problem.notFound(
        "ui.page-not-found", "There is no page at " + request.getRequestURI() + " (yet).");
  }
}
