package nl.hengel.timeline;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One interaction as a caller sends it. {@code source} + {@code externalId} make it idempotent:
 * sending it again stores nothing new and answers with the stored one.
 */
@Schema(description = "An interaction to record on a person's timeline")
public record InteractionInput(
    @Schema(
            description = "The sending system, e.g. 'hubspot' or 'zendesk'",
            example = "website",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String source,
    @Schema(
            description =
                "The interaction's id in the sending system; with source it is the idempotency key",
            example = "evt-000123",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String externalId,
    @Schema(
            description = "The person: by id, e-mail, external key, or e-mail and key together",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable PersonRef person,
    @Schema(
            description = "When it happened (ISO-8601 with offset); may be in the past",
            example = "2026-11-20T14:03:00Z",
            format = "date-time",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String occurredAt,
    @Schema(
            allowableValues = {"marketing", "sales", "service"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String department,
    @Schema(description = "Channel, e.g. web, email, phone, event, chat", example = "web")
        @Nullable String channel,
    @Schema(
            description =
                "Open set: content_download, webinar_attended, email_click, page_view, form_submitted, call, meeting, email_sent, ticket_opened, chat, …",
            example = "content_download",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String type,
    @Schema(example = "2026-q4-whitepaper") @Nullable String campaign,
    @Schema(example = "whitepaper-lead-scoring") @Nullable String content,
    @Schema(
            description = "Given, or defaulted per type by the workspace's settings",
            allowableValues = {"positive", "neutral", "negative"})
        @Nullable String sentiment,
    @Schema(description = "Free attributes, e.g. {\"path\": \"/pricing\"}")
        @Nullable Map<String, Object> attributes) {}
