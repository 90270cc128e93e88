package nl.hengel.handoff;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hengel.definition.ActiveDefinition;
import nl.hengel.engine.BusinessTime;
import nl.hengel.engine.Definition;
import nl.hengel.handoff.internal.SlaClocks;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.Lifecycle;
import nl.hengel.lifecycle.Owner;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records handoffs that happened before Hengel saw them (an import, a generator): who got an open
 * lead and when, and its SLA clocks under the version in force, started at the handoff's own time
 * and met where sales answered. A clock that is overdue and unanswered is left running, so the
 * breach worker records its breach and escalates it as it would a live one.
 */
@Service
public class PastHandoffs {

  /**
   * An open lead (in mql, sal or sql, with its past recorded) was handed to {@code owner} at {@code
   * handedAt}; sales accepted it and first contacted it at the times given, if it did.
   */
  public record PastHandoff(
      PersonId person,
      Owner owner,
      @Nullable Long team,
      Instant handedAt,
      @Nullable Instant acceptedAt,
      @Nullable Instant firstContactAt) {}

  private final SlaClocks clocks;
  private final Lifecycle lifecycle;
  private final ActiveDefinition definitions;

  PastHandoffs(SlaClocks clocks, Lifecycle lifecycle, ActiveDefinition definitions) {
    this.clocks = clocks;
    this.lifecycle = lifecycle;
    this.definitions = definitions;
  }

  /**
   * Records the handoffs; answers how many got SLA clocks (none without a version in force, or
   * without an SLA in it). A lead whose clocks of its MQL cycle exist already keeps them.
   */
  @Transactional
  public int record(WorkspaceId ws, List<PastHandoff> pasts) {
    Optional<ActiveDefinition.InForce> inForce = definitions.of(ws);
    Definition.Sla sla = inForce.map(v -> v.definition().sla()).orElse(null);
    int clocked = 0;
    for (PastHandoff p : pasts) {
      Lead lead = lifecycle.lead(ws, p.person());
      Long owner = p.owner().user().value();
      clocks.assigned(
          ws, p.person(), owner, p.team(), "recorded past handoff", "system", p.handedAt());
      if (sla == null) {
        continue;
      }
      BusinessTime hours = BusinessTime.of(sla.businessHours());
      start(
          ws,
          p,
          lead.mqlCount(),
          SlaKind.ACCEPT,
          hours.plus(p.handedAt(), sla.acceptWithin()),
          inForce.get().versionId(),
          p.acceptedAt());
      start(
          ws,
          p,
          lead.mqlCount(),
          SlaKind.FIRST_CONTACT,
          hours.plus(p.handedAt(), sla.firstContactWithin()),
          inForce.get().versionId(),
          p.firstContactAt());
      clocked++;
    }
    return clocked;
  }

  private void start(
      WorkspaceId ws,
      PastHandoff p,
      int cycle,
      SlaKind kind,
      Instant due,
      long version,
      @Nullable Instant answered) {
    clocks.start(
        ws,
        p.person(),
        cycle,
        kind,
        p.owner().user().value(),
        p.team(),
        p.handedAt(),
        due,
        version);
    if (answered != null) {
      clocks.meet(ws, p.person(), kind, answered);
    }
  }
}
