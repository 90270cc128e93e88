package nl.hengel.handoff;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One (re)assignment of a lead: to whom (null: routing found nobody), which team, why, by whom. */
public record Assignment(
    @Nullable String owner, @Nullable Long team, String because, String actor, Instant at) {}
