package nl.hengel.timeline;

import java.util.Set;
import nl.hengel.platform.WorkspaceId;

/**
 * Published inside the ingest transaction after new interactions were written, so capabilities that
 * derive state from the timeline (scoring) update it in the same transaction.
 */
public record InteractionsRecorded(WorkspaceId workspace, Set<PersonId> people) {}
