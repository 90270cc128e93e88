package nl.hengel.handoff;

import nl.hengel.access.TeamId;
import nl.hengel.platform.UserId;
import org.jspecify.annotations.Nullable;

/** Where a new qualified lead goes, with the reason in words a sales user reads unchanged. */
public sealed interface RoutingDecision {

  /** The human reason for this decision. */
  String because();

  /**
   * The lead goes to {@code owner}; {@code team} is the team whose round-robin chose them, null
   * when an account owner or a named user took it.
   */
  record Routed(UserId owner, String ownerEmail, @Nullable TeamId team, String because)
      implements RoutingDecision {}

  /** Nobody could take the lead: nothing matched, or every candidate was unavailable. */
  record Unrouted(String because) implements RoutingDecision {}
}
