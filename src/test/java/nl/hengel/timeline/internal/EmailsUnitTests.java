package nl.hengel.timeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmailsUnitTests {

  /**
   * The shape as it was first written; Emails checks it by hand, and must agree with it exactly.
   */
  static final Pattern SHAPE =
      Pattern.compile(
          "[^@\\s]{1,64}@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

  static Optional<String> byExpression(String email) {
    String value = email.trim().toLowerCase(Locale.ROOT);
    return value.length() <= 320 && SHAPE.matcher(value).matches()
        ? Optional.of(value)
        : Optional.empty();
  }

  @Test
  void addresses_are_trimmed_lower_cased_and_kept_or_refused_by_their_shape() {
    assertThat(Emails.normalise("  Anna.de-Vries+news@Acme-Logistics.Example "))
        .contains("anna.de-vries+news@acme-logistics.example");
    assertThat(Emails.normalise("a@b.c")).contains("a@b.c");
    assertThat(Emails.normalise("😀@x.example")).contains("😀@x.example");
    assertThat(Emails.normalise("x".repeat(64) + "@firm.example")).isPresent();
    assertThat(Emails.normalise("x".repeat(65) + "@firm.example")).isEmpty();
    assertThat(Emails.normalise("😀".repeat(64) + "@firm.example"))
        .isPresent(); // 64 code points, 128 chars
    assertThat(Emails.normalise("anna@localhost")).isEmpty();
    assertThat(Emails.normalise("anna@-acme.example")).isEmpty();
    assertThat(Emails.normalise("anna@acme-.example")).isEmpty();
    assertThat(Emails.normalise("anna@acme..example")).isEmpty();
    assertThat(Emails.normalise("anna@acme.example.")).isEmpty();
    assertThat(Emails.normalise("anna@ac_me.example")).isEmpty();
    assertThat(Emails.normalise("an na@acme.example")).isEmpty();
    assertThat(Emails.normalise("an\u000Bna@acme.example")).isEmpty();
    assertThat(Emails.normalise("an\u00A0na@acme.example")).contains("an\u00A0na@acme.example");
    assertThat(Emails.normalise("anna@@acme.example")).isEmpty();
    assertThat(Emails.normalise("@acme.example")).isEmpty();
    assertThat(Emails.normalise("anna@")).isEmpty();
    assertThat(Emails.normalise("anna")).isEmpty();
    assertThat(Emails.normalise("")).isEmpty();
  }

  @Test
  void the_hand_written_check_agrees_with_the_regular_expression_on_300_000_generated_strings() {
    var random = new SplittableRandom(20261125);
    String[] pieces = {
      "a",
      "z",
      "0",
      "9",
      "-",
      ".",
      "@",
      "A",
      "Z",
      "_",
      "+",
      " ",
      "\t",
      "\n",
      "\u000B",
      "\f",
      "\r",
      "\u00A0",
      "é",
      "İ",
      "ß",
      "😀",
      "\uD83D",
      "\uDE00",
      "x".repeat(60),
      "mail",
      "example",
      ".example",
      "@firm.example"
    };
    int accepted = 0;
    for (int n = 0; n < 300_000; n++) {
      var s = new StringBuilder();
      if (random.nextBoolean()) {
        // Mostly well-formed: a local part, an '@', labels; then a few random changes.
        s.append("x".repeat(random.nextInt(70))).append(random.nextInt(3) == 0 ? "" : "@");
        int labels = random.nextInt(4);
        for (int l = 0; l < labels; l++) {
          s.append(l == 0 ? "" : ".")
              .append(random.nextInt(5) == 0 ? "a-" : "")
              .append("b".repeat(random.nextInt(3)))
              .append(random.nextInt(5) == 0 ? "-" : "9");
        }
        for (int c = random.nextInt(3); c > 0 && !s.isEmpty(); c--) {
          s.insert(random.nextInt(s.length() + 1), pieces[random.nextInt(pieces.length)]);
        }
      } else {
        for (int c = random.nextInt(12); c > 0; c--) {
          s.append(pieces[random.nextInt(pieces.length)]);
        }
      }
      String email = s.toString();
      Optional<String> expected = byExpression(email);
      assertThat(Emails.normalise(email)).as("%s", email).isEqualTo(expected);
      if (expected.isPresent()) {
        accepted++;
      }
    }
    assertThat(accepted).as("enough accepted addresses to compare").isGreaterThan(10_000);
  }
}
