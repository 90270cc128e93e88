package nl.hengel.definition;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of a workspace's definition audit log: who ({@code user:anna@acme.example}) did what
 * ({@code uploaded}, {@code approved}, {@code activation-started}, {@code activated}, {@code
 * retired}, {@code archived}, {@code approver-granted}, {@code approver-revoked}) to which version,
 * when.
 */
public record AuditEntry(
    long id,
    @Nullable Integer version,
    String action,
    String actor,
    Instant at,
    @Nullable String detail) {}
