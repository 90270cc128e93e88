package nl.hengel.timeline.internal;

import java.time.Instant;
import nl.hengel.timeline.Department;
import nl.hengel.timeline.PersonRef;
import nl.hengel.timeline.Sentiment;
import org.jspecify.annotations.Nullable;

/** An interaction that passed validation, normalised, ready to store. */
public record ValidInteraction(
    int index,
    String source,
    String externalId,
    PersonRef person,
    Instant occurredAt,
    Department department,
    @Nullable String channel,
    String type,
    @Nullable String campaign,
    @Nullable String content,
    @Nullable Sentiment sentiment,
    String attributesJson) {}
