package nl.hengel.handoff;

import java.time.Instant;
import java.util.Locale;
import nl.hengel.platform.UserId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;

/**
 * One SLA clock of one MQL cycle of a lead: started at the handoff, due at a moment computed in
 * business time, and ended at most once — met, stopped (the lead left sales first) or breached.
 */
public record SlaClock(
    long id,
    PersonId person,
    int mqlCount,
    SlaKind kind,
    @Nullable UserId ownerId,
    @Nullable String owner,
    @Nullable Long team,
    Instant startedAt,
    Instant dueAt,
    @Nullable Instant metAt,
    @Nullable Instant stoppedAt,
    @Nullable Instant breachedAt,
    @Nullable String escalatedTo) {

  /** Where a clock is. */
  public enum Status {
    RUNNING,
    MET,
    STOPPED,
    BREACHED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Status status() {
    if (breachedAt != null) {
      return Status.BREACHED;
    }
    if (metAt != null) {
      return Status.MET;
    }
    return stoppedAt != null ? Status.STOPPED : Status.RUNNING;
  }
}
