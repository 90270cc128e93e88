package nl.hengel.definition;

import java.time.Instant;
import nl.hengel.platform.UserId;

/**
 * A member an admin allowed to approve one side of every version, besides the owner each version
 * names for that side.
 */
public record Approver(UserId user, String email, Side side, Instant grantedAt) {}
