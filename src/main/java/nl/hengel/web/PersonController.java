package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import nl.hengel.definition.ActiveDefinition;
import nl.hengel.definition.LeadScores;
import nl.hengel.handoff.Inbox;
import nl.hengel.handoff.SlaClock;
import nl.hengel.lifecycle.Lifecycle;
import nl.hengel.lifecycle.Move;
import nl.hengel.lifecycle.ReasonKind;
import nl.hengel.lifecycle.Reasons;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.Interaction;
import nl.hengel.timeline.Milestone;
import nl.hengel.timeline.PersonId;
import nl.hengel.timeline.Timeline;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A person's page: the one timeline across departments (newest first, paged by the timeline's
 * cursor), the scores with their explanation, the lead's stage history, owner and SLA clocks, and —
 * for those whose roles may — a form to move the lead, which the lifecycle checks again.
 */
@Controller
class PersonController {

  static final int PAGE_SIZE = 25;

  private final Timeline timeline;
  private final LeadScores scores;
  private final ActiveDefinition definitions;
  private final Lifecycle lifecycle;
  private final Inbox inbox;
  private final Clock clock;

  private final Reasons reasons;

  PersonController(
      Timeline timeline,
      LeadScores scores,
      ActiveDefinition definitions,
      Lifecycle lifecycle,
      Inbox inbox,
      Reasons reasons,
      Clock clock) {
    this.reasons = reasons;
    this.timeline = timeline;
    this.scores = scores;
    this.definitions = definitions;
    this.lifecycle = lifecycle;
    this.inbox = inbox;
    this.clock = clock;
  }

  /** One line of the timeline: an interaction or a milestone (a stage change, a breach, …). */
  public record Entry(
      Instant at, @Nullable Interaction interaction, @Nullable Milestone milestone) {}

  /** An SLA clock as shown: its state in words, and the badge class that goes with it. */
  public record ClockView(SlaClock clock, String state, String badge) {}

  @ModelAttribute("gateValues")
  GateValues gateValues() {
    return GateValues.INSTANCE;
  }

  @GetMapping("/ui/people/{id}")
  String person(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String cursor,
      HttpServletRequest request,
      Model model) {
    var ws = caller.workspace();
    PersonId person = new PersonId(id);
    Timeline.Page page =
        timeline.page(
            ws,
            person,
            new Timeline.Query(Set.of(), Set.of(), null, null, null, true, PAGE_SIZE, cursor));
    var entries = new ArrayList<Entry>();
    page.items().forEach(i -> entries.add(new Entry(i.occurredAt(), i, null)));
    page.milestones().forEach(m -> entries.add(new Entry(m.at(), null, m)));
    entries.sort(Comparator.comparing(Entry::at).reversed());
    model.addAttribute("person", page.person());
    model.addAttribute("company", page.company());
    model.addAttribute("entries", entries);
    model.addAttribute("nextCursor", page.nextCursor());
    model.addAttribute("cursor", cursor);
    model.addAttribute("when", When.UTC);
    if (Pages.isHtmx(request) && "timeline".equals(request.getHeader("HX-Target"))) {
      return "person :: timeline";
    }
    PersonId survivor = page.person().id();
    model.addAttribute("stored", scores.stored(ws, survivor).orElse(null));
    model.addAttribute(
        "explained", definitions.of(ws).isPresent() ? scores.explain(ws, survivor, null) : null);
    lead(caller, survivor, model);
    return "person";
  }

  /** Moves the lead as the form asks; a refusal comes back as the lifecycle's problem. */
  @PostMapping("/ui/people/{id}/moves")
  String move(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String to,
      @RequestParam(required = false) @Nullable String reason,
      @RequestParam(required = false) @Nullable String comment,
      HttpServletRequest request,
      Model model) {
    Stage stage =
        Stage.parse(to)
            .orElseThrow(() ->
                Problem.invalid(
                    "lifecycle.invalid-move",
                    "Choose the stage to move to.",
                    List.of(new Problem.FieldError("to", "one of the stages"))));
    PersonId person = new PersonId(id);
    lifecycle.move(caller, person, new Move(stage, blankToNull(reason), blankToNull(comment)));
    if (!Pages.isHtmx(request)) {
      return "redirect:/ui/people/" + id;
    }
    model.addAttribute("when", When.UTC);
    model.addAttribute("moved", stage.key());
    lead(caller, lifecycle.lead(caller.workspace(), person).person(), model);
    return "person :: lead";
  }

  private void lead(Caller caller, PersonId person, Model model) {
    var ws = caller.workspace();
    model.addAttribute("personId", person.value());
    model.addAttribute("lead", lifecycle.lead(ws, person));
    model.addAttribute("history", lifecycle.history(ws, person).reversed());
    Instant now = clock.instant();
    model.addAttribute(
        "clocks", inbox.clocks(caller, person).reversed().stream().map(c -> view(c, now)).toList());
    var codes = new java.util.LinkedHashMap<String, List<nl.hengel.lifecycle.Reason>>();
    for (ReasonKind kind : ReasonKind.values()) {
      codes.put(kind.key(), reasons.of(ws, kind));
    }
    model.addAttribute("reasons", codes);
    model.addAttribute(
        "moves",
        List.of(
            Stage.NURTURE,
            Stage.SAL,
            Stage.SQL,
            Stage.WON,
            Stage.LOST,
            Stage.DISQUALIFIED,
            Stage.SUPPRESSED));
  }

  private static ClockView view(SlaClock c, Instant now) {
    return switch (c.status()) {
      case BREACHED -> new ClockView(c, "breached", "bad");
      case MET -> new ClockView(c, c.metAt().isAfter(c.dueAt()) ? "met late" : "met", "ok");
      case STOPPED -> new ClockView(c, "stopped", "");
      case RUNNING ->
          now.isAfter(c.dueAt())
              ? new ClockView(c, "overdue", "bad")
              : new ClockView(c, "due", "warn");
    };
  }

  private static @Nullable String blankToNull(@Nullable String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
