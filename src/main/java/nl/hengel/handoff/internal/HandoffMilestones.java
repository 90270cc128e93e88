package nl.hengel.handoff.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import nl.hengel.handoff.Assignment;
import nl.hengel.handoff.SlaClock;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.Milestone;
import nl.hengel.timeline.MilestoneSource;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Puts a lead's assignments and breached SLAs on the person's timeline. */
@Component
@org.springframework.core.annotation.Order(2)
class HandoffMilestones implements MilestoneSource {

  private final SlaClocks clocks;

  HandoffMilestones(SlaClocks clocks) {
    this.clocks = clocks;
  }

  @Override
  public List<Milestone> milestones(
      WorkspaceId ws, PersonId person, @Nullable Instant from, @Nullable Instant to) {
    var all = new ArrayList<Milestone>();
    for (Assignment a : clocks.assignments(ws, person)) {
      if (within(a.at(), from, to)) {
        var details = new LinkedHashMap<String, Object>();
        if (a.owner() != null) {
          details.put("owner", a.owner());
        }
        details.put("because", a.because());
        details.put("actor", a.actor());
        all.add(
            new Milestone(
                a.at(),
                "lead.assigned",
                a.owner() == null ? "Not assigned: " + a.because() : "Assigned to " + a.owner(),
                details));
      }
    }
    for (SlaClock c : clocks.of(ws, person)) {
      if (c.breachedAt() != null && within(c.breachedAt(), from, to)) {
        var details = new LinkedHashMap<String, Object>();
        details.put("sla", c.kind().key());
        details.put("dueAt", c.dueAt().toString());
        if (c.owner() != null) {
          details.put("owner", c.owner());
        }
        if (c.escalatedTo() != null) {
          details.put("escalatedTo", c.escalatedTo());
        }
        all.add(
            new Milestone(
                c.breachedAt(),
                "sla.breached",
                (c.kind() == nl.hengel.handoff.SlaKind.ACCEPT ? "Accept" : "First contact")
                    + " SLA breached"
                    + (c.escalatedTo() == null ? "" : ", escalated to " + c.escalatedTo()),
                details));
      }
    }
    return all;
  }

  private static boolean within(Instant at, @Nullable Instant from, @Nullable Instant to) {
    return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
  }
}
