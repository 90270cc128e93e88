package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.lifecycle.Leads;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.timeline.People;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The lead list: every person of the workspace as a lead, newest first, filtered by stage, owner,
 * source, campaign, fit and SLA breach, paged by keyset ({@link Leads}); and the jump from an
 * e-mail address to the person's page. Every member may read it.
 */
@Controller
class LeadsController {

  static final int PAGE_SIZE = 50;
  private static final String[] FILTERS = {
    "stage", "owner", "source", "campaign", "fitMin", "fitMax", "breached"
  };

  private final Leads leads;
  private final Members members;
  private final People people;

  LeadsController(Leads leads, Members members, People people) {
    this.leads = leads;
    this.members = members;
    this.people = people;
  }

  @GetMapping("/ui/leads")
  String leads(
      @AuthenticationPrincipal Caller caller,
      @RequestParam MultiValueMap<String, String> query,
      @RequestParam(required = false) @Nullable Long after,
      @RequestParam(required = false) @Nullable Long before,
      HttpServletRequest request,
      Model model) {
    Map<String, List<String>> raw = Pages.only(query, FILTERS);
    Leads.Filter filter = Leads.Filter.parse(raw);
    Leads.Page page = leads.page(caller.workspace(), filter, after, before, PAGE_SIZE);
    String filters = queryString(raw);
    model.addAttribute("filter", filter);
    model.addAttribute("stages", Stage.values());
    model.addAttribute(
        "owners",
        members.list(caller.workspace()).stream()
            .filter(m -> m.roles().contains(Role.SALES) || m.roles().contains(Role.ADMIN))
            .map(Member::email)
            .sorted()
            .toList());
    model.addAttribute("page", page);
    model.addAttribute("when", When.UTC);
    model.addAttribute(
        "previousHref",
        page.before() == null ? null : "/ui/leads" + join(filters, "before=" + page.before()));
    model.addAttribute(
        "nextHref",
        page.after() == null ? null : "/ui/leads" + join(filters, "after=" + page.after()));
    return Pages.isHtmx(request) ? "leads :: results" : "leads";
  }

  /** The search box: the person with this e-mail address, or a not-found page saying so. */
  @GetMapping("/ui/people")
  String find(
      @AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "") String email) {
    if (email.isBlank()) {
      throw Problem.invalid(
          "timeline.missing-filter",
          "Type the e-mail address of the person to open.",
          List.of(new Problem.FieldError("email", "required")));
    }
    return people
        .findByEmail(caller.workspace(), email)
        .map(p -> "redirect:/ui/people/" + p.id().value())
        .orElseThrow(() ->
            Problem.notFound(
                "timeline.person-not-found",
                "Nobody with the e-mail address " + email.trim() + " in this workspace."));
  }

  private static String join(String filters, String paging) {
    return (filters.isEmpty() ? "?" : filters + "&") + paging;
  }

  /** The filters as a query string for the paging links, empty values left out. */
  private static String queryString(Map<String, List<String>> filters) {
    var parts = new ArrayList<String>();
    filters.forEach((name, values) -> {
      String value = values.isEmpty() ? null : values.getLast();
      if (value != null && !value.isBlank()) {
        parts.add(
            name
                + "="
                + java.net.URLEncoder.encode(
                    value.trim(), java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }
}
