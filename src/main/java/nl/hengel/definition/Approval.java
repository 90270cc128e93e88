package nl.hengel.definition;

import java.time.Instant;
import nl.hengel.platform.UserId;

/** One side's approval of a definition version: by whom and when. */
public record Approval(Side side, UserId user, String email, Instant at) {}
