package nl.hengel.analytics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** The four funnel reports, each with the groupings it offers and its default one. */
public enum Report {
  WATERFALL("waterfall", GroupBy.LEADS, true),
  VELOCITY("velocity", GroupBy.LEADS, true),
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

  /** Whether the report selects leads by cohort ({@code cohort=created|mql|closed}). */
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
    /**
     * The lead's team now, by name, or "(no team)"; a lead with an owner but no team (an imported
     * one) is its owner's team, as a reassignment sets it: the first by name that lists the owner
     * as a member. For SLA: the clock's team.
     */
    TEAM,
    /** The person's company by name, else by web domain, or "(none)". */
    COMPANY,
    /**
     * A person or company attribute ({@code person.product}, {@code company.sector}), the value as
     * text, or "(none)" when missing or empty; see {@link Attribute}.
     */
    ATTRIBUTE,
    /** The interaction's department. */
    DEPARTMENT,
    /** The month the interaction occurred, in UTC. */
    MONTH;

    /** The groupings of the reports over leads: waterfall and velocity. */
    static final List<GroupBy> LEADS =
        List.of(COHORT, SOURCE, CAMPAIGN, OWNER, TEAM, COMPANY, ATTRIBUTE);

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
    MQL,
    /** The lead's first entry into won, or, for a lead never won, into lost. */
    CLOSED;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A person or company attribute to group leads by: {@code of} is person or company, {@code name}
   * the attribute's name (letters, digits, {@code _ . -}).
   */
  public record Attribute(Of of, String name) {

    /** Whose attributes. */
    public enum Of {
      PERSON,
      COMPANY;

      public String key() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    /** How an attribute is written: {@code person.product}, {@code company.sector}. */
    public static final java.util.regex.Pattern SYNTAX =
        java.util.regex.Pattern.compile("(person|company)\\.([A-Za-z0-9_.-]{1,100})");

    /** The attribute written as {@code person.NAME} or {@code company.NAME}, or empty. */
    public static java.util.Optional<Attribute> parse(String text) {
      var m = SYNTAX.matcher(text);
      if (!m.matches()) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          new Attribute(Of.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2)));
    }

    @JsonValue
    public String key() {
      return of.key() + "." + name;
    }
  }
}
