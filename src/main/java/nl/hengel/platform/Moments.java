package nl.hengel.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Moments and spans as people type them in parameters: a date (2026-11-01, its start in UTC) or a
 * time with offset, and a duration as the definition writes it (90d, 8h, 2w) or in ISO-8601 (P90D).
 * A value that does not read adds a field error naming the parameter and gives null.
 */
public final class Moments {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d|w)");

  private Moments() {}

  public static @Nullable Instant instant(
      String field, @Nullable String text, List<Problem.FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String value = text.trim();
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new Problem.FieldError(
              field, "'" + value + "' is not a date (2026-11-01) or a time with offset"));
      return null;
    }
  }

  public static @Nullable Duration duration(
      String field, @Nullable String text, List<Problem.FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String value = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      errors.add(
          new Problem.FieldError(
              field, "'" + text.trim() + "' is not a duration such as 90d, 8h, 2w or P90D"));
      return null;
    }
  }
}
