package nl.hengel.handoff;

import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;

/**
 * An SLA clock ran out before sales responded; published once per clock, in the transaction that
 * recorded the breach, with the manager it escalates to (null when the lead's team has none).
 */
public record SlaBreached(WorkspaceId workspace, SlaClock clock, @Nullable String escalatedTo) {}
