package nl.hengel.access;

import java.time.Instant;
import nl.hengel.platform.WorkspaceId;

/** One tenant: a company using Hengel, or one client of a publisher. */
public record Workspace(WorkspaceId id, String slug, String name, Instant createdAt) {}
