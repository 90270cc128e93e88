package nl.hengel.backtest.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import nl.hengel.backtest.BacktestReport;
import nl.hengel.backtest.internal.Replay.Difference;
import nl.hengel.definition.CompiledVersion;
import nl.hengel.definition.Definitions;
import nl.hengel.engine.BacktestResult;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Does one stored backtest from the start: streams the history through a {@link Replay}, records
 * progress every few thousand leads and the differing leads in batches (each in its own short
 * transaction, beside the long read-only one of the stream), then stores the report and marks the
 * run done — or failed, with the error. A heartbeat beats every 15 seconds meanwhile, so no other
 * node takes the run over while this one lives. A run taken over after a crash starts again: its
 * earlier differences are deleted first.
 */
@Component
public class BacktestRunner {

  private static final Logger log = LoggerFactory.getLogger(BacktestRunner.class);
  static final int PROGRESS_EVERY = 5000;
  static final int DIFFERENCES_BATCH = 500;
  static final Duration BEAT = Duration.ofSeconds(15);

  private static final ScheduledExecutorService HEARTBEAT =
      Executors.newSingleThreadScheduledExecutor(r -> {
        var thread = new Thread(r, "hengel-backtest-heartbeat");
        thread.setDaemon(true);
        return thread;
      });

  private final JdbcClient jdbc;
  private final JdbcTemplate batchJdbc;
  private final History history;
  private final Definitions definitions;
  private final JsonMapper json;
  private final Clock clock;
  private final TransactionTemplate separate;

