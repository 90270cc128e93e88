package nl.hengel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.hengel.engine.BusinessTime;
import nl.hengel.engine.Definition;
import nl.hengel.handoff.Inbox;
import nl.hengel.handoff.SlaClock;
import nl.hengel.handoff.SlaKind;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.ReasonKind;
import nl.hengel.lifecycle.Reasons;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.People;
import nl.hengel.timeline.Person;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sales inbox page: a sales member's open leads (or their team's, or nobody's) with the time
 * left on each running SLA clock in business time, counted on the server, and the buttons to
 * accept, reject with a reason, log a call and (for a manager) reassign. Each action answers the
 * lead's row as it is afterwards; the {@link Inbox} decides who may do what.
 */
@Controller
class SalesInboxController {

  /** One running SLA clock of a row: what is due, when, and how much business time is left. */
  public record Due(String kind, Instant at, String atText, String text, boolean overdue) {}

  /** One lead of the inbox as the page shows it. */
  public record Row(
      long id,
      @Nullable String email,
      @Nullable String name,
      String stage,
      @Nullable String owner,
      List<Due> dues,
      boolean breached,
      boolean withSales,
      boolean acceptable,
      boolean rejectable,
      @Nullable String note) {}

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

  private final Inbox inbox;
  private final Reasons reasons;
  private final People people;
  private final Clock clock;

  SalesInboxController(Inbox inbox, Reasons reasons, People people, Clock clock) {
    this.inbox = inbox;
    this.reasons = reasons;
    this.people = people;
    this.clock = clock;
  }

  @GetMapping("/ui/inbox")
  String inbox(
      @AuthenticationPrincipal Caller caller,
      @RequestParam(defaultValue = "mine") String scope,
      HttpServletRequest request,
      Model model) {
    Inbox.Scope s = scope(scope);
    Hours hours = hours(caller);
    List<Row> rows =
        inbox.list(caller, s).stream()
            .map(e ->
                row(
                    e.lead(),
                    e.email(),
                    e.name(),
                    e.acceptDue(),
                    e.firstContactDue(),
                    e.breached(),
                    hours,
                    null))
            .toList();
    model.addAttribute("scope", s.name().toLowerCase(Locale.ROOT));
    model.addAttribute("rows", rows);
    model.addAttribute("breaches", rows.stream().filter(Row::breached).count());
    model.addAttribute("hours", hours);
    model.addAttribute("rejectReasons", reasons.of(caller.workspace(), ReasonKind.REJECT));
    return Pages.isHtmx(request) ? "inbox :: list" : "inbox";
  }

  @PostMapping("/ui/inbox/{id}/accept")
  String accept(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(defaultValue = "mine") String scope,
      HttpServletRequest request,
      Model model) {
    Lead lead = inbox.accept(caller, new PersonId(id), null);
    return answer(caller, lead, "Accepted: now " + lead.stage().key() + ".", scope, request, model);
  }

  @PostMapping("/ui/inbox/{id}/reject")
  String reject(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String reason,
      @RequestParam(required = false) @Nullable String comment,
      @RequestParam(defaultValue = "mine") String scope,
      HttpServletRequest request,
      Model model) {
    Lead lead =
        inbox.reject(caller, new PersonId(id), blankToNull(reason), blankToNull(comment), false);
    return answer(
        caller,
        lead,
        "Rejected (" + reason + "): recycled to " + lead.stage().key() + ", out of the inbox.",
        scope,
        request,
        model);
  }

  @PostMapping("/ui/inbox/{id}/contact")
  String contact(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(defaultValue = "call") String type,
      @RequestParam(required = false) @Nullable String note,
      @RequestParam(defaultValue = "mine") String scope,
      HttpServletRequest request,
      Model model) {
    Lead lead = inbox.logContact(caller, new PersonId(id), type, blankToNull(note), null);
    return answer(caller, lead, "Logged a " + type + ".", scope, request, model);
  }

  @PostMapping("/ui/inbox/{id}/owner")
  String reassign(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String owner,
      @RequestParam(required = false) @Nullable String comment,
      @RequestParam(defaultValue = "team") String scope,
      HttpServletRequest request,
      Model model) {
    if (owner == null || owner.isBlank()) {
      throw Problem.invalid(
          "handoff.unknown-owner",
          "Say who takes the lead.",
          List.of(new Problem.FieldError("owner", "required: a member's e-mail")));
    }
    Lead lead = inbox.reassign(caller, new PersonId(id), owner.trim(), blankToNull(comment));
    return answer(caller, lead, "Reassigned to " + owner.trim() + ".", scope, request, model);
  }

