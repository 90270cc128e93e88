package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import nl.hengel.backtest.WeightSuggestion;
import nl.hengel.backtest.WeightSuggestions;
import nl.hengel.platform.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Suggested weights from a version's page: fits the version's points to outcomes and stores the
 * result as a new draft (the service refuses analysts and too little history with a problem the
 * page shows); answers the held-out figures and each rule's change, linking the draft.
 */
@Controller
class WeightSuggestionPagesController {

  private final WeightSuggestions suggestions;

  WeightSuggestionPagesController(WeightSuggestions suggestions) {
    this.suggestions = suggestions;
  }

  @PostMapping("/ui/definitions/{number}/suggest-weights")
  String suggest(
      @AuthenticationPrincipal Caller caller,
      @PathVariable int number,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String split,
      @RequestParam(required = false) @Nullable String outcome,
      @RequestParam(required = false) @Nullable String horizon,
      HttpServletRequest request,
      Model model) {
    WeightSuggestion suggestion =
        suggestions.suggest(
            caller.workspace(),
            caller,
            WeightSuggestions.Request.parse(number, from, to, split, outcome, horizon));
    if (!Pages.isHtmx(request)) {
      return "redirect:/ui/definitions/" + suggestion.draft();
    }
    model.addAttribute("suggestion", suggestion);
    return "definition :: suggestion";
  }
}
