package nl.hengel.platform;

/** The identity of one user account, which may be a member of several workspaces. */
public record UserId(long value) {}
