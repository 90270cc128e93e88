package nl.hengel.analytics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Every figure the funnel analytics answer, each defined once: the API, its OpenAPI description,
 * the CLI and the README quote these texts.
 */
public enum Metric {
  LEAD("lead", Texts.LEAD),
  COHORT("cohort", Texts.COHORT),
  REACHED("reached", Texts.REACHED),
  CONVERSION("conversion", Texts.CONVERSION),
  DEAL_VALUE("deal-value", Texts.DEAL_VALUE),
  VELOCITY("velocity", Texts.VELOCITY),
  FIRST_TOUCH_TO_WON("first-touch-to-won", Texts.FIRST_TOUCH_TO_WON),
  IMPLIED("implied", Texts.IMPLIED),
  SLA_COMPLIANCE("sla-compliance", Texts.SLA_COMPLIANCE),
  EXPERIENCE_INDEX("experience-index", Texts.EXPERIENCE_INDEX);

  /** The definitions as constants, so that annotations (OpenAPI descriptions) can quote them. */
  public static final class Texts {
    private Texts() {}

    public static final String LEAD =
        "A lead is a person with a lead record: one that moved out of new, or an imported"
            + " opportunity, also one still in new. It is created when its source dates its entry"
            + " into new (a CRM's created date), else at its first stage change; a lead with"
            + " neither is undated. People never moved out of new and never imported are not in"
            + " the funnel.";

    public static final String COHORT =
        "The cohort moment of a lead: cohort=created (default) its creation, cohort=mql its first"
            + " entry into mql (leads that never qualified are in no mql cohort), cohort=closed its"
            + " first entry into won, or, for a lead never won, into lost (won and lost per close"
            + " month; open leads are in no closed cohort). A lead is in the range when its cohort"
            + " moment is at or after from and before to; the cohort key is the month of that"
            + " moment in UTC (yyyy-MM). Undated leads are in no range; over all time (no from, no"
            + " to) their created cohort key is (undated).";

    public static final String REACHED =
        "A lead reached a stage when its stage history shows it entered that stage at least once,"
            + " or entered a later stage on the path mql, sal, sql, won|lost (a lead now in won"
            + " reached mql, sal and sql; a lost lead reached sql). nurture, lost and disqualified"
            + " count only when entered.";

    public static final String CONVERSION =
        "Conversion from a stage to the next = leads of the group that reached the next stage /"
            + " leads of the group that reached this one (lead to mql uses all leads of the group);"
            + " absent when none reached this one.";

    public static final String VELOCITY =
        "Time from a lead's first entry into a stage to its first entry into a later one (mql to"
            + " sal, sal to sql, sql to won, sql to lost, and the sales cycle from acceptance: sal"
            + " to won, sal to lost), over the leads in range that entered both, the second not"
            + " before the first, neither entry implied. Median and 80th percentile in seconds, by"
            + " linear interpolation between the closest ranks (SQL percentile_cont, the same on"
            + " PostgreSQL and H2): of n sorted durations d[0..n-1] the p-quantile is at position"
            + " p*(n-1). Per group and over all leads in range (total, computed over them, not from"
            + " the groups).";

    public static final String FIRST_TOUCH_TO_WON =
        "Time from the person's first interaction (its earliest occurred_at) to the lead's first"
            + " entry into won, with the same percentiles as velocity.";

    public static final String IMPLIED =
        "An implied entry into a stage is a step the source implied but did not date (a CRM's won"
            + " deal was accepted and qualified first), recorded at the time of the next dated step."
            + " It counts as reaching the stage, but no duration starts or ends at it: a lead whose"
            + " span would is left out of that span's median and p80 and counted in the span's"
            + " implied; a note says how many leads per stage and which spans.";

    public static final String DEAL_VALUE =
        "Won value: the sum of the deal amounts of the group's leads that entered won; pipeline"
            + " value: of its leads in an open stage now (new, mql, sal, sql); in major units of"
            + " their currency, over the leads that carry an amount (leads). A group whose deals"
            + " are in more than one currency has no single sum: it lists its currencies, and a"
            + " note gives the sum per currency.";

    public static final String SLA_COMPLIANCE =
        "Of the SLA clocks of a kind (accept, first_contact) started in the range, the share met on"
            + " time: met at or before due and never breached, over the clocks that count: met,"
            + " breached, or still running past due (late). Stopped clocks (the lead left sales"
            + " before the clock was due) and running clocks not yet due do not count and are shown"
            + " apart. Owner and team are the clock's own: who had the lead when it started.";

    public static final String EXPERIENCE_INDEX =
        "Positive interactions / all interactions that occurred in the range, per department or"
            + " per month (UTC). Every interaction has a sentiment fixed at ingest: the one sent, or"
            + " else the workspace's default for its type, else neutral; neutral and negative count"
            + " as not positive.";
  }

  private final String key;
  private final String definition;

  Metric(String key, String definition) {
    this.key = key;
    this.definition = definition;
  }

  @JsonValue
  public String key() {
    return key;
  }

  public String definition() {
    return definition;
  }

  /** The definitions of the figures of one report, in this order. */
  public static List<Metric> of(Report report) {
    return switch (report) {
      case WATERFALL -> List.of(LEAD, COHORT, REACHED, CONVERSION, DEAL_VALUE, IMPLIED);
      case VELOCITY -> List.of(LEAD, COHORT, VELOCITY, FIRST_TOUCH_TO_WON, IMPLIED);
      case SLA_COMPLIANCE -> List.of(SLA_COMPLIANCE);
      case EXPERIENCE -> List.of(EXPERIENCE_INDEX);
    };
  }

  /** One figure's name and definition, as the reports carry them. */
  public record Definition(Metric metric, String definition) {
    public static List<Definition> of(Report report) {
      return Metric.of(report).stream().map(m -> new Definition(m, m.definition())).toList();
    }
  }
}
