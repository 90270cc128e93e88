package nl.hengel.definition;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Progress of activating a version: re-scoring every lead of the workspace under it ({@code total},
 * {@code done}), the switch, then qualifying the leads it qualifies ({@code qualifyTotal}, {@code
 * qualifyDone}). {@link Status#DONE} only once every one of those leads' stage changes is
 * committed.
 *
 * @param qualifyTotal how many leads the switch handed to the qualifying phase: those that met the
 *     gate under the version and those whose interactions arrived while it scored; null before the
 *     switch
 */
public record Reevaluation(
    long id,
    long versionId,
    Status status,
    Phase phase,
    long total,
    long done,
    @Nullable Long qualifyTotal,
    long qualifyDone,
    String actor,
    Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String error) {

  public enum Status {
    RUNNING,
    DONE,
    FAILED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The part of the work a re-evaluation is in, or ended in: scoring every lead under the version
   * (readers still see the previous one), or, once the version is in force, qualifying the leads it
   * qualifies.
   */
  public enum Phase {
    SCORING,
    QUALIFYING;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
