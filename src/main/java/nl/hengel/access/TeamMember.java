package nl.hengel.access;

import nl.hengel.platform.UserId;

/** A workspace member as part of a team, and whether they take leads now (false on holiday). */
public record TeamMember(UserId user, String email, boolean available) {}
