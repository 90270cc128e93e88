package nl.hengel.definition;

import java.time.Instant;
import java.util.List;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;

/**
 * Leads were scored under a version, inside the transaction that stored their scores; {@code
 * qualified} lists those whose MQL gate has held at some moment, with that first moment. Published
 * for the live version and for a version being re-evaluated alike; {@code versionId} tells which.
 */
public record LeadsScored(WorkspaceId workspace, long versionId, List<Qualified> qualified) {

  public LeadsScored {
    qualified = List.copyOf(qualified);
  }

  /** A lead whose gate first held at {@code mqlAt} (an event's own time). */
  public record Qualified(PersonId person, Instant mqlAt) {}
}
