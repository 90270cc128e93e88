package nl.hengel.timeline;

import java.util.Locale;
import java.util.Optional;

/** The part of the company an interaction came from; all three write onto one timeline. */
public enum Department {
  MARKETING,
  SALES,
  SERVICE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Department> parse(String text) {
    for (Department d : values()) {
      if (d.name().equalsIgnoreCase(text)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
