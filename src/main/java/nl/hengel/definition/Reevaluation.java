package nl.hengel.definition;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Progress of re-scoring every lead of a workspace under a version being activated. */
public record Reevaluation(
    long id,
    long versionId,
    Status status,
    long total,
    long done,
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
}
