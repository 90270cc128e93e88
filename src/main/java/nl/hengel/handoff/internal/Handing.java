package nl.hengel.handoff.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hengel.definition.ActiveDefinition;
import nl.hengel.engine.BusinessTime;
import nl.hengel.engine.Definition;
import nl.hengel.handoff.FirstContactMade;
import nl.hengel.handoff.LeadAssigned;
import nl.hengel.handoff.Routing;
import nl.hengel.handoff.RoutingDecision;
import nl.hengel.handoff.SlaClock;
import nl.hengel.handoff.SlaKind;
import nl.hengel.lifecycle.Actor;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.LeadStageChanged;
import nl.hengel.lifecycle.Lifecycle;
import nl.hengel.lifecycle.Owner;
import nl.hengel.lifecycle.Stage;
import nl.hengel.timeline.Department;
import nl.hengel.timeline.InteractionsRecorded;
import nl.hengel.timeline.Timeline;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands every new MQL to sales in the transaction that qualified it — routed, assigned, its SLA
 * clocks started in business time — and keeps the clocks as the lead moves and as sales'
 * interactions with the person arrive.
 */
@Component
class Handing {

  private final Routing routing;
  private final Lifecycle lifecycle;
  private final ActiveDefinition definitions;
  private final SlaClocks clocks;
  private final SlaKeeping keeping;
  private final Timeline timeline;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Handing(
      Routing routing,
      Lifecycle lifecycle,
      ActiveDefinition definitions,
      SlaClocks clocks,
      SlaKeeping keeping,
      Timeline timeline,
      ApplicationEventPublisher events,
      Clock clock) {
    this.routing = routing;
    this.lifecycle = lifecycle;
    this.definitions = definitions;
    this.clocks = clocks;
    this.keeping = keeping;
    this.timeline = timeline;
    this.events = events;
    this.clock = clock;
  }

  @EventListener
  void on(LeadStageChanged changed) {
    var ws = changed.workspace();
    var change = changed.change();
    var person = change.person();
    Instant now = change.at();
    if (change.to() == Stage.MQL) {
      handOff(changed);
      return;
    }
    if (change.from() == Stage.MQL) {
      // Accepting and rejecting are both answers: the accept clock is met either way.
      keeping.respond(ws, person, SlaKind.ACCEPT, now);
    }
    if (!(change.to() == Stage.SAL || change.to() == Stage.SQL)) {
      clocks.stop(ws, person, now);
    }
  }

  private void handOff(LeadStageChanged changed) {
    var ws = changed.workspace();
    var person = changed.change().person();
    Instant now = changed.change().at();
    RoutingDecision decision = routing.route(ws, person);
    Long ownerId = null;
    Long teamId = null;
    String ownerEmail = null;
    if (decision instanceof RoutingDecision.Routed r) {
      ownerId = r.owner().value();
      teamId = r.team() == null ? null : r.team().value();
      ownerEmail = r.ownerEmail();
      lifecycle.assign(ws, person, new Owner(r.owner(), r.ownerEmail()), teamId);
    }
    clocks.assigned(ws, person, ownerId, teamId, decision.because(), Actor.SYSTEM.name(), now);
    events.publishEvent(
        new LeadAssigned(
            ws, person, ownerEmail, teamId, decision.because(), Actor.SYSTEM.name(), now));
    Optional<ActiveDefinition.InForce> inForce = definitions.of(ws);
    Definition.Sla sla = inForce.map(v -> v.definition().sla()).orElse(null);
    if (sla == null) {
      return;
    }
    BusinessTime hours = BusinessTime.of(sla.businessHours());
    int cycle = changed.lead().mqlCount();
    Long version = inForce.get().versionId();
    clocks.start(
        ws,
        person,
        cycle,
        SlaKind.ACCEPT,
        ownerId,
        teamId,
        now,
        hours.plus(now, sla.acceptWithin()),
        version);
    clocks.start(
        ws,
        person,
        cycle,
        SlaKind.FIRST_CONTACT,
        ownerId,
        teamId,
        now,
        hours.plus(now, sla.firstContactWithin()),
        version);
  }

  /** Any sales interaction with a lead after its handoff is its first contact. */
  @EventListener
  void on(InteractionsRecorded recorded) {
    var ws = recorded.workspace();
    List<SlaClock> waiting =
        clocks.running(ws, List.copyOf(recorded.people()), SlaKind.FIRST_CONTACT);
    for (SlaClock c : waiting) {
      timeline
          .first(ws, c.person(), Department.SALES, c.startedAt())
          .ifPresent(first -> {
            Instant at = first.occurredAt();
            keeping.respond(ws, c.person(), SlaKind.FIRST_CONTACT, at);
            Optional<Lead> lead = lifecycle.firstContact(ws, c.person(), at);
            events.publishEvent(
                new FirstContactMade(
                    ws, c.person(), lead.map(Lead::owner).map(Owner::email).orElse(c.owner()), at));
          });
    }
  }

  Instant now() {
    return clock.instant();
  }
}
