package nl.hengel.lifecycle;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a lead is in the demand waterfall. A person who never moved is {@link #NEW}; won, lost,
 * disqualified and suppressed are outcomes, the rest are open.
 */
public enum Stage {
  NEW,
  NURTURE,
  MQL,
  /** Sales accepted. */
  SAL,
  SQL,
  WON,
  LOST,
  DISQUALIFIED,
  SUPPRESSED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Open stages still wait for something to happen; the others are outcomes. */
  public boolean isOpen() {
    return switch (this) {
      case NEW, NURTURE, MQL, SAL, SQL -> true;
      case WON, LOST, DISQUALIFIED, SUPPRESSED -> false;
    };
  }

  /** The stages in which sales has the lead: mql, sal and sql. */
  public boolean isWithSales() {
    return this == MQL || this == SAL || this == SQL;
  }

  /**
   * Whether the waterfall has a path from one stage straight to the other (acceptance first
   * included), as recording a past from elsewhere needs it.
   */
  public static boolean isPath(Stage from, Stage to) {
    return nl.hengel.lifecycle.internal.TransitionPolicies.isPath(from, to);
  }

  /** Every stage's key, in waterfall order. */
  public static java.util.List<String> keys() {
    return java.util.Arrays.stream(values()).map(Stage::key).toList();
  }

  public static Optional<Stage> parse(String text) {
    for (Stage s : values()) {
      if (s.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
