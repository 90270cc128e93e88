package nl.hengel.web;

import nl.hengel.platform.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security checks the form it posts to {@code /login}. */
@Controller
class LoginController {

  @GetMapping("/login")
  String login(
      @AuthenticationPrincipal Object principal,
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String logout,
      Model model) {
    if (principal instanceof Caller) {
      return "redirect:/ui/dashboard";
    }
    model.addAttribute("failed", error != null);
    model.addAttribute("loggedOut", logout != null);
    return "login";
  }

  @GetMapping("/")
  String home() {
    return "redirect:/ui/dashboard";
  }
}
