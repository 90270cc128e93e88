package nl.hengel.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A person on the one timeline: known by a normalised e-mail, by keys in other systems, or both.
 * {@code mergedFrom} lists the people found later to be this same person.
 */
public record Person(
    PersonId id,
    @Nullable String email,
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable CompanyId company,
    List<ExternalKey> keys,
    Map<String, Object> attributes,
    List<PersonId> mergedFrom,
    Instant createdAt,
    Instant updatedAt) {}
