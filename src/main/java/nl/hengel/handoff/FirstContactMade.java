package nl.hengel.handoff;

import java.time.Instant;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;

/**
 * Sales first contacted a lead assigned to it, at the interaction's own time; published once per
 * MQL cycle.
 */
public record FirstContactMade(
    WorkspaceId workspace, PersonId person, @Nullable String owner, Instant at) {}
