package nl.hengel.timeline;

/** The identity of one company in one workspace. */
public record CompanyId(long value) {}
