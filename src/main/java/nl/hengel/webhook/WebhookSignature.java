package nl.hengel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as Standard Webhooks defines it: a secret {@code whsec_} + base64 of 32 random bytes, and
 * the signature {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), the key
 * being the base64-decoded part after {@code whsec_}.
 */
public final class WebhookSignature {

  /** Every signing secret starts with this. */
  public static final String SECRET_PREFIX = "whsec_";

  private WebhookSignature() {}

  /** A fresh secret of 256 random bits. */
  public static String newSecret(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header value of one message at one timestamp (unix seconds). */
  public static String sign(String secret, String messageId, long timestamp, String body) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
      byte[] signature =
          mac.doFinal((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
