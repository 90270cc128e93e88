package nl.hengel.lifecycle;

/** A reason code a workspace accepts, with the label people see. */
public record Reason(String code, String label) {}
