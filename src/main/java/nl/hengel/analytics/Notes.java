package nl.hengel.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import nl.hengel.analytics.internal.FunnelQueries;
import org.jspecify.annotations.Nullable;

/** The notes of the waterfall and velocity: their codes, counts and sentences. */
final class Notes {

  private Notes() {}

  /** {@code 4,238}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 1 lead}, {@code 4,238 leads}. */
  static String leads(long n) {
    return count(n) + (n == 1 ? " lead" : " leads");
  }

  /** {@code USD 12,345.60}. */
  static String money(BigDecimal amount, String currency) {
    return currency + " " + String.format(Locale.ROOT, "%,." + amount.scale() + "f", amount);
  }

  /**
   * Stages first entered by an implied step among the leads in range, and the spans that leave
   * those leads out (with how many, from the velocity's total when given).
   */
  static Optional<Note> implied(
      FunnelQueries.Implied implied, ReportParameters p, Velocity.@Nullable Row total) {
    if (implied.leads() == 0) {
      return Optional.empty();
    }
    var counts = new LinkedHashMap<String, Long>();
    counts.put("leads", implied.leads());
    var stages = new ArrayList<String>();
    implied
        .stages()
        .forEach((stage, n) -> {
          if (n > 0) {
            counts.put(stage, n);
            stages.add(stage + " " + count(n));
          }
        });
    var spans = new ArrayList<String>();
    for (Velocity.Span span : Velocity.Span.values()) {
      boolean touched =
          implied.stages().getOrDefault(span.from(), 0L) > 0
              || implied.stages().getOrDefault(span.to(), 0L) > 0;
      if (!touched) {
        continue;
      }
      spans.add(
          total == null
              ? span.label()
              : span.label() + " " + count(total.span(span).implied()) + " left out");
    }
    var text =
        new StringBuilder()
            .append(leads(implied.leads()))
            .append(
                " in range entered a stage by an implied step, which the source did not date and")
            .append(" which is recorded at the time of the next dated step: ")
            .append(String.join(", ", stages))
            .append(
                ". They count in every stage they reached, but no duration starts or ends at an")
            .append(" implied entry");
    text.append(spans.isEmpty() ? "." : ": " + String.join(", ", spans) + ".");
    if (implied.cohort() > 0) {
      counts.put("cohort", implied.cohort());
      text.append(" ")
          .append(leads(implied.cohort()))
          .append(" of them ")
          .append(implied.cohort() == 1 ? "is" : "are")
          .append(" in their ")
          .append(p.cohort().key())
          .append(" cohort by an implied moment.");
    }
    return Optional.of(new Note(Note.IMPLIED_STAGES, null, counts, text.toString()));
  }

  /** Leads without any date, for the created cohorts. */
  static Optional<Note> undated(long undated, ReportParameters p) {
    if (undated == 0) {
      return Optional.empty();
    }
    String who =
        leads(undated)
            + (undated == 1 ? " has" : " have")
            + " no date at all (the source dates none of their steps, such as opportunities that never"
            + " left new)";
    String where;
    if (!p.allTime()) {
      where =
          ": they are in no range, so not in these figures; over all time (no from or to) they"
              + " are the "
              + FunnelQueries.UNDATED
              + " cohort.";
    } else if (p.groupBy() == Report.GroupBy.COHORT) {
      where = ": they are the " + FunnelQueries.UNDATED + " row, and in no range.";
    } else {
      where = ": they are counted here over all time, but are in no range (from, to).";
    }
    return Optional.of(
        new Note(Note.UNDATED_LEADS, null, java.util.Map.of("leads", undated), who + where));
  }

  /** Won leads without a deal value next to ones with one: the won value is a partial sum. */
  static Optional<Note> wonWithoutValue(Waterfall.Row total) {
    long with = total.wonValue().leads();
    long without = total.won() - with;
    if (with == 0 || without <= 0) {
      return Optional.empty();
    }
    var counts = new LinkedHashMap<String, Long>();
    counts.put("won", total.won());
    counts.put("withoutValue", without);
    return Optional.of(
        new Note(
            Note.WON_WITHOUT_VALUE,
            null,
            counts,
            count(without)
                + " of the "
                + leads(total.won())
                + " won in range carry no deal value: the won value sums the other "
                + count(with)
                + "."));
  }
}
