package nl.hengel.handoff.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hengel.handoff.SlaBreached;
import nl.hengel.handoff.SlaClock;
import nl.hengel.handoff.SlaKind;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Ends SLA clocks: met when sales responds (a response after the due time is met late, and its
 * breach is recorded if the breach job had not yet), breached when the due time passes, each
 * exactly once.
 */
@Component
class SlaKeeping {

  private final SlaClocks clocks;
  private final Escalations escalations;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  SlaKeeping(
      SlaClocks clocks, Escalations escalations, ApplicationEventPublisher events, Clock clock) {
    this.clocks = clocks;
    this.escalations = escalations;
    this.events = events;
    this.clock = clock;
  }

  /** Sales responded at {@code at}; answers whether a clock of the kind was waiting for it. */
  boolean respond(WorkspaceId ws, PersonId person, SlaKind kind, Instant at) {
    List<SlaClock> open = clocks.running(ws, List.of(person), kind);
    if (open.isEmpty()) {
      return false;
    }
    for (SlaClock c : open) {
      if (c.breachedAt() == null && at.isAfter(c.dueAt())) {
        breach(ws, c.id(), c.team(), c.ownerId() == null ? null : c.ownerId().value());
      }
    }
    if (!clocks.meet(ws, person, kind, at)) {
      clocks.meetLate(ws, person, kind, at);
    }
    return true;
  }

  /** Records the breach of a clock claimed by this transaction and publishes it. */
  SlaClock breach(WorkspaceId ws, long id, @Nullable Long team, @Nullable Long owner) {
    Optional<String> manager = escalations.managerFor(ws, team, owner);
    SlaClock breached = clocks.breach(id, clock.instant(), manager.orElse(null));
    events.publishEvent(new SlaBreached(ws, breached, manager.orElse(null)));
    return breached;
  }
}
