package nl.hengel.definition;

import java.time.Instant;
import nl.hengel.platform.WorkspaceId;

/**
 * A definition version became the workspace's active one; published inside the transaction that
 * switched it.
 */
public record DefinitionActivated(
    WorkspaceId workspace, long versionId, int number, String name, Instant at) {}