  /** The lead's row as it is now (htmx), or the inbox again (a plain form post). */
  private String answer(
      Caller caller,
      Lead lead,
      String note,
      String scope,
      HttpServletRequest request,
      Model model) {
    Inbox.Scope s = scope(scope);
    if (!Pages.isHtmx(request)) {
      return "redirect:/ui/inbox?scope=" + s.name().toLowerCase(Locale.ROOT);
    }
    Instant accept = null;
    Instant contact = null;
    boolean breached = false;
    if (lead.stage().isWithSales()) {
      for (SlaClock c : inbox.clocks(caller, lead.person())) {
        if (c.mqlCount() != lead.mqlCount() || c.metAt() != null || c.stoppedAt() != null) {
          continue;
        }
        breached |= c.breachedAt() != null;
        if (c.kind() == SlaKind.ACCEPT) {
          accept = c.dueAt();
        } else {
          contact = c.dueAt();
        }
      }
    }
    Person p = people.find(caller.workspace(), lead.person()).orElse(null);
    String name =
        p == null ? null : (nullToEmpty(p.firstName()) + " " + nullToEmpty(p.lastName())).trim();
    model.addAttribute("scope", s.name().toLowerCase(Locale.ROOT));
    model.addAttribute(
        "r",
        row(
            lead,
            p == null ? null : p.email(),
            name == null || name.isEmpty() ? null : name,
            accept,
            contact,
            breached,
            hours(caller),
            note));
    model.addAttribute("rejectReasons", reasons.of(caller.workspace(), ReasonKind.REJECT));
    return "inbox :: row";
  }

  /** The business hours in force and the moment the page counts from. */
  public record Hours(
      @Nullable BusinessTime time, java.time.ZoneId zone, Instant now, boolean open) {

    /** When closed: the next opening, as shown. */
    public @Nullable String resumes() {
      return time == null || open ? null : time.nextOpening(now).atZone(zone).format(SHOWN);
    }
  }

  private Hours hours(Caller caller) {
    Instant now = clock.instant();
    Optional<Definition.BusinessHours> bh = inbox.businessHours(caller.workspace());
    if (bh.isEmpty()) {
      return new Hours(null, java.time.ZoneOffset.UTC, now, true);
    }
    BusinessTime time = BusinessTime.of(bh.get());
    return new Hours(time, bh.get().zone(), now, time.isOpen(now));
  }

  private static Row row(
      Lead lead,
      @Nullable String email,
      @Nullable String name,
      @Nullable Instant acceptDue,
      @Nullable Instant contactDue,
      boolean breached,
      Hours hours,
      @Nullable String note) {
    var dues = new ArrayList<Due>(2);
    if (acceptDue != null && lead.stage() == Stage.MQL) {
      dues.add(due("Accept", acceptDue, hours));
    }
    if (contactDue != null && lead.firstContactAt() == null) {
      dues.add(due("First contact", contactDue, hours));
    }
    return new Row(
        lead.person().value(),
        email,
        name,
        lead.stage().key(),
        lead.owner() == null ? null : lead.owner().email(),
        dues,
        breached || dues.stream().anyMatch(Due::overdue),
        lead.stage().isWithSales(),
        lead.stage() == Stage.MQL,
        lead.stage() == Stage.MQL || lead.stage() == Stage.SAL,
        note);
  }

  /** The time left (or over) to a due moment, in business time when the workspace has hours. */
  static Due due(String kind, Instant at, Hours hours) {
    boolean overdue = !at.isAfter(hours.now());
    String atText = at.atZone(hours.zone()).format(SHOWN);
    String text;
    if (hours.time() == null) {
      Duration d = overdue ? Duration.between(at, hours.now()) : Duration.between(hours.now(), at);
      text = (overdue ? "overdue by " : "due in ") + span(d);
    } else {
      Duration d =
          overdue ? hours.time().between(at, hours.now()) : hours.time().between(hours.now(), at);
      text = (overdue ? "overdue by " : "due in ") + span(d) + " (business hours)";
    }
    return new Due(kind, at, atText, text, overdue);
  }

  /** A duration as hours and minutes, e.g. {@code 3h 20m}; under a minute is {@code 0m}. */
  static String span(Duration d) {
    long minutes = d.toMinutes();
    long h = minutes / 60;
    long m = minutes % 60;
    return h == 0 ? m + "m" : h + "h " + m + "m";
  }

  private static Inbox.Scope scope(String scope) {
    try {
      return Inbox.Scope.valueOf(scope.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(
          "handoff.invalid-scope", "scope is mine, team or unassigned, not '" + scope + "'.");
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String nullToEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
