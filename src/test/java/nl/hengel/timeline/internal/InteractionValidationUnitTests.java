package nl.hengel.timeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.Department;
import nl.hengel.timeline.ExternalKey;
import nl.hengel.timeline.InteractionInput;
import nl.hengel.timeline.PersonRef;
import nl.hengel.timeline.Sentiment;
import nl.hengel.timeline.internal.InteractionValidation.Checked;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InteractionValidationUnitTests {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final JsonMapper JSON = JsonMapper.builder().build();

  static InteractionInput valid() {
    return new InteractionInput(
        " web ",
        "e-1",
        new PersonRef(null, " Anna@ACME.example", null),
        "2026-11-20T10:00:00+01:00",
        "Marketing",
        "web",
        "content_download",
        "q4",
        "whitepaper",
        "Positive",
        Map.of("path", "/pricing"));
  }

  @Test
  void a_valid_interaction_is_normalised() {
    var checked = (Checked.Valid) InteractionValidation.check(3, valid(), NOW, JSON);
    ValidInteraction v = checked.interaction();

    assertThat(v.index()).isEqualTo(3);
    assertThat(v.source()).isEqualTo("web");
    assertThat(v.person().email()).isEqualTo("anna@acme.example");
    assertThat(v.occurredAt()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    assertThat(v.department()).isEqualTo(Department.MARKETING);
    assertThat(v.sentiment()).isEqualTo(Sentiment.POSITIVE);
    assertThat(v.attributesJson()).isEqualTo("{\"path\":\"/pricing\"}");
  }

  @Test
  void every_fault_is_reported_with_its_pointer() {
    var in =
        new InteractionInput(
            null,
            "x".repeat(201),
            new PersonRef(7L, "not-an-email", null),
            "2026-13-01T00:00:00Z",
            "hr",
            "web",
            "Page View",
            null,
            null,
            "so-so",
            null);

    var checked = (Checked.Invalid) InteractionValidation.check(0, in, NOW, JSON);

    assertThat(checked.errors())
        .extracting(FieldError::pointer)
        .containsExactlyInAnyOrder(
            "/source",
            "/externalId",
            "/person/email",
            "/person",
            "/occurredAt",
            "/department",
            "/type",
            "/sentiment");
  }

  @Test
  void an_interaction_more_than_a_day_in_the_future_is_refused_but_a_past_one_is_fine() {
    var future =
        new InteractionInput(
            "s",
            "1",
            PersonRef.byEmail("a@b.example"),
            "2026-11-27T12:00:01Z",
            "sales",
            null,
            "call",
            null,
            null,
            null,
            null);
    var past =
        new InteractionInput(
            "s",
            "1",
            PersonRef.byEmail("a@b.example"),
            "2019-01-01T00:00:00Z",
            "sales",
            null,
            "call",
            null,
            null,
            null,
            null);

    assertThat(InteractionValidation.check(0, future, NOW, JSON))
        .isInstanceOf(Checked.Invalid.class);
    assertThat(InteractionValidation.check(0, past, NOW, JSON)).isInstanceOf(Checked.Valid.class);
  }

  @Test
  void a_person_is_pointed_at_by_id_or_by_email_and_key_but_not_by_id_and_more() {
    var errors = new java.util.ArrayList<FieldError>();
    assertThat(
            InteractionValidation.person(
                new PersonRef(null, "a@b.example", new ExternalKey("crm", "9")), errors))
        .isNotNull();
    assertThat(InteractionValidation.person(new PersonRef(1L, "a@b.example", null), errors))
        .isNull();
    assertThat(InteractionValidation.person(new PersonRef(null, null, null), errors)).isNull();
    assertThat(
            InteractionValidation.person(
                new PersonRef(null, null, new ExternalKey(" ", "9")), errors))
        .isNull();
    assertThat(errors)
        .extracting(FieldError::pointer)
        .containsExactly("/person", "/person", "/person/externalKey/source");
  }

  @Test
  void emails_are_trimmed_and_lower_cased_and_free_mail_has_no_company() {
    assertThat(Emails.normalise("  Piet.Bakker@Bakker.EXAMPLE "))
        .contains("piet.bakker@bakker.example");
    assertThat(Emails.normalise("no-at-sign")).isEmpty();
    assertThat(Emails.normalise("two@@ats.example")).isEmpty();
    assertThat(Emails.normalise("space in@side.example")).isEmpty();
    assertThat(Emails.companyDomain("piet@bakker.example")).contains("bakker.example");
    assertThat(Emails.companyDomain("piet@gmail.com")).isEmpty();
    assertThat(Emails.companyDomain("piet@xs4all.nl")).isEmpty();
  }

  @Test
  void the_fast_time_reading_agrees_with_the_iso_parser_on_300_000_generated_times() {
    var random = new java.util.SplittableRandom(20261125);
    String[] offsets = {
      "Z", "z", "+01:00", "-05:30", "+00:00", "-00:00", "+0100", "+01", "+01:00:00", "", " Z"
    };
    int parsed = 0;
    for (int n = 0; n < 300_000; n++) {
      var s = new StringBuilder();
      s.append(
          String.format(
              "%04d-%02d-%02d",
              random.nextInt(3) == 0 ? random.nextInt(10_000) : 1990 + random.nextInt(40),
              random.nextInt(14),
              random.nextInt(33)));
      s.append(random.nextInt(20) == 0 ? "t" : "T");
      s.append(
          String.format(
              "%02d:%02d:%02d", random.nextInt(26), random.nextInt(62), random.nextInt(62)));
      int fraction = random.nextInt(12) - 1;
      if (fraction >= 0) {
        s.append('.');
        for (int d = 0; d < fraction; d++) {
          s.append((char) ('0' + random.nextInt(10)));
        }
      }
      if (random.nextInt(3) == 0) {
        s.append(random.nextBoolean() ? '+' : '-')
            .append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(62)));
      } else {
        s.append(offsets[random.nextInt(offsets.length)]);
      }
      if (random.nextInt(5) == 0) {
        s.setCharAt(random.nextInt(s.length()), "0-:T.+ZzXx9 ".charAt(random.nextInt(12)));
      }
      String text = s.toString();
      String expected, actual;
      try {
        expected = java.time.OffsetDateTime.parse(text).toInstant().toString();
        parsed++;
      } catch (java.time.format.DateTimeParseException e) {
        expected = "refused: " + e.getMessage();
      }
      try {
        actual = InteractionValidation.instant(text).toString();
      } catch (java.time.format.DateTimeParseException e) {
        actual = "refused: " + e.getMessage();
      }
      assertThat(actual).as(text).isEqualTo(expected);
    }
    assertThat(parsed).as("enough valid times to compare").isGreaterThan(30_000);
  }
}
