package nl.hengel.handoff;

import java.time.Instant;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;

/**
 * A lead was handed to a sales owner (by routing, or reassigned by a manager), or routing found
 * nobody ({@code owner} null); {@code because} says why, in words.
 */
public record LeadAssigned(
    WorkspaceId workspace,
    PersonId person,
    @Nullable String owner,
    @Nullable Long team,
    String because,
    String actor,
    Instant at) {}
