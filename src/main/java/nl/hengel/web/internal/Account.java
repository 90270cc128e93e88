package nl.hengel.web.internal;

import nl.hengel.platform.UserId;

/**
 * A signed-in user who has not chosen a workspace yet (a member of several): may only choose one.
 */
public record Account(UserId user, String email) {}
