package nl.hengel.timeline;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One thing a person did or had done to them, at its own time, from one department. */
public record Interaction(
    InteractionId id,
    PersonId person,
    String source,
    String externalId,
    Instant occurredAt,
    Instant receivedAt,
    Department department,
    @Nullable String channel,
    String type,
    @Nullable String campaign,
    @Nullable String content,
    Sentiment sentiment,
    Map<String, Object> attributes) {}
