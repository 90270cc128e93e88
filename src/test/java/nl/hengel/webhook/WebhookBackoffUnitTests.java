package nl.hengel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookBackoffUnitTests {

  static WebhookProperties defaults() {
    return new WebhookProperties(
        true, 1000, 8, Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofSeconds(10), 50);
  }

  @Test
  void the_wait_doubles_from_30_seconds_after_each_failed_attempt() {
    WebhookProperties p = defaults();

    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(p.backoffAfter(7)).isEqualTo(Duration.ofSeconds(30 * 64));
  }

  @Test
  void the_wait_never_exceeds_the_maximum_even_after_very_many_attempts() {
    WebhookProperties p = defaults();

    assertThat(p.backoffAfter(10)).isEqualTo(Duration.ofSeconds(30 * 512)); // 4h16m
    assertThat(p.backoffAfter(11)).isEqualTo(Duration.ofHours(6));
    assertThat(p.backoffAfter(1_000_000)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void settings_that_cannot_work_are_refused_at_start_up() {
    assertThatThrownBy(() ->
            new WebhookProperties(
                true,
                1000,
                0,
                Duration.ofSeconds(30),
                Duration.ofHours(6),
                Duration.ofSeconds(10),
                50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new WebhookProperties(
                true,
                1000,
                8,
                Duration.ofHours(7),
                Duration.ofHours(6),
                Duration.ofSeconds(10),
                50))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
