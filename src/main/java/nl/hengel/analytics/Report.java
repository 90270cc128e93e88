package nl.hengel.analytics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** The four funnel reports, each with the groupings it offers and its default one. */
public enum Report {
  WATERFALL(
      "waterfall",
      List.of(GroupBy.COHORT, GroupBy.SOURCE, GroupBy.CAMPAIGN, GroupBy.OWNER, GroupBy.TEAM),
      true),
  VELOCITY(
      "velocity",
      List.of(GroupBy.COHORT, GroupBy.SOURCE, GroupBy.CAMPAIGN, GroupBy.OWNER, GroupBy.TEAM),
      true),
  SLA_COMPLIANCE("sla-compliance", List.of(GroupBy.OWNER, GroupBy.TEAM), false),
  EXPERIENCE("experience", List.of(GroupBy.DEPARTMENT, GroupBy.MONTH), false);

  private final String key;
  private final List<GroupBy> groupings;
  private final boolean cohorts;

  Report(String key, List<GroupBy> groupings, boolean cohorts) {
    this.key = key;
    this.groupings = groupings;
    this.cohorts = cohorts;
  }

  @JsonValue
  public String key() {
    return key;
  }

  /** The groupings this report offers; the first is the default. */
  public List<GroupBy> groupings() {
    return groupings;
  }

  /** Whether the report selects leads by cohort ({@code cohort=created|mql}). */
  public boolean hasCohorts() {
    return cohorts;
  }

  /** What the rows of a report are keyed by. */
  public enum GroupBy {
    /** The month of the cohort moment, in UTC ({@code 2026-11}). */
    COHORT,
    /** The lead's first-touch source, or "(none)". */
    SOURCE,
    /** The lead's first-touch campaign, or "(none)". */
    CAMPAIGN,
    /** The lead's owner now (for SLA: the clock's owner), by e-mail, or "(unassigned)". */
    OWNER,
    /** The lead's team now (for SLA: the clock's team), by name, or "(no team)". */
    TEAM,
    /** The interaction's department. */
    DEPARTMENT,
    /** The month the interaction occurred, in UTC. */
    MONTH;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which moment puts a lead in a cohort and in the range. */
  public enum Cohort {
    /** The lead's creation: its first stage change. */
    CREATED,
    /** The lead's first entry into mql. */
    MQL;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
