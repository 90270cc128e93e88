package nl.hengel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureUnitTests {

  @Test
  void the_standard_webhooks_test_vector_gives_the_published_signature() {
    // From the Standard Webhooks reference libraries' tests (libraries/java WebhookTest).
    String signature =
        WebhookSignature.sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            "{\"test\": 2432232314}");

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void another_timestamp_id_or_body_gives_another_signature() {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String base = WebhookSignature.sign(secret, "msg_1", 1614265330, "{}");

    assertThat(WebhookSignature.sign(secret, "msg_1", 1614265331, "{}")).isNotEqualTo(base);
    assertThat(WebhookSignature.sign(secret, "msg_2", 1614265330, "{}")).isNotEqualTo(base);
    assertThat(WebhookSignature.sign(secret, "msg_1", 1614265330, "{ }")).isNotEqualTo(base);
    assertThat(WebhookSignature.sign(secret, "msg_1", 1614265330, "{}")).isEqualTo(base);
  }

  @Test
  void a_new_secret_is_whsec_and_the_base64_of_32_random_bytes() {
    var random = new SecureRandom();
    String first = WebhookSignature.newSecret(random);
    String second = WebhookSignature.newSecret(random);

    assertThat(first).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(first.substring("whsec_".length()))).hasSize(32);
    assertThat(first).isNotEqualTo(second);
  }
}
