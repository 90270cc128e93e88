package nl.hengel.webhook;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A subscription to create: an absolute http(s) URL and the known event types it wants. */
public record NewWebhook(
    @Nullable String url,
    @Nullable List<String> eventTypes,
    @Nullable String description,
    boolean active) {}
