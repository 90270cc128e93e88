package nl.hengel.analytics;

import java.time.Clock;
import java.util.List;
import nl.hengel.analytics.internal.FunnelLeads;
import nl.hengel.analytics.internal.FunnelQueries;
import nl.hengel.platform.WorkspaceId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The funnel analytics of a workspace: waterfall, velocity, SLA compliance and experience index,
 * each one grouped SQL query over a range, its figures defined in {@link Metric}.
 */
@Service
public class FunnelAnalytics {

  /** The key of the row that sums all groups. */
  public static final String ALL = "(all)";

  private final FunnelQueries queries;
  private final FunnelLeads leads;
  private final Clock clock;

  FunnelAnalytics(FunnelQueries queries, FunnelLeads leads, Clock clock) {
    this.queries = queries;
    this.leads = leads;
    this.clock = clock;
  }

  /** The waterfall of the leads whose cohort moment is in range. */
  @Transactional(readOnly = true)
  public Waterfall waterfall(WorkspaceId ws, ReportParameters p) {
    require(p, Report.WATERFALL);
    List<Waterfall.Row> rows = queries.waterfall(ws, p);
    return new Waterfall(
        p, Metric.Definition.of(Report.WATERFALL), rows, Waterfall.Row.sum(ALL, rows));
  }

  /** The velocity of the leads whose cohort moment is in range. */
  @Transactional(readOnly = true)
  public Velocity velocity(WorkspaceId ws, ReportParameters p) {
    require(p, Report.VELOCITY);
    return new Velocity(p, Metric.Definition.of(Report.VELOCITY), queries.velocity(ws, p));
  }

  /** The SLA compliance of the clocks started in range, as of now. */
  @Transactional(readOnly = true)
  public SlaCompliance slaCompliance(WorkspaceId ws, ReportParameters p) {
    require(p, Report.SLA_COMPLIANCE);
    var now = clock.instant();
    List<SlaCompliance.Row> rows = queries.slaCompliance(ws, p, now);
    SlaCompliance.Clocks accept = SlaCompliance.Clocks.NONE;
    SlaCompliance.Clocks contact = SlaCompliance.Clocks.NONE;
    for (SlaCompliance.Row r : rows) {
      accept = accept.plus(r.accept());
      contact = contact.plus(r.firstContact());
    }
    return new SlaCompliance(
        now,
        p,
        Metric.Definition.of(Report.SLA_COMPLIANCE),
        rows,
        new SlaCompliance.Row(ALL, accept, contact));
  }

  /** The experience index of the interactions that occurred in range. */
  @Transactional(readOnly = true)
  public ExperienceIndex experience(WorkspaceId ws, ReportParameters p) {
    require(p, Report.EXPERIENCE);
    List<ExperienceIndex.Row> rows = queries.experience(ws, p);
    return new ExperienceIndex(
        p, Metric.Definition.of(Report.EXPERIENCE), rows, ExperienceIndex.Row.sum(ALL, rows));
  }

  /**
   * Recomputes the workspace's per-lead funnel rows from its stage history, for data written around
   * the lifecycle (bulk loads, restores); answers the leads counted. Live stage changes keep them
   * without this.
   */
  @Transactional
  public int rebuild(WorkspaceId ws) {
    return leads.rebuild(ws);
  }

  private static void require(ReportParameters p, Report report) {
    if (p.report() != report) {
      throw new IllegalArgumentException(p.report() + " parameters for the " + report + " report");
    }
  }
}
