package nl.hengel.timeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the ingest API.
 *
 * @param maxBatchItems the most items one batch request may carry (default 20,000)
 */
@ConfigurationProperties("hengel.ingest")
public record IngestProperties(@DefaultValue("20000") int maxBatchItems) {}
