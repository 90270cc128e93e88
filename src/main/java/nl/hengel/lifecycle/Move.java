package nl.hengel.lifecycle;

import org.jspecify.annotations.Nullable;

/**
 * A request to move a lead to a stage, with a reason code (required where the target needs one:
 * rejecting, disqualifying, losing) and a free comment.
 */
public record Move(Stage to, @Nullable String reason, @Nullable String comment) {}
