package nl.hengel.webhook;

/**
 * A subscription just created, with its signing secret ({@code whsec_…}): shown this once, needed
 * by the receiver to verify signatures.
 */
public record CreatedWebhook(Webhook webhook, String secret) {

  @Override
  public String toString() {
    // Records print every field; a secret must never reach a log line.
    return "CreatedWebhook[webhook=" + webhook + ", secret=whsec_***]";
  }
}
