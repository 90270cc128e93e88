package nl.hengel.timeline;

import java.time.Instant;
import java.util.List;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;

/**
 * A capability that puts milestones on people's timelines. The timeline asks every such bean for
 * the milestones of a page's time window, so capabilities that build on the timeline can show there
 * without the timeline knowing them.
 */
public interface MilestoneSource {

  /** The person's milestones with {@code from <= at < to} (a null bound is open), in any order. */
  List<Milestone> milestones(
      WorkspaceId ws, PersonId person, @Nullable Instant from, @Nullable Instant to);
}
