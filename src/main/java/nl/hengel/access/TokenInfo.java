package nl.hengel.access;

import java.time.Instant;
import nl.hengel.platform.UserId;
import org.jspecify.annotations.Nullable;

/** What may be shown about a stored token: never the token itself. */
public record TokenInfo(
    long id,
    String name,
    String prefix,
    UserId user,
    String email,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt) {}
