package nl.hengel.timeline.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.Department;
import nl.hengel.timeline.ExternalKey;
import nl.hengel.timeline.InteractionInput;
import nl.hengel.timeline.PersonRef;
import nl.hengel.timeline.Sentiment;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules an interaction must pass at the edge, each failing field named with a JSON pointer
 * relative to the item. Returns every fault, not just the first.
 */
public final class InteractionValidation {

  /** Clock skew tolerated for interactions stamped in the future. */
  static final Duration FUTURE_TOLERANCE = Duration.ofHours(24);

  static final int MAX_ATTRIBUTES_CHARS = 65_536;
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  private InteractionValidation() {}

  /** Either the valid, normalised interaction, or the list of faults. */
  public sealed interface Checked {
    record Valid(ValidInteraction interaction) implements Checked {}

    record Invalid(List<FieldError> errors) implements Checked {}
  }

  public static Checked check(int index, InteractionInput in, Instant now, JsonMapper json) {
    var errors = new ArrayList<FieldError>();
    String source = text(in.source(), "/source", 100, true, errors);
    String externalId = text(in.externalId(), "/externalId", 200, true, errors);
    PersonRef person = person(in.person(), errors);
    Instant occurredAt = time(in.occurredAt(), now, errors);
    Department department = null;
    if (in.department() == null || in.department().isBlank()) {
      errors.add(new FieldError("/department", "is required: marketing, sales or service"));
    } else {
      department = Department.parse(in.department().trim()).orElse(null);
      if (department == null) {
        errors.add(
            new FieldError(
                "/department",
                "'" + in.department() + "' is not one of marketing, sales, service"));
      }
    }
    String channel = text(in.channel(), "/channel", 64, false, errors);
    String type = null;
    if (in.type() == null || in.type().isBlank()) {
      errors.add(
          new FieldError(
              "/type", "is required, e.g. content_download, page_view, call, ticket_opened"));
    } else if (!TYPE.matcher(in.type().trim()).matches()) {
      errors.add(
          new FieldError(
              "/type",
              "'"
                  + in.type()
                  + "' is not a type: lower-case letters, digits, '_', '.', '-', starting with a letter, at most 64"));
    } else {
      type = in.type().trim();
    }
    String campaign = text(in.campaign(), "/campaign", 200, false, errors);
    String content = text(in.content(), "/content", 300, false, errors);
    Sentiment sentiment = null;
    if (in.sentiment() != null) {
      sentiment = Sentiment.parse(in.sentiment().trim()).orElse(null);
      if (sentiment == null) {
        errors.add(
            new FieldError(
                "/sentiment",
                "'" + in.sentiment() + "' is not one of positive, neutral, negative"));
      }
    }
    String attributes = "{}";
    Map<String, Object> attrs = in.attributes();
    if (attrs != null && !attrs.isEmpty()) {
      attributes = json.writeValueAsString(attrs);
      if (attributes.length() > MAX_ATTRIBUTES_CHARS) {
        errors.add(
            new FieldError(
                "/attributes",
                "is "
                    + attributes.length()
                    + " characters as JSON, at most "
                    + MAX_ATTRIBUTES_CHARS));
      }
    }
    if (!errors.isEmpty()) {
      return new Checked.Invalid(errors);
    }
    return new Checked.Valid(
        new ValidInteraction(
            index,
            source,
            externalId,
            person,
            occurredAt,
            department,
            channel,
            type,
            campaign,
            content,
            sentiment,
            attributes));
  }

  /** Checks a person reference; the pointer prefix is {@code /person}. */
  public static @Nullable PersonRef person(@Nullable PersonRef ref, List<FieldError> errors) {
    return person(ref, "/person", errors);
  }

  public static @Nullable PersonRef person(
      @Nullable PersonRef ref, String at, List<FieldError> errors) {
    if (ref == null) {
      errors.add(
          new FieldError(
              at,
              "is required: {\"email\": …}, {\"externalKey\": {\"source\": …, \"id\": …}} or {\"id\": …}"));
      return null;
    }
    int before = errors.size();
    String email = null;
    if (ref.email() != null) {
      email = Emails.normalise(ref.email()).orElse(null);
      if (email == null) {
        errors.add(new FieldError(at + "/email", "'" + ref.email() + "' is not an e-mail address"));
      }
    }
    ExternalKey key = null;
    if (ref.externalKey() != null) {
      String s = text(ref.externalKey().source(), at + "/externalKey/source", 100, true, errors);
      String id = text(ref.externalKey().id(), at + "/externalKey/id", 200, true, errors);
      if (s != null && id != null) {
        key = new ExternalKey(s, id);
      }
    }
    if (ref.id() != null && (ref.email() != null || ref.externalKey() != null)) {
      errors.add(
          new FieldError(at, "give either an id, or an e-mail and/or an external key, not both"));
    }
    if (ref.id() == null && ref.email() == null && ref.externalKey() == null) {
      errors.add(new FieldError(at, "needs an id, an e-mail or an external key"));
    }
    return errors.size() > before ? null : new PersonRef(ref.id(), email, key);
  }

  private static @Nullable Instant time(
      @Nullable String text, Instant now, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      errors.add(
          new FieldError(
              "/occurredAt",
              "is required: when it happened, ISO-8601 with offset, e.g. 2026-11-20T14:03:00Z"));
      return null;
    }
    Instant at;
    try {
      at = instant(text.trim());
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(
              "/occurredAt",
              "'" + text + "' is not an ISO-8601 time with offset, e.g. 2026-11-20T14:03:00Z"));
      return null;
    }
    if (at.isAfter(now.plus(FUTURE_TOLERANCE))) {
      errors.add(new FieldError("/occurredAt", text + " is more than 24 hours in the future"));
      return null;
    }
    if (at.isBefore(Instant.EPOCH)) {
      errors.add(new FieldError("/occurredAt", text + " is before 1970"));
      return null;
    }
    return at;
  }

  /**
   * {@code OffsetDateTime.parse(text).toInstant()}, answered without the general ISO parser for the
   * usual shape {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:MM)} (that parser cost the ingest a tenth of
   * its CPU time); any other text, and any value out of range, goes to the parser, which decides
   * and words its exception as always. InteractionValidationUnitTests holds the two to each other.
   */
  static Instant instant(String text) {
    Instant usual = usualShape(text);
    return usual != null ? usual : OffsetDateTime.parse(text).toInstant();
  }

  private static @Nullable Instant usualShape(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nano = nano * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start) {
        return null;
      }
      for (int k = i - start; k < 9; k++) {
        nano *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int hours = digits(s, i + 1, 2);
      int minutes = digits(s, i + 4, 2);
      if ((hours | minutes) < 0 || hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
        return null;
      }
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      return null;
    }
    try {
      return OffsetDateTime.of(
              LocalDate.of(year, month, day),
              LocalTime.of(hour, minute, second, nano),
              ZoneOffset.ofTotalSeconds(offsetSeconds))
          .toInstant();
    } catch (DateTimeException outOfRange) {
      return null; // e.g. 30 February: the parser words the refusal
    }
  }

  /** The non-negative number written by {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static @Nullable String text(
      @Nullable String value, String pointer, int max, boolean required, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      if (required) {
        errors.add(new FieldError(pointer, "is required"));
      }
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.length() > max) {
      errors.add(new FieldError(pointer, "is " + trimmed.length() + " characters, at most " + max));
      return null;
    }
    return trimmed;
  }
}
