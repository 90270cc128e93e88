package nl.hengel.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hengel.definition.ActiveDefinition;
import nl.hengel.engine.Definition;
import nl.hengel.lifecycle.internal.LeadRows;
import nl.hengel.lifecycle.internal.TransitionPolicies;
import nl.hengel.lifecycle.internal.TransitionPolicy;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.People;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves leads through the waterfall. Every move is checked by the transition policies, stored with
 * actor, reason, comment, time and the definition version in force, and published as {@link
 * LeadStageChanged} in the same transaction.
 */
@Service
public class Lifecycle {

  private final LeadRows rows;
  private final People people;
  private final Reasons reasons;
  private final ActiveDefinition definitions;
  private final LeadAccess access;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Lifecycle(
      LeadRows rows,
      People people,
      Reasons reasons,
      ActiveDefinition definitions,
      LeadAccess access,
      ApplicationEventPublisher events,
      Clock clock) {
    this.rows = rows;
    this.people = people;
    this.reasons = reasons;
    this.definitions = definitions;
    this.access = access;
    this.events = events;
    this.clock = clock;
  }

  /** The lead a person is now; a person who never moved is a new lead. */
  @Transactional(readOnly = true)
  public Lead lead(WorkspaceId ws, PersonId id) {
    PersonId person = people.get(ws, id).id();
    return rows.find(ws, person).orElse(Lead.fresh(person));
  }

  /** Every stage change of the lead, oldest first. */
  @Transactional(readOnly = true)
  public List<StageChange> history(WorkspaceId ws, PersonId id) {
    return rows.history(ws, people.get(ws, id).id());
  }

  /**
   * Leads in a sales stage (mql, sal, sql) owned by these users, or nobody's when {@code owners} is
   * empty, oldest handoff first.
   */
  @Transactional(readOnly = true)
  public List<Lead> inSales(WorkspaceId ws, List<nl.hengel.platform.UserId> owners, int limit) {
    return rows.inSales(ws, owners, limit);
  }

  /**
   * Moves a lead as a person asks; a refused move changes nothing and throws a problem carrying the
   * refusing policy's reason.
   */
  @Transactional
  public Lead move(Caller caller, PersonId id, Move move) {
    return move(caller.workspace(), Actor.of(caller), caller.roles(), id, move);
  }

  /**
   * As {@link #move(Caller, PersonId, Move)}, for a capability acting on a person's behalf (the
   * sales inbox) or for Hengel itself (with {@link Actor#SYSTEM} and no roles).
   */
  @Transactional
  public Lead move(WorkspaceId ws, Actor actor, Set<Role> roles, PersonId id, Move move) {
    PersonId person = people.get(ws, id).id();
    rows.lock(ws, person);
    Lead lead = rows.find(ws, person).orElse(Lead.fresh(person));
    if (verdict(ws, actor, roles, lead, move) instanceof Verdict.Refused refused) {
      throw refusal(refused);
    }
    Instant now = clock.instant();
    Optional<ActiveDefinition.InForce> inForce = definitions.of(ws);
    return apply(
        ws, lead, move, actor, now, inForce.orElse(null), after(lead, move, actor, now, inForce));
  }

  /**
   * What the transition policies say of a move now, without making it (for checking a whole import
   * before applying any of it). A person not in the workspace is a problem, not a verdict.
   */
  @Transactional(readOnly = true)
  public Verdict check(Caller caller, PersonId id, Move move) {
    var ws = caller.workspace();
    PersonId person = people.get(ws, id).id();
    Lead lead = rows.find(ws, person).orElse(Lead.fresh(person));
    return verdict(ws, Actor.of(caller), caller.roles(), lead, move);
  }

  private Verdict verdict(WorkspaceId ws, Actor actor, Set<Role> roles, Lead lead, Move move) {
    Optional<ReasonKind> kind = TransitionPolicies.reasonNeeded(lead.stage(), move.to());
    return TransitionPolicies.check(
        new TransitionPolicy.Attempt(
            lead,
            move,
            actor,
            roles,
            kind.map(k -> reasons.of(ws, k)).orElse(List.of()),
            actor.isSystem() || access.actsFor(ws, actor, roles, lead)));
  }

