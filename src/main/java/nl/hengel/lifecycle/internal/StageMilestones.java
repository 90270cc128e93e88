package nl.hengel.lifecycle.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import nl.hengel.lifecycle.StageChange;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.Milestone;
import nl.hengel.timeline.MilestoneSource;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Puts every stage change of a lead on the person's timeline. */
@Component
@org.springframework.core.annotation.Order(1)
class StageMilestones implements MilestoneSource {

  private final LeadRows rows;

  StageMilestones(LeadRows rows) {
    this.rows = rows;
  }

  @Override
  public List<Milestone> milestones(
      WorkspaceId ws, PersonId person, @Nullable Instant from, @Nullable Instant to) {
    return rows.history(ws, person).stream()
        .filter(
            c -> (from == null || !c.at().isBefore(from)) && (to == null || c.at().isBefore(to)))
        .map(StageMilestones::milestone)
        .toList();
  }

  private static Milestone milestone(StageChange c) {
    var details = new LinkedHashMap<String, Object>();
    details.put("from", c.from().key());
    details.put("to", c.to().key());
    details.put("actor", c.actor());
    if (c.reason() != null) {
      details.put("reason", c.reason());
    }
    if (c.comment() != null) {
      details.put("comment", c.comment());
    }
    if (c.version() != null) {
      details.put("definitionVersion", c.version());
    }
    return new Milestone(
        c.at(),
        "lead.stage_changed",
        "Stage " + c.from().key() + " → " + c.to().key() + " by " + c.actor(),
        details);
  }
}
