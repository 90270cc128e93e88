package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import nl.hengel.access.Members;
import nl.hengel.access.Workspaces;
import nl.hengel.platform.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the layout of every UI page needs: the {@link Viewer} (absent before sign-in) and whether
 * the request came from htmx (then a controller answers with a fragment, not the whole page).
 */
@ControllerAdvice(basePackages = "nl.hengel.web")
class PageModel {

  private final Workspaces workspaces;
  private final Members members;

  PageModel(Workspaces workspaces, Members members) {
    this.workspaces = workspaces;
    this.members = members;
  }

  @ModelAttribute("viewer")
  @Nullable Viewer viewer(@AuthenticationPrincipal Object principal) {
    if (!(principal instanceof Caller caller)) {
      return null;
    }
    return new Viewer(
        caller, workspaces.get(caller.workspace()), members.workspacesOf(caller.user()).size() > 1);
  }

  @ModelAttribute("htmx")
  boolean htmx(HttpServletRequest request) {
    return Pages.isHtmx(request);
  }
}