  /**
   * Hengel qualifies a lead that met the gate of the version in force at {@code mqlAt} (an event's
   * own time): a new lead, or a nurtured one whose nurture period is over. Answers the lead after
   * the move, or empty when it was not eligible. Runs inside the caller's transaction.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Lead> qualify(WorkspaceId ws, PersonId person, Instant mqlAt) {
    if (!rows.lock(ws, person)) {
      return Optional.empty();
    }
    Lead lead = rows.find(ws, person).orElse(Lead.fresh(person));
    if (lead.stage() != Stage.NEW && lead.stage() != Stage.NURTURE) {
      return Optional.empty();
    }
    if (lead.nurtureUntil() != null && mqlAt.isBefore(lead.nurtureUntil())) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<ActiveDefinition.InForce> inForce = definitions.of(ws);
    var firstTouch =
        lead.source() == null && lead.campaign() == null ? rows.firstTouch(ws, person) : null;
    Lead after =
        new Lead(
            person,
            Stage.MQL,
            now,
            mqlAt,
            lead.mqlCount() + 1,
            null,
            null,
            null,
            null,
            null,
            null,
            firstTouch == null ? lead.source() : firstTouch.source(),
            firstTouch == null ? lead.campaign() : firstTouch.campaign(),
            inForce.map(ActiveDefinition.InForce::number).orElse(null));
    String comment =
        (lead.mqlCount() == 0
                ? "Met the MQL gate"
                : "Met the MQL gate again (MQL #" + (lead.mqlCount() + 1) + ")")
            + inForce.map(v -> " of version " + v.number()).orElse("")
            + " at "
            + mqlAt
            + ".";
    return Optional.of(
        apply(
            ws,
            lead,
            new Move(Stage.MQL, "gate-met", comment),
            Actor.SYSTEM,
            now,
            inForce.orElse(null),
            after));
  }

  /**
   * Sets or clears a lead's owner and team (the handoff's routing and reassignment); the lead's
   * stage does not change. Runs inside the caller's transaction.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Lead assign(WorkspaceId ws, PersonId person, @Nullable Owner owner, @Nullable Long team) {
    rows.lock(ws, person);
    Lead lead = rows.find(ws, person).orElse(Lead.fresh(person));
    Instant now = clock.instant();
    Lead after = lead.assignedTo(owner, team, owner == null ? null : now);
    rows.save(ws, after, versionIdOf(ws, lead), now);
    return rows.find(ws, person).orElseThrow();
  }

  /**
   * Records the first contact sales made with an assigned lead, at its own time; only the first
   * counts, and only one at or after the assignment. Answers the lead if this was it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Lead> firstContact(WorkspaceId ws, PersonId person, Instant at) {
    rows.lock(ws, person);
    Optional<Lead> found = rows.find(ws, person);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Lead lead = found.get();
    if (!lead.stage().isWithSales()
        || lead.firstContactAt() != null
        || lead.assignedAt() == null
        || at.isBefore(lead.assignedAt())) {
      return Optional.empty();
    }
    Lead after = lead.contactedAt(at);
    rows.save(ws, after, versionIdOf(ws, lead), clock.instant());
    return rows.find(ws, person);
  }

  private @Nullable Long versionIdOf(WorkspaceId ws, Lead lead) {
    // Keeps the version of the last transition: an assignment is not a transition.
    return rows.versionId(ws, lead.person());
  }

  /** The lead as a move leaves it (the handoff fields follow the stage). */
  private Lead after(
      Lead lead, Move move, Actor actor, Instant now, Optional<ActiveDefinition.InForce> inForce) {
    Stage from = lead.stage();
    Stage to = move.to();
    boolean recycled =
        to == Stage.NURTURE && (from == Stage.MQL || from == Stage.SAL || from == Stage.LOST);
    Instant nurtureUntil = null;
    if (to == Stage.NURTURE) {
      Duration min =
          recycled
              ? inForce
                  .map(v -> v.definition().recycle())
                  .map(Definition.Recycle::minNurture)
                  .orElse(Duration.ZERO)
              : Duration.ZERO;
      nurtureUntil = now.plus(min);
    }
    boolean leavesSales = to == Stage.NURTURE;
    Owner owner = lead.owner();
    Instant assignedAt = lead.assignedAt();
    if (to == Stage.SAL
        && owner == null
        && actor.user() != null
        && actor.name().startsWith("user:")) {
      // Accepting a lead nobody owned makes it yours.
      owner = new Owner(actor.user(), actor.name().substring("user:".length()));
      assignedAt = now;
    }
    return new Lead(
        lead.person(),
        to,
        now,
        lead.mqlAt(),
        lead.mqlCount(),
        nurtureUntil,
        leavesSales ? null : owner,
        leavesSales ? null : lead.team(),
        leavesSales ? null : assignedAt,
        to == Stage.SAL ? now : leavesSales ? null : lead.acceptedAt(),
        leavesSales ? null : lead.firstContactAt(),
        lead.source(),
        lead.campaign(),
        inForce.map(ActiveDefinition.InForce::number).orElse(null));
  }

  private Lead apply(
      WorkspaceId ws,
      Lead before,
      Move move,
      Actor actor,
      Instant now,
      ActiveDefinition.@Nullable InForce inForce,
      Lead after) {
    Long versionId = inForce == null ? null : inForce.versionId();
    rows.save(ws, after, versionId, now);
    long id =
        rows.record(
            ws,
            before.person(),
            before.stage(),
            move.to(),
            actor.name(),
            actor.user(),
            blankToNull(move.reason()),
            blankToNull(move.comment()),
            now,
            versionId);
    Lead stored = rows.find(ws, before.person()).orElseThrow();
    events.publishEvent(new LeadStageChanged(ws, rows.change(id), stored));
    return stored;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static Problem refusal(Verdict.Refused refused) {
    HttpStatus status =
        switch (refused.policy()) {
          case "right-role", "own-leads-only" -> HttpStatus.FORBIDDEN;
          case "reason-from-the-list" -> HttpStatus.BAD_REQUEST;
          default -> HttpStatus.CONFLICT;
        };
    List<Problem.FieldError> errors =
        refused.policy().equals("reason-from-the-list")
            ? List.of(new Problem.FieldError("/reason", refused.reason()))
            : List.of();
    return new Problem(status, refused.code(), refused.reason(), errors);
  }
}
