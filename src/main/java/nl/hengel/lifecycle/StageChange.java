package nl.hengel.lifecycle;

import java.time.Instant;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;

/** One step in a lead's history: from where to where, by whom, why, when, under which version. */
public record StageChange(
    long id,
    PersonId person,
    Stage from,
    Stage to,
    String actor,
    @Nullable String reason,
    @Nullable String comment,
    Instant at,
    @Nullable Integer version) {}
