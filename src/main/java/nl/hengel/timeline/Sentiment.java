package nl.hengel.timeline;

import java.util.Locale;
import java.util.Optional;

/**
 * How an interaction left the person: every interaction is positive or negative, or at best
 * neutral, and neutral does not count as positive.
 */
public enum Sentiment {
  POSITIVE,
  NEUTRAL,
  NEGATIVE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Sentiment> parse(String text) {
    for (Sentiment s : values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
