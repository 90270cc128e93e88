package nl.hengel.handoff;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Team;
import nl.hengel.access.TeamMember;
import nl.hengel.access.Teams;
import nl.hengel.definition.ActiveDefinition;
import nl.hengel.engine.Definition;
import nl.hengel.handoff.internal.SlaClocks;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.LeadAccess;
import nl.hengel.lifecycle.Lifecycle;
import nl.hengel.lifecycle.Move;
import nl.hengel.lifecycle.Owner;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.IngestOutcome;
import nl.hengel.timeline.Ingesting;
import nl.hengel.timeline.InteractionInput;
import nl.hengel.timeline.People;
import nl.hengel.timeline.PersonId;
import nl.hengel.timeline.PersonRef;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sales inbox: the open leads of a user (or their team, or nobody's) with their SLA due times,
 * and what sales does with them — accept, reject with a reason, log the first contact, reassign.
 */
@Service
public class Inbox {

  /** Whose leads to show. */
  public enum Scope {
    MINE,
    TEAM,
    UNASSIGNED
  }

  /** One open lead with the person and the due times of its running SLA clocks. */
  public record Entry(
      Lead lead,
      @Nullable String email,
      @Nullable String name,
      @Nullable Instant acceptDue,
      @Nullable Instant firstContactDue,
      boolean breached) {}

  private static final int LIMIT = 500;

  private final Lifecycle lifecycle;
  private final LeadAccess access;
  private final SlaClocks clocks;
  private final People people;
  private final Teams teams;
  private final Members members;
  private final Ingesting ingesting;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ActiveDefinition definitions;

  Inbox(
      Lifecycle lifecycle,
      LeadAccess access,
      SlaClocks clocks,
      People people,
      Teams teams,
      Members members,
      Ingesting ingesting,
      ApplicationEventPublisher events,
      Clock clock,
      ActiveDefinition definitions) {
    this.lifecycle = lifecycle;
    this.access = access;
    this.clocks = clocks;
    this.people = people;
    this.teams = teams;
    this.members = members;
    this.ingesting = ingesting;
    this.events = events;
    this.clock = clock;
    this.definitions = definitions;
  }

  /**
   * The business hours the workspace's SLA clocks count in now: those of the definition in force;
   * empty when none is in force or it has no SLA. What a page counts a due time down in.
   */
  @Transactional(readOnly = true)
  public Optional<Definition.BusinessHours> businessHours(WorkspaceId ws) {
    return definitions.of(ws).map(v -> v.definition().sla()).map(Definition.Sla::businessHours);
  }

  @Transactional(readOnly = true)
  public List<Entry> list(Caller caller, Scope scope) {
    var ws = caller.workspace();
    List<UserId> owners =
        switch (scope) {
          case MINE -> List.of(caller.user());
          case TEAM -> teamOf(caller);
          case UNASSIGNED -> List.of();
        };
    if (scope == Scope.TEAM && owners.isEmpty()) {
      return List.of();
    }
    List<Lead> leads = lifecycle.inSales(ws, owners, LIMIT);
    List<PersonId> ids = leads.stream().map(Lead::person).toList();
    var accept = new java.util.HashMap<PersonId, SlaClock>();
    var contact = new java.util.HashMap<PersonId, SlaClock>();
    clocks.running(ws, ids, SlaKind.ACCEPT).forEach(c -> accept.put(c.person(), c));
    clocks.running(ws, ids, SlaKind.FIRST_CONTACT).forEach(c -> contact.put(c.person(), c));
    var names = people.names(ws, ids);
    var entries = new ArrayList<Entry>(leads.size());
    for (Lead lead : leads) {
      People.Name p = names.get(lead.person());
      SlaClock a = accept.get(lead.person());
      SlaClock f = contact.get(lead.person());
      entries.add(
          new Entry(
              lead,
              p == null ? null : p.email(),
              p == null ? null : p.fullName(),
              a == null ? null : a.dueAt(),
              f == null ? null : f.dueAt(),
              (a != null && a.breachedAt() != null) || (f != null && f.breachedAt() != null)));
    }
    entries.sort(
        Comparator.comparing(
            (Entry e) -> e.acceptDue() != null ? e.acceptDue() : e.firstContactDue(),
            Comparator.nullsLast(Comparator.naturalOrder())));
    return entries;
  }

  /** Sales accepts the lead (mql → sal); the accept clock is met. */
  @Transactional
  public Lead accept(Caller caller, PersonId person, @Nullable String comment) {
    return lifecycle.move(caller, person, new Move(Stage.SAL, null, comment));
  }

  /**
   * Sales rejects the lead with a reason: recycled to nurture, or taken out for good when {@code
   * disqualify} (which needs a disqualify reason).
   */
  @Transactional
  public Lead reject(
      Caller caller,
      PersonId person,
      @Nullable String reason,
      @Nullable String comment,
      boolean disqualify) {
    return lifecycle.move(
        caller, person, new Move(disqualify ? Stage.DISQUALIFIED : Stage.NURTURE, reason, comment));
  }

  /**
   * Logs sales' first contact as a sales interaction on the person's timeline (a call by default),
   * which ends the first-contact clock like any sales interaction after the handoff does.
   */
  @Transactional
  public Lead logContact(
      Caller caller,
      PersonId id,
      @Nullable String type,
      @Nullable String note,
      @Nullable Instant at) {
    var ws = caller.workspace();
    Lead lead = lifecycle.lead(ws, id);
    access.require(caller, lead);
    Instant when = at == null ? clock.instant() : at;
    String kind = type == null || type.isBlank() ? "call" : type.trim();
    List<IngestOutcome> outcome =
        ingesting.ingest(
            ws,
            List.of(
                new InteractionInput(
                    "hengel-inbox",
                    "contact-" + id.value() + "-" + when.toEpochMilli(),
                    new PersonRef(id.value(), null, null),
                    when.toString(),
                    "sales",
                    channelOf(kind),
                    kind,
                    null,
                    null,
                    null,
                    note == null || note.isBlank()
                        ? Map.of("by", caller.email())
                        : Map.of("by", caller.email(), "note", note))));
    if (outcome.getFirst() instanceof IngestOutcome.Rejected r) {
      throw Problem.invalid(r.code(), "The contact cannot be recorded.", r.errors());
    }
    return lifecycle.lead(ws, id);
  }

  /**
   * A sales manager (of the owner's team or of the new owner's team) or an admin hands the lead to
   * another member; running SLA clocks keep their due times and follow the lead.
   */
  @Transactional
  public Lead reassign(Caller caller, PersonId id, String ownerEmail, @Nullable String comment) {
    var ws = caller.workspace();
    Lead lead = lifecycle.lead(ws, id);
    if (!lead.stage().isWithSales()) {
      throw Problem.conflict(
          "handoff.not-in-sales",
          "Only a lead in mql, sal or sql has an owner to change; this one is "
              + lead.stage().key()
              + ".");
    }
    Member next =
        members
            .findByEmail(ws, ownerEmail)
            .orElseThrow(() ->
                Problem.invalid(
                    "handoff.unknown-owner",
                    "No member " + ownerEmail + " in this workspace.",
                    List.of(new Problem.FieldError("/owner", "not a member of this workspace"))));
    boolean manager =
        caller.has(Role.ADMIN)
            || (lead.owner() != null && teams.isManagerOf(ws, caller.user(), lead.owner().user()))
            || teams.isManagerOf(ws, caller.user(), next.id());
    if (!manager) {
      throw Problem.forbidden(
          "handoff.not-a-manager",
          "Only a manager of the owner's team, of the new owner's team, or an admin reassigns a"
              + " lead.");
    }
    Long team =
        teams.teamsOf(ws, next.id()).stream()
            .filter(t -> t.members().stream().anyMatch(m -> m.user().equals(next.id())))
            .map(t -> t.id().value())
            .findFirst()
            .orElse(null);
    Instant now = clock.instant();
    Lead after = lifecycle.assign(ws, lead.person(), new Owner(next.id(), next.email()), team);
    clocks.reassign(ws, lead.person(), next.id().value(), team);
    String because =
        "reassigned by "
            + caller.email()
            + (lead.owner() == null ? "" : " from " + lead.owner().email())
            + (comment == null || comment.isBlank() ? "" : ": " + comment.trim());
    clocks.assigned(ws, lead.person(), next.id().value(), team, because, caller.actor(), now);
    events.publishEvent(
        new LeadAssigned(ws, lead.person(), next.email(), team, because, caller.actor(), now));
    return after;
  }

  /** The owners whose leads a user sees as their team's: members of teams they are in or manage. */
  /** The channel a contact of this kind went through: a call or voicemail by phone, … */
  static String channelOf(String kind) {
    return switch (kind) {
      case "call", "voicemail" -> "phone";
      case "email", "email_sent" -> "email";
      default -> kind;
    };
  }

  /** The sales people of the caller's teams; an admin's team view is every team's. */
  private List<UserId> teamOf(Caller caller) {
    List<Team> of =
        caller.has(nl.hengel.platform.Role.ADMIN)
            ? teams.list(caller.workspace())
            : teams.teamsOf(caller.workspace(), caller.user());
    return of.stream()
        .map(Team::members)
        .flatMap(List::stream)
        .map(TeamMember::user)
        .distinct()
        .toList();
  }

  /** Every assignment of a lead, oldest first. */
  @Transactional(readOnly = true)
  public List<Assignment> assignments(Caller caller, PersonId id) {
    return clocks.assignments(caller.workspace(), people.get(caller.workspace(), id).id());
  }

  /** Every SLA clock of a lead, oldest first. */
  @Transactional(readOnly = true)
  public List<SlaClock> clocks(Caller caller, PersonId id) {
    return clocks.of(caller.workspace(), people.get(caller.workspace(), id).id());
  }
}
