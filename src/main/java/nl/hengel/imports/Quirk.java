package nl.hengel.imports;

/** One quirk of a source: how many rows or leads had it, and what the import did about it. */
public record Quirk(String name, long count, String action) {}
