package nl.hengel.definition;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One stored version of a workspace's lead definition. The text never changes once stored: a change
 * is a new version. {@code number} counts 1, 2, 3… per workspace.
 */
public record DefinitionVersion(
    long id,
    int number,
    String name,
    String yaml,
    Status status,
    String marketingOwner,
    String salesOwner,
    String author,
    Instant createdAt,
    @Nullable Instant approvedAt,
    @Nullable Instant activatedAt,
    @Nullable Instant retiredAt) {

  /** Where a version is in its life. */
  public enum Status {
    /** Uploaded, waiting for the marketing and the sales approval. */
    DRAFT,
    /** Approved by both sides; may be activated. */
    APPROVED,
    /** Every lead is being re-evaluated under it; readers still see the previous version. */
    ACTIVATING,
    /** The version in force. */
    ACTIVE,
    /** Was active, replaced by a newer one. */
    RETIRED,
    /** Put aside without ever becoming active (or after retiring). */
    ARCHIVED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
