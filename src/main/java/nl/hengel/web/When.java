package nl.hengel.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** Moments as pages show them (model attribute {@code when}): minutes, in one named zone. */
public record When(ZoneId zone) {

  static final When UTC = new When(ZoneOffset.UTC);

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** {@code 2026-11-20 14:03 UTC}, or a dash for no moment. */
  public String format(@Nullable Instant moment) {
    return moment == null ? "–" : MINUTES.format(moment.atZone(zone)) + " " + label();
  }

  /** The moment as the machine-readable value of a {@code <time datetime>} element. */
  public String iso(@Nullable Instant moment) {
    return moment == null ? "" : moment.toString();
  }

  private String label() {
    return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }
}
