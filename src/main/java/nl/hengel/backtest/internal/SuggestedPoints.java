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
import org.jspecify.annotations.Nullable;

/**
 * Turns fitted coefficients into points on each rule's own scale, and says why in words.
 *
 * <p>Within each group (fit rules; engagement rules) one factor maps coefficients to points, chosen
 * so that the group's positive points over the rules that fired add up to what the version gives
 * them — so the most a lead can score stays the same and the gate's thresholds ("fit >= 20",
 * "engagement >= 15") keep their meaning and reach. (Keeping the total of |points| instead can make
 * a gate impossible once a fit rule turns negative.) A coefficient's sign is kept: a rule the data
 * finds harmful gets negative points. A rule that never fired in training keeps its points, since
 * the data says nothing about it; so does every rule of a group whose rules give no points at all
 * (there is no scale to keep).
 */
public final class SuggestedPoints {

  static final long MAX_POINTS = 1_000_000;

  /**
   * A rule is weighed only when it fired in at least this many training leads — and, for a fit rule
   * (which either holds or not), did not fire in at least this many: otherwise one or two leads
   * would set its points, or its effect could not be told apart from the base rate.
   */
  static final long MIN_SUPPORT = 10;

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
    String[] kept = new String[2];
    for (boolean fit : new boolean[] {true, false}) {
      double factor = factor(rules, coefficients, fit);
      if (Double.isNaN(factor)) {
        kept[fit ? 0 : 1] = keptBecause(rules, fit);
      }
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
              explain(r, suggested[i], odds, fired[i], context, kept[r.fit() ? 0 : 1])));
    }
    return List.copyOf(changes);
  }

  /** Whether the training data can weigh this rule (see {@link #MIN_SUPPORT}). */
  public static boolean weighable(RuleFeature rule, long fired, long leads) {
    return fired >= MIN_SUPPORT && (!rule.fit() || leads - fired >= MIN_SUPPORT);
  }

  /**
   * Points per unit of log-odds for one group: the version's positive points over the fired rules
   * divided by the positive coefficients, so the most a lead can get from these rules stays the
   * same (for the fit rules that is the gate's reach: a gate "fit >= 20" stays possible); when
   * either side has no positive part, |points| over |coefficients|; NaN when that is empty too.
   */
  static double factor(List<RuleFeature> rules, double[] coefficients, boolean fit) {
    double positivePoints = 0;
    double positiveWeights = 0;
    double points = 0;
    double weights = 0;
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).fit() == fit && !Double.isNaN(coefficients[i])) {
        long p = rules.get(i).points();
        positivePoints += Math.max(0, p);
        positiveWeights += Math.max(0, coefficients[i]);
        points += Math.abs(p);
        weights += Math.abs(coefficients[i]);
      }
    }
    if (positivePoints > 0) {
      return positiveWeights > 0 ? positivePoints / positiveWeights : Double.NaN;
    }
    return points == 0 || weights == 0 ? Double.NaN : points / weights;
  }

  /** Why a group without a factor keeps its points. */
  private static String keptBecause(List<RuleFeature> rules, boolean fit) {
    String group = fit ? "fit" : "engagement";
    if (rules.stream().noneMatch(r -> r.fit() == fit && r.points() > 0)) {
      return "no " + group + " rule of this version gives points, so there is no scale to keep";
    }
    return "no "
        + group
        + " rule raised the odds in training, and taking their points away would leave the gate"
        + " without reach; reconsider the gate's "
        + group
        + " threshold instead";
  }

  static String explain(
      RuleFeature rule,
      long suggested,
      Double odds,
      long fired,
      Context context,
      @Nullable String groupKept) {
    String leads = String.format(Locale.ROOT, "%,d", context.trainLeads());
    String before = "before " + moment(context.split());
    if (odds == null) {
      String kept = rule.name() + ": " + points(rule.points()) + ", kept: it ";
      String verb = rule.fit() ? "held for " : "matched ";
      if (fired == 0) {
        return kept
            + verb
            + "none of the "
            + leads
            + " leads decided "
            + before
            + ", so the history says nothing about it.";
      }
      if (fired < MIN_SUPPORT) {
        return kept
            + verb
            + "only "
            + fired
            + " of the "
            + leads
            + " leads decided "
            + before
            + ", too few to weigh it.";
      }
      return kept
          + verb
          + "all but "
          + (context.trainLeads() - fired)
          + " of the "
          + leads
          + " leads decided "
          + before
          + ", so its effect cannot be told from the base rate.";
    }
    var text = new StringBuilder(rule.name()).append(": ");
    if (groupKept != null) {
      text.append(points(rule.points())).append(", kept: ").append(groupKept);
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
