package nl.hengel.lifecycle.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nl.hengel.definition.ActiveDefinition;
import nl.hengel.definition.LeadsScored;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.Lifecycle;
import nl.hengel.lifecycle.Stage;
import nl.hengel.timeline.PersonId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the engine's MQL moments into the lifecycle's MQL stage, in the transaction that stored the
 * scores: a new lead qualifies at its first MQL moment; a nurtured one (recycled, or put there by
 * marketing) at the first moment the gate holds again on activity after its nurture period.
 */
@Component
class Qualifying {

  private final Lifecycle lifecycle;
  private final LeadRows rows;
  private final ActiveDefinition definitions;

  Qualifying(Lifecycle lifecycle, LeadRows rows, ActiveDefinition definitions) {
    this.lifecycle = lifecycle;
    this.rows = rows;
    this.definitions = definitions;
  }

  @EventListener
  void on(LeadsScored scored) {
    if (scored.qualified().isEmpty()) {
      return;
    }
    Optional<ActiveDefinition.InForce> inForce = definitions.of(scored.workspace());
    if (inForce.isEmpty() || inForce.get().versionId() != scored.versionId()) {
      // A version being re-evaluated decides nothing until it is the one in force; then its
      // re-evaluation scores the leads it qualifies once more, and they arrive here.
      return;
    }
    qualify(scored);
  }

  private void qualify(LeadsScored scored) {
    Map<PersonId, Lead> leads = new HashMap<>();
    for (Lead lead :
        rows.findAll(
            scored.workspace(),
            scored.qualified().stream().map(LeadsScored.Qualified::person).toList())) {
      leads.put(lead.person(), lead);
    }
    for (LeadsScored.Qualified q : scored.qualified()) {
      Lead lead = leads.get(q.person());
      if (lead == null || lead.stage() == Stage.NEW) {
        lifecycle.qualify(scored.workspace(), q.person(), q.mqlAt());
      } else if (lead.stage() == Stage.NURTURE) {
        Instant since = lead.nurtureUntil() != null ? lead.nurtureUntil() : lead.stageSince();
        definitions
            .qualifyingMoment(scored.workspace(), q.person(), since)
            .ifPresent(at -> lifecycle.qualify(scored.workspace(), q.person(), at));
      }
    }
  }
}
