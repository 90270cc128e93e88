package nl.hengel.timeline;

/** The identity of one person in one workspace. */
public record PersonId(long value) {}
