package nl.hengel.web;

import java.util.ArrayList;
import java.util.List;
import nl.hengel.analytics.ExperienceIndex;
import nl.hengel.analytics.SlaCompliance;
import nl.hengel.analytics.Velocity;
import nl.hengel.analytics.Waterfall;
import nl.hengel.web.Chart.Kind;
import nl.hengel.web.Chart.Series;

/** The dashboard's charts, drawn from the reports' own numbers. */
final class DashboardCharts {

  private static final double DAY = 86_400d;

  private DashboardCharts() {}

  /** Leads that reached each stage, over all groups. */
  static Chart waterfall(Waterfall.Row total) {
    return new Chart(
        Kind.BAR,
        "count",
        List.of("leads", "nurture", "mql", "sal", "sql", "won", "lost", "disqualified"),
        List.of(
            new Series(
                "Leads that reached the stage",
                List.of(
                    total.leads(),
                    total.nurture(),
                    total.mql(),
                    total.sal(),
                    total.sql(),
                    total.won(),
                    total.lost(),
                    total.disqualified()))));
  }

  /** Median days of each span, per group. */
  static Chart velocity(Velocity velocity) {
    var categories = velocity.rows().stream().map(Velocity.Row::key).toList();
    var series = new ArrayList<Series>();
    for (Velocity.Span span : Velocity.Span.values()) {
      var values = new ArrayList<Double>();
      for (Velocity.Row row : velocity.rows()) {
        Velocity.Duration d = row.spans().get(span.ordinal());
        values.add(d.medianSeconds() == null ? null : round(d.medianSeconds() / DAY));
      }
      series.add(new Series(span.from() + " → " + span.to() + " (median)", values));
    }
    return new Chart(Kind.BAR, "days", categories, series);
  }

  /** Share of clocks met on time, per owner, for both kinds. */
  static Chart sla(SlaCompliance sla) {
    var rows = sla.rows();
    return new Chart(
        Kind.BAR,
        "percent",
        rows.stream().map(SlaCompliance.Row::key).toList(),
        List.of(
            new Series("accept", rows.stream().map(r -> r.accept().share()).toList()),
            new Series(
                "first contact", rows.stream().map(r -> r.firstContact().share()).toList())));
  }

  /** Share of positive interactions per department. */
  static Chart experience(ExperienceIndex experience) {
    var rows = experience.rows();
    return new Chart(
        Kind.BAR,
        "percent",
        rows.stream().map(ExperienceIndex.Row::key).toList(),
        List.of(
            new Series("positive share", rows.stream().map(ExperienceIndex.Row::index).toList())));
  }

  private static double round(double days) {
    return Math.round(days * 10) / 10d;
  }
}
