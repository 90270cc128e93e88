package nl.hengel.access;

/** The identity of one sales team in one workspace. */
public record TeamId(long value) {}
