package nl.hengel.handoff;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import nl.hengel.lifecycle.Lead;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sales inbox and a lead's handoff (assignments and SLA clocks) over HTTP. */
@RestController
@Tag(
    name = "Sales inbox",
    description =
        "Open leads with their SLA due times; accept, reject with a reason, log the first contact,"
            + " reassign")
class InboxController {

  private final Inbox inbox;

  InboxController(Inbox inbox) {
    this.inbox = inbox;
  }

  record EntryView(
      long personId,
      @Nullable String email,
      @Nullable String name,
      String stage,
      @Nullable String owner,
      @Nullable Instant assignedAt,
      @Nullable Instant acceptedAt,
      @Nullable Instant firstContactAt,
      @Nullable Instant acceptDue,
      @Nullable Instant firstContactDue,
      boolean breached,
      int mqlCount,
      @Nullable String source,
      @Nullable String campaign) {}

  record LeadView(
      long personId,
      String stage,
      @Nullable String owner,
      @Nullable Instant assignedAt,
      @Nullable Instant acceptedAt,
      @Nullable Instant firstContactAt) {

    static LeadView of(Lead l) {
      return new LeadView(
          l.person().value(),
          l.stage().key(),
          l.owner() == null ? null : l.owner().email(),
          l.assignedAt(),
          l.acceptedAt(),
          l.firstContactAt());
    }
  }

  record ClockView(
      int mqlCount,
      String kind,
      String status,
      @Nullable String owner,
      Instant startedAt,
      Instant dueAt,
      @Nullable Instant metAt,
      @Nullable Instant stoppedAt,
      @Nullable Instant breachedAt,
      @Nullable String escalatedTo) {

    static ClockView of(SlaClock c) {
      return new ClockView(
          c.mqlCount(),
          c.kind().key(),
          c.status().key(),
          c.owner(),
          c.startedAt(),
          c.dueAt(),
          c.metAt(),
          c.stoppedAt(),
          c.breachedAt(),
          c.escalatedTo());
    }
  }

  record HandoffView(List<Assignment> assignments, List<ClockView> clocks) {}

  record AcceptRequest(@Nullable String comment) {}

  record RejectRequest(
      @Nullable String reason, @Nullable String comment, @Nullable Boolean disqualify) {}

  record ContactRequest(@Nullable String type, @Nullable String note, @Nullable String at) {}

  record OwnerRequest(@Nullable String owner, @Nullable String comment) {}

  @GetMapping("/api/inbox")
  @Operation(
      summary = "Open leads (mql, sal, sql) with their SLA due times, soonest due first",
      description =
          "scope=mine (default): yours; team: your teams' members' (an admin's: every team's);"
              + " unassigned: leads routing"
              + " could not place.")
  List<EntryView> list(
      @AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "mine") String scope) {
    Inbox.Scope s;
    try {
      s = Inbox.Scope.valueOf(scope.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(
          "handoff.invalid-scope", "scope is mine, team or unassigned, not '" + scope + "'.");
    }
    return inbox.list(caller, s).stream()
        .map(e ->
            new EntryView(
                e.lead().person().value(),
                e.email(),
                e.name(),
                e.lead().stage().key(),
                e.lead().owner() == null ? null : e.lead().owner().email(),
                e.lead().assignedAt(),
                e.lead().acceptedAt(),
                e.lead().firstContactAt(),
                e.acceptDue(),
                e.firstContactDue(),
                e.breached(),
                e.lead().mqlCount(),
                e.lead().source(),
                e.lead().campaign()))
        .toList();
  }

  @PostMapping("/api/inbox/{id}/accept")
  @Operation(summary = "Accept the lead (mql → sal)")
  LeadView accept(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestBody(required = false) @Nullable AcceptRequest request) {
    return LeadView.of(
        inbox.accept(caller, new PersonId(id), request == null ? null : request.comment()));
  }

  @PostMapping("/api/inbox/{id}/reject")
  @Operation(
      summary = "Reject the lead with a reason code: recycled to nurture, or disqualified",
      description =
          "reason: a reject code (or, with disqualify=true, a disqualify code) from"
              + " /api/lifecycle/reasons.")
  LeadView reject(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestBody RejectRequest request) {
    return LeadView.of(
        inbox.reject(
            caller,
            new PersonId(id),
            request.reason(),
            request.comment(),
            Boolean.TRUE.equals(request.disqualify())));
  }

  @PostMapping("/api/inbox/{id}/contact")
  @Operation(
      summary = "Log a contact with the lead as a sales interaction (a call unless type says)",
      description =
          "Any sales interaction with the person after the handoff counts as the first contact;"
              + " this records one on the timeline. at defaults to now.")
  LeadView contact(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestBody(required = false) @Nullable ContactRequest request) {
    Instant at = null;
    if (request != null && request.at() != null) {
      try {
        at = java.time.OffsetDateTime.parse(request.at()).toInstant();
      } catch (DateTimeParseException e) {
        throw Problem.invalid(
            "handoff.invalid-contact",
            "at is not a time.",
            List.of(
                new Problem.FieldError(
                    "/at", "ISO-8601 with an offset, e.g. 2026-11-20T14:03:00Z")));
      }
    }
    return LeadView.of(
        inbox.logContact(
            caller,
            new PersonId(id),
            request == null ? null : request.type(),
            request == null ? null : request.note(),
            at));
  }

  @PostMapping("/api/people/{id}/lead/owner")
  @Operation(summary = "Reassign the lead to another member (a sales manager or an admin)")
  LeadView reassign(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestBody OwnerRequest request) {
    if (request.owner() == null || request.owner().isBlank()) {
      throw Problem.invalid(
          "handoff.unknown-owner",
          "Say who takes the lead.",
          List.of(new Problem.FieldError("/owner", "required: a member's e-mail")));
    }
    return LeadView.of(
        inbox.reassign(caller, new PersonId(id), request.owner().trim(), request.comment()));
  }

  @GetMapping("/api/people/{id}/lead/handoff")
  @Operation(summary = "The lead's assignments and SLA clocks, every MQL cycle, oldest first")
  HandoffView handoff(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    PersonId person = new PersonId(id);
    return new HandoffView(
        inbox.assignments(caller, person),
        inbox.clocks(caller, person).stream().map(ClockView::of).toList());
  }
}
