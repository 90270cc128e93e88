package nl.hengel.lifecycle;

import nl.hengel.platform.UserId;

/** The sales user a lead is assigned to. */
public record Owner(UserId user, String email) {}
