package nl.hengel.analytics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nl.hengel.analytics.internal.FunnelLeads;
import nl.hengel.analytics.internal.FunnelQueries;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.WorkspaceId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The funnel analytics of a workspace: waterfall, velocity, SLA compliance and experience index,
 * each one grouped SQL query over a range, its figures defined in {@link Metric}; the waterfall and
 * velocity carry {@link Note}s on what makes a figure less than it seems.
 */
@Service
public class FunnelAnalytics {

  /** The key of the row that sums all groups. */
  public static final String ALL = "(all)";

  private final FunnelQueries queries;
  private final FunnelLeads leads;
  private final Clock clock;
  private final Transactions transactions;

  FunnelAnalytics(
      FunnelQueries queries, FunnelLeads leads, Clock clock, Transactions transactions) {
    this.transactions = transactions;
    this.queries = queries;
    this.leads = leads;
    this.clock = clock;
  }

  /**
   * The waterfall of the leads whose cohort moment is in range, with its notes. Its several
   * statements read one snapshot (repeatable read), so the notes count the leads the rows count.
   */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public Waterfall waterfall(WorkspaceId ws, ReportParameters p) {
    require(p, Report.WATERFALL);
    FunnelQueries.WaterfallAnswer answer = queries.waterfallWithValues(ws, p);
    var values = DealValues.of(answer.values());
    List<Waterfall.Row> rows =
        byKey(
            answer.rows().stream()
                .map(r -> r.withValues(values.won(r.key()), values.open(r.key())))
                .toList(),
            Waterfall.Row::key);
    Waterfall.Row total =
        Waterfall.Row.sum(ALL, rows).withValues(values.wonTotal(), values.openTotal());
    var notes = new ArrayList<Note>();
    Notes.implied(queries.implied(ws, p), p, null).ifPresent(notes::add);
    undated(ws, p).ifPresent(notes::add);
    notes.addAll(values.mixed(rows.stream().map(Waterfall.Row::key).toList(), ALL));
    Notes.wonWithoutValue(total).ifPresent(notes::add);
    return new Waterfall(p, Metric.Definition.of(Report.WATERFALL), rows, total, notes);
  }

  /**
   * The velocity of the leads whose cohort moment is in range, per group and over all of them, with
   * its notes; one snapshot, as the waterfall.
   */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public Velocity velocity(WorkspaceId ws, ReportParameters p) {
    require(p, Report.VELOCITY);
    List<Velocity.Row> rows = byKey(queries.velocity(ws, p), Velocity.Row::key);
    Velocity.Row total = queries.velocityTotal(ws, p, ALL);
    var notes = new ArrayList<Note>();
    Notes.implied(queries.implied(ws, p), p, total).ifPresent(notes::add);
    undated(ws, p).ifPresent(notes::add);
    return new Velocity(p, Metric.Definition.of(Report.VELOCITY), rows, total, notes);
  }

  /** The note on undated leads, for the created cohorts (no other cohort can hold them). */
  private java.util.Optional<Note> undated(WorkspaceId ws, ReportParameters p) {
    if (p.cohort() != Report.Cohort.CREATED) {
      return java.util.Optional.empty();
    }
    return Notes.undated(queries.undated(ws, p), p);
  }

  /** The SLA compliance of the clocks started in range, as of now. */
  @Transactional(readOnly = true)
  public SlaCompliance slaCompliance(WorkspaceId ws, ReportParameters p) {
    require(p, Report.SLA_COMPLIANCE);
    var now = clock.instant();
    List<SlaCompliance.Row> rows = byKey(queries.slaCompliance(ws, p, now), SlaCompliance.Row::key);
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
    List<ExperienceIndex.Row> rows = byKey(queries.experience(ws, p), ExperienceIndex.Row::key);
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

  /**
   * Gives the workspace's funnel rows that lack a first touch the person's earliest interaction
   * (pasts recorded before their interactions were ingested); safe while leads change live, unlike
   * a rebuild: a thousand rows per transaction, each retried when it met a live writer (on
   * PostgreSQL a deadlock with a scoring transaction that qualifies several leads at once). Answers
   * how many rows it filled.
   */
  public int fillFirstTouches(WorkspaceId ws) {
    int filled = 0;
    long after = 0;
    while (true) {
      long from = after;
      FunnelLeads.Filled page =
          transactions.retryingOnConflict(() -> leads.fillFirstTouches(ws, from, 1000));
      if (page.last() == null) {
        return filled;
      }
      filled += page.filled();
      after = page.last();
    }
  }

  /**
   * The rows in the order of their keys' characters, the same on both databases (whose collations
   * differ: PostgreSQL's may ignore punctuation such as the parentheses of "(none)").
   */
  private static <T> List<T> byKey(List<T> rows, java.util.function.Function<T, String> key) {
    return rows.stream().sorted(java.util.Comparator.comparing(key)).toList();
  }

  private static void require(ReportParameters p, Report report) {
    if (p.report() != report) {
      throw new IllegalArgumentException(p.report() + " parameters for the " + report + " report");
    }
  }
}
