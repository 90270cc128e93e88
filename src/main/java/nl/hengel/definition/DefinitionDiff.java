package nl.hengel.definition;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What changed from one version to another: the unified diff of the two texts, and the changes in
 * meaning (a rule added, removed or given other points, the gate changed, …) computed from the two
 * parsed definitions, so that reformatting or reordering shows in {@code text} but not in {@code
 * changes}.
 */
public record DefinitionDiff(int from, int to, String text, List<Change> changes) {

  public DefinitionDiff {
    changes = List.copyOf(changes);
  }

  /**
   * One change in meaning: its kind, the section it is in ({@code fit}, {@code engagement}, {@code
   * mql}, {@code sla}, …), the rule or field it concerns (null for a whole section), the value
   * before and after (null when absent), and one readable line.
   */
  public record Change(
      Kind kind,
      String section,
      @Nullable String name,
      @Nullable String before,
      @Nullable String after,
      String summary) {}

  /** The kinds of change, in the order a reader meets them in a definition. */
  public enum Kind {
    NAME_CHANGED,
    OWNER_CHANGED,
    ATTRIBUTE_ADDED,
    ATTRIBUTE_REMOVED,
    ATTRIBUTE_TYPE_CHANGED,
    RULE_ADDED,
    RULE_REMOVED,
    POINTS_CHANGED,
    CONDITION_CHANGED,
    CAP_CHANGED,
    HALF_LIFE_CHANGED,
    GATE_CHANGED,
    SLA_CHANGED,
    RECYCLE_CHANGED,
    CONTACT_PRESSURE_CHANGED;

    /** The lower-case, dashed name used in the API: {@code points-changed}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
