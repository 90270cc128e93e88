package nl.hengel.backtest.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.hengel.backtest.WeightSuggestion.RuleChange;
import nl.hengel.engine.DecisionSamples.RuleFeature;

/**
 * Turns fitted coefficients into points on each rule's own scale, and says why in words.
 *
 * <p>Within each group (fit rules; engagement rules) one factor maps coefficients to points, chosen
 * so that the group's total of |points| over the rules that fired stays what the version gives them
 * — so the gate's thresholds ("fit >= 20", "engagement >= 15") keep roughly their meaning. A
 * coefficient's sign is kept: a rule the data finds harmful gets negative points. A rule that never
 * fired in training keeps its points, since the data says nothing about it; so does every rule of a
 * group whose rules give no points at all (there is no scale to keep).
 */
public final class SuggestedPoints {

  static final long MAX_POINTS = 1_000_000;

  /** What the explanation says the data was. */
  public record Context(String outcome, Duration horizon, long trainLeads, Instant split) {}

  private SuggestedPoints() {}

  /**
   * One change per rule, in the order of {@code rules}; {@code coefficients} per rule (NaN where it
   * never fired), {@code fired} the training leads each rule fired in.
   */
  public static List<RuleChange> of(
      List<RuleFeature> rules, double[] coefficients, long[] fired, Context context) {
    long[] suggested = new long[rules.size()];
    for (boolean fit : new boolean[] {true, false}) {
      double points = 0;
      double weights = 0;
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).fit() == fit && !Double.isNaN(coefficients[i])) {
          points += Math.abs(rules.get(i).points());
          weights += Math.abs(coefficients[i]);
        }
      }
      double factor = points == 0 || weights == 0 ? Double.NaN : points / weights;
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).fit() != fit) {
          continue;
        }
        suggested[i] =
            Double.isNaN(coefficients[i]) || Double.isNaN(factor)
                ? rules.get(i).points()
                : Math.max(-MAX_POINTS, Math.min(MAX_POINTS, Math.round(factor * coefficients[i])));
      }
    }
    var changes = new ArrayList<RuleChange>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      RuleFeature r = rules.get(i);
      boolean known = !Double.isNaN(coefficients[i]);
      Double odds = known ? Math.exp(coefficients[i]) : null;
      changes.add(
          new RuleChange(
              r.name(),
              r.fit() ? "fit" : "engagement",
              r.points(),
              suggested[i],
              odds,
              fired[i],
              explain(r, suggested[i], odds, fired[i], context, groupHasPoints(rules, r.fit()))));
    }
    return List.copyOf(changes);
  }

  private static boolean groupHasPoints(List<RuleFeature> rules, boolean fit) {
    return rules.stream().anyMatch(r -> r.fit() == fit && r.points() != 0);
  }

  static String explain(
      RuleFeature rule,
      long suggested,
      Double odds,
      long fired,
      Context context,
      boolean groupHasPoints) {
    String leads = String.format(Locale.ROOT, "%,d", context.trainLeads());
    String before = "before " + moment(context.split());
    if (odds == null) {
      return rule.name()
          + ": "
          + points(rule.points())
          + ", kept: it "
          + (rule.fit() ? "held for" : "matched")
          + " none of the "
          + leads
          + " leads decided "
          + before
          + ", so the history says nothing about it.";
    }
    var text = new StringBuilder(rule.name()).append(": ");
    if (!groupHasPoints) {
      text.append(points(rule.points()))
          .append(", kept: no ")
          .append(rule.fit() ? "fit" : "engagement")
          .append(" rule of this version gives points, so there is no scale to keep");
    } else if (suggested == rule.points()) {
      text.append(points(rule.points())).append(", unchanged");
    } else {
      text.append(rule.points()).append(" → ").append(points(suggested));
      if (Long.signum(suggested) != Long.signum(rule.points()) && suggested != 0) {
        text.append(suggested < 0 ? " (now counts against a lead)" : " (now counts for a lead)");
      }
    }
    text.append("; ")
        .append(rule.fit() ? "holding it" : "each fresh match")
        .append(" multiplied the odds of reaching ")
        .append(context.outcome())
        .append(" within ")
        .append(duration(context.horizon()))
        .append(" by ")
        .append(String.format(Locale.ROOT, "%.2f", odds))
        .append(" on ")
        .append(leads)
        .append(" leads decided ")
        .append(before)
        .append(" (it ")
        .append(rule.fit() ? "held for " : "matched ")
        .append(String.format(Locale.ROOT, "%,d", fired))
        .append(" of them).");
    return text.toString();
  }

  private static String points(long points) {
    return points + (Math.abs(points) == 1 ? " point" : " points");
  }

  /** A day when the moment is midnight UTC (as splits usually are), else the instant. */
  static String moment(Instant at) {
    var utc = at.atOffset(ZoneOffset.UTC);
    return utc.toLocalTime().equals(LocalTime.MIDNIGHT)
        ? utc.toLocalDate().toString()
        : at.toString();
  }

  /** 90 days, 12 hours, 45 minutes. */
  static String duration(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      long days = d.toDays();
      return days + (days == 1 ? " day" : " days");
    }
    if (d.toSeconds() % 3600 == 0) {
      long hours = d.toHours();
      return hours + (hours == 1 ? " hour" : " hours");
    }
    long minutes = Math.max(1, d.toMinutes());
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }
}
