package nl.hengel.lifecycle;

import java.util.Locale;
import java.util.Optional;

/** The decisions that need a reason code from the workspace's list. */
public enum ReasonKind {
  /** Sales rejects an MQL or SAL; the lead is recycled to nurture. */
  REJECT,
  /** The lead is taken out of the funnel for good. */
  DISQUALIFY,
  /** The opportunity was lost. */
  LOST;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ReasonKind> parse(String text) {
    for (ReasonKind k : values()) {
      if (k.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
