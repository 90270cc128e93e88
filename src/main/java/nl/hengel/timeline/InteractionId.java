package nl.hengel.timeline;

/** The identity of one stored interaction. */
public record InteractionId(long value) {}
