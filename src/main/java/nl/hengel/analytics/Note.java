package nl.hengel.analytics;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A caveat that travels with a report's figures: something about the leads in range that makes a
 * figure less than it seems (implied steps left out of durations, undated leads in no range, deal
 * values in more than one currency). {@code code} is stable ({@code analytics.implied-stages}),
 * {@code key} the group it is about (absent: the whole answer), {@code counts} its numbers by name,
 * {@code text} the sentence a person reads.
 */
public record Note(String code, @Nullable String key, Map<String, Long> counts, String text) {

  /** Stages whose first entry was implied (undated in the source) among the leads in range. */
  public static final String IMPLIED_STAGES = "analytics.implied-stages";

  /** Leads without any date: in no range, and over all time the (undated) cohort. */
  public static final String UNDATED_LEADS = "analytics.undated-leads";

  /** A group whose deals are in more than one currency: no single sum. */
  public static final String MIXED_CURRENCIES = "analytics.mixed-currencies";

  /** Won leads in range that carry no deal value: the won value sums the others. */
  public static final String WON_WITHOUT_VALUE = "analytics.won-without-value";

  public Note {
    counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
  }
}
