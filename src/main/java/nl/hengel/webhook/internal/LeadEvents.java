package nl.hengel.webhook.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.hengel.handoff.FirstContactMade;
import nl.hengel.handoff.LeadAssigned;
import nl.hengel.handoff.SlaBreached;
import nl.hengel.handoff.SlaClock;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.LeadStageChanged;
import nl.hengel.lifecycle.Stage;
import nl.hengel.lifecycle.StageChange;
import nl.hengel.webhook.EventTypes;
import nl.hengel.webhook.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reports what happens to leads as webhook events, in the transaction of the change: every stage
 * change as {@code lead.stage_changed} and, where it has one, its specific type too ({@code
 * lead.mql}, {@code lead.accepted}, {@code lead.rejected}, {@code lead.won}, {@code lead.lost});
 * assignments, first contacts and SLA breaches.
 */
@Component
class LeadEvents {

  private final Outbox outbox;

  LeadEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  @EventListener
  void on(LeadStageChanged changed) {
    StageChange c = changed.change();
    Lead lead = changed.lead();
    var data = new LinkedHashMap<String, Object>();
    data.put("personId", c.person().value());
    data.put("from", c.from().key());
    data.put("to", c.to().key());
    data.put("actor", c.actor());
    putIfPresent(data, "reason", c.reason());
    putIfPresent(data, "comment", c.comment());
    data.put("at", c.at().toString());
    putIfPresent(data, "definitionVersion", c.version());
    data.put("mqlCount", lead.mqlCount());
    if (lead.mqlAt() != null) {
      data.put("mqlAt", lead.mqlAt().toString());
    }
    if (lead.owner() != null) {
      data.put("owner", lead.owner().email());
    }
    putIfPresent(data, "source", lead.source());
    putIfPresent(data, "campaign", lead.campaign());
    outbox.append(changed.workspace(), EventTypes.LEAD_STAGE_CHANGED, data);
    String specific = specificType(c);
    if (specific != null) {
      outbox.append(changed.workspace(), specific, data);
    }
  }

  @EventListener
  void on(LeadAssigned assigned) {
    var data = new LinkedHashMap<String, Object>();
    data.put("personId", assigned.person().value());
    putIfPresent(data, "owner", assigned.owner());
    putIfPresent(data, "team", assigned.team());
    data.put("because", assigned.because());
    data.put("actor", assigned.actor());
    data.put("at", assigned.at().toString());
    outbox.append(assigned.workspace(), EventTypes.LEAD_ASSIGNED, data);
  }

  @EventListener
  void on(FirstContactMade contact) {
    var data = new LinkedHashMap<String, Object>();
    data.put("personId", contact.person().value());
    putIfPresent(data, "owner", contact.owner());
    data.put("at", contact.at().toString());
    outbox.append(contact.workspace(), EventTypes.LEAD_FIRST_CONTACT, data);
  }

  @EventListener
  void on(SlaBreached breached) {
    SlaClock c = breached.clock();
    var data = new LinkedHashMap<String, Object>();
    data.put("personId", c.person().value());
    data.put("sla", c.kind().key());
    data.put("mqlCount", c.mqlCount());
    putIfPresent(data, "owner", c.owner());
    data.put("startedAt", c.startedAt().toString());
    data.put("dueAt", c.dueAt().toString());
    data.put("breachedAt", c.breachedAt().toString());
    putIfPresent(data, "escalatedTo", breached.escalatedTo());
    outbox.append(breached.workspace(), EventTypes.SLA_BREACHED, data);
  }

  private static String specificType(StageChange c) {
    return switch (c.to()) {
      case MQL -> EventTypes.LEAD_MQL;
      case SAL -> EventTypes.LEAD_ACCEPTED;
      case WON -> EventTypes.LEAD_WON;
      case LOST -> EventTypes.LEAD_LOST;
      case NURTURE, DISQUALIFIED ->
          c.from() == Stage.MQL || c.from() == Stage.SAL ? EventTypes.LEAD_REJECTED : null;
      default -> null;
    };
  }

  private static void putIfPresent(Map<String, Object> data, String key, Object value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