  BacktestRunner(
      JdbcClient jdbc,
      JdbcTemplate batchJdbc,
      History history,
      Definitions definitions,
      JsonMapper json,
      Clock clock,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.batchJdbc = batchJdbc;
    this.history = history;
    this.definitions = definitions;
    this.json = json;
    this.clock = clock;
    this.separate = new TransactionTemplate(transactions);
    separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  private record Job(
      long id,
      WorkspaceId workspace,
      int version,
      @Nullable Integer baseline,
      Instant from,
      Instant to,
      Duration horizon) {}

  /** Runs the backtest of this id to its end; a failure is recorded on the run, not thrown. */
  public void execute(long id) {
    Job job =
        jdbc.sql(
                """
                select r.id, r.workspace_id, r.range_from, r.range_to, r.horizon_seconds,
                       v.number as version, b.number as baseline
                  from backtest_run r join definition_version v on v.id = r.version_id
                  left join definition_version b on b.id = r.baseline_version_id
                 where r.id = ?
                """)
            .param(id)
            .query((rs, n) -> {
              Integer baseline = rs.getObject("baseline", Integer.class);
              return new Job(
                  id,
                  new WorkspaceId(rs.getLong("workspace_id")),
                  rs.getInt("version"),
                  baseline,
                  Sql.instant(rs, "range_from"),
                  Sql.instant(rs, "range_to"),
                  Duration.ofSeconds(rs.getLong("horizon_seconds")));
            })
            .single();
    long started = System.nanoTime();
    // The heartbeat beats on its own: a query may take minutes before its first row arrives.
    ScheduledFuture<?> heartbeat =
        HEARTBEAT.scheduleWithFixedDelay(
            () -> beat(id), BEAT.toSeconds(), BEAT.toSeconds(), TimeUnit.SECONDS);
    try {
      separate.executeWithoutResult(status -> {
        jdbc.sql("delete from backtest_difference where run_id = ?").param(id).update();
        jdbc.sql("update backtest_run set done = 0, total = ?, heartbeat_at = ? where id = ?")
            .params(history.count(job.workspace()), Sql.ts(clock.instant()), id)
            .update();
      });
      CompiledVersion candidate = definitions.compiled(job.workspace(), job.version());
      CompiledVersion baseline =
          job.baseline() == null ? null : definitions.compiled(job.workspace(), job.baseline());
      var listener = new Recorder(id);
      var replay = new Replay(candidate, baseline, job.from(), job.to(), job.horizon(), listener);
      history.stream(job.workspace(), job.to(), replay);
      listener.flush();
      BacktestReport figures = report(candidate, baseline, replay, listener);
      BacktestReport report =
          new BacktestReport(
              figures.candidate(),
              figures.baseline(),
              figures.liftOverBaseline(),
              figures.differences(),
              implied(job));
      separate.executeWithoutResult(status ->
          jdbc.sql(
                  """
                  update backtest_run set status = 'done', done = ?, report = ?, finished_at = ?, heartbeat_at = ?
                   where id = ?
                  """)
              .params(
                  replay.leads(),
                  json.writeValueAsString(report),
                  Sql.ts(clock.instant()),
                  Sql.ts(clock.instant()),
                  id)
              .update());
      log.info(
          "Backtest {} of version {} over {} leads in {} ms",
          id,
          job.version(),
          replay.leads(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      log.error("Backtest {} failed", id, e);
      String message = String.valueOf(e.getMessage());
      separate.executeWithoutResult(status ->
          jdbc.sql(
                  "update backtest_run set status = 'failed', finished_at = ?, error = ? where id = ?")
              .params(
                  Sql.ts(clock.instant()),
                  message.length() > 1900 ? message.substring(0, 1900) : message,
                  id)
              .update());
    } finally {
      heartbeat.cancel(false);
    }
  }

  /** The note on leads whose sal or sql in the replayed window is implied, or null. */
  private BacktestReport.@Nullable Implied implied(Job job) {
    Instant end = job.to().plus(job.horizon());
    long[] counts = new long[2];
    jdbc.sql(
            """
            select sum(case when implied like '%,sal,%' and sal_at >= ? and sal_at < ? then 1 else 0 end),
                   sum(case when implied like '%,sql,%' and sql_at >= ? and sql_at < ? then 1 else 0 end)
              from funnel_lead where workspace_id = ? and implied is not null
            """)
        .params(
            Sql.ts(job.from()),
            Sql.ts(end),
            Sql.ts(job.from()),
            Sql.ts(end),
            job.workspace().value())
        .query(rs -> {
          counts[0] = rs.getLong(1);
          counts[1] = rs.getLong(2);
        });
    return BacktestReport.Implied.of(counts[0], counts[1]);
  }

  private void beat(long id) {
    try {
      jdbc.sql("update backtest_run set heartbeat_at = ? where id = ? and status = 'running'")
          .params(Sql.ts(clock.instant()), id)
          .update();
    } catch (RuntimeException e) {
      log.warn("Could not beat the heartbeat of backtest {}", id, e);
    }
  }

  private static BacktestReport report(
      CompiledVersion candidate,
      @Nullable CompiledVersion baseline,
      Replay replay,
      Recorder recorder) {
    BacktestResult a = replay.candidateResult();
    BacktestResult b = replay.baselineResult();
    var candidateFigures = BacktestReport.Figures.of(candidate.number(), a);
    if (b == null || baseline == null) {
      return new BacktestReport(candidateFigures, null, null, null);
    }
    return new BacktestReport(
        candidateFigures,
        BacktestReport.Figures.of(baseline.number(), b),
        BacktestResult.lift(a, b),
        new BacktestReport.Differences(recorder.candidateOnly, recorder.baselineOnly));
  }

  /** Writes progress and differences as the replay goes. */
  private final class Recorder implements Replay.Listener {
    private final long id;
    private final List<Difference> pending = new ArrayList<>();
    long candidateOnly;
    long baselineOnly;

    Recorder(long id) {
      this.id = id;
    }

    @Override
    public void replayed(long leads) {
      if (leads % PROGRESS_EVERY == 0) {
        flush();
        separate.executeWithoutResult(status ->
            jdbc.sql("update backtest_run set done = ?, heartbeat_at = ? where id = ?")
                .params(leads, Sql.ts(clock.instant()), id)
                .update());
      }
    }

    @Override
    public void differs(Difference difference) {
      if (difference.candidateFlags()) {
        candidateOnly++;
      } else {
        baselineOnly++;
      }
      pending.add(difference);
      if (pending.size() >= DIFFERENCES_BATCH) {
        flush();
      }
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      var batch = List.copyOf(pending);
      pending.clear();
      separate.executeWithoutResult(status ->
          batchJdbc.batchUpdate(
              """
              insert into backtest_difference (run_id, person_id, flagged_by, candidate_mql_at, baseline_mql_at,
                                               candidate_explanation, baseline_explanation)
              values (?, ?, ?, ?, ?, ?, ?)
              """,
              batch,
              batch.size(),
              (ps, d) -> {
                ps.setLong(1, id);
                ps.setLong(2, d.personId());
                ps.setString(3, d.candidateFlags() ? "candidate" : "baseline");
                ps.setObject(4, Sql.ts(d.candidateMqlAt()));
                ps.setObject(5, Sql.ts(d.baselineMqlAt()));
                ps.setString(6, d.candidateExplanation());
                ps.setString(7, d.baselineExplanation());
              }));
    }
  }
}
