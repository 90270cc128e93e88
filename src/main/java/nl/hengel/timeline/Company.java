package nl.hengel.timeline;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A company people work for, known by its internet domain where it has one. */
public record Company(
    CompanyId id,
    @Nullable String domain,
    @Nullable String name,
    Map<String, Object> attributes,
    Instant createdAt,
    Instant updatedAt) {}
