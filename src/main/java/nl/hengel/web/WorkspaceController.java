package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import nl.hengel.access.Members;
import nl.hengel.access.Membership;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.UserId;
import nl.hengel.web.internal.Account;
import nl.hengel.web.internal.BrowserSessions;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Choosing the workspace to work in, for members of several (after sign-in, or to switch). */
@Controller
class WorkspaceController {

  private final Members members;
  private final BrowserSessions sessions;

  WorkspaceController(Members members, BrowserSessions sessions) {
    this.members = members;
    this.sessions = sessions;
  }

  @GetMapping("/ui/workspace")
  String choose(@AuthenticationPrincipal Object principal, Model model) {
    model.addAttribute("memberships", members.workspacesOf(user(principal)));
    return "workspace";
  }

  @PostMapping("/ui/workspace")
  String enter(
      @AuthenticationPrincipal Object principal,
      @RequestParam String slug,
      HttpServletRequest request,
      HttpServletResponse response) {
    UserId user = user(principal);
    List<Membership> memberships = members.workspacesOf(user);
    Membership chosen =
        memberships.stream()
            .filter(m -> m.workspace().slug().equals(slug))
            .findFirst()
            .orElseThrow(() ->
                Problem.notFound(
                    "access.workspace-not-found", "You are not a member of '" + slug + "'."));
    String email = principal instanceof Caller c ? c.email() : ((Account) principal).email();
    sessions.enter(
        new Caller(user, email, chosen.workspace().id(), chosen.roles()), request, response);
    return "redirect:/ui/dashboard";
  }

  private static UserId user(Object principal) {
    return switch (principal) {
      case Caller c -> c.user();
      case Account a -> a.user();
      default -> throw Problem.forbidden("access.unauthenticated", "Sign in first.");
    };
  }
}
