package nl.hengel.backtest;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.hengel.backtest.internal.BacktestRunner;
import nl.hengel.backtest.internal.BacktestWorker;
import nl.hengel.backtest.internal.History;
import nl.hengel.definition.CompiledVersion;
import nl.hengel.definition.Definitions;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Moments;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backtests: a definition version (draft or any other) replayed over a range of history, strictly
 * as of each moment, by the live fold, and scored against what really happened — alone, or side by
 * side with a baseline version over the same leads, with the leads only one of them flags.
 *
 * <p>A backtest is a stored job: {@link #start} records it and a server node's worker runs it in
 * the background (progress on the run, resumed from the start on another node if its node dies);
 * {@link #run} does it in the caller's thread (the CLI). Every member may backtest: it reads
 * history and changes nothing but its own stored result.
 */
@Service
public class Backtests {

  /** Without a horizon, an outcome up to this long after the MQL moment counts as predicted. */
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(90);

  static final Duration MAX_RANGE = Duration.ofDays(366 * 20);
  static final Duration MAX_HORIZON = Duration.ofDays(3660);
  static final int MAX_RUNNING = 2;

  private static final List<String> CSV_HEADER =
      List.of(
          "person_id",
          "email",
          "flagged_by",
          "candidate_version",
          "candidate_mql_at",
          "candidate_explanation",
          "baseline_version",
          "baseline_mql_at",
          "baseline_explanation");

  private final JdbcClient jdbc;
  private final Definitions definitions;
  private final BacktestRunner runner;
  private final History history;
  private final Optional<BacktestWorker> worker;
  private final JsonMapper json;
  private final Clock clock;

  Backtests(
      JdbcClient jdbc,
      Definitions definitions,
      BacktestRunner runner,
      History history,
      Optional<BacktestWorker> worker,
      JsonMapper json,
      Clock clock) {
    this.jdbc = jdbc;
    this.definitions = definitions;
    this.runner = runner;
    this.history = history;
    this.worker = worker;
    this.json = json;
    this.clock = clock;
  }

  /**
   * What to backtest: a version, over [from, to), an outcome counting up to {@code horizon} after
   * the MQL moment, against a baseline version — the active one when null, unless the version is
   * the active one itself or {@code alone} is set.
   */
  public record Request(
      int version,
      @Nullable Integer baseline,
      boolean alone,
      Instant from,
      Instant to,
      Duration horizon) {

    /**
     * A request from what a person typed: moments as dates (UTC) or times with offset, the horizon
     * as 90d, 8w or P30D (default 90 days); every fault is a field error of one problem.
     */
    public static Request parse(
        int version,
        @Nullable String from,
        @Nullable String to,
        @Nullable String horizon,
        @Nullable Integer baseline,
        boolean alone) {
      var errors = new ArrayList<FieldError>();
      Instant start = Moments.instant("from", from, errors);
      Instant end = Moments.instant("to", to, errors);
      Duration span = Moments.duration("horizon", horizon, errors);
      if (from == null || from.isBlank()) {
        errors.add(new FieldError("from", "is required"));
      }
      if (to == null || to.isBlank()) {
        errors.add(new FieldError("to", "is required"));
      }
      if (!errors.isEmpty()) {
        throw Problem.invalid(
            "backtest.invalid-request", "The backtest request is not valid.", errors);
      }
      return new Request(
          version, baseline, alone, start, end, span == null ? DEFAULT_HORIZON : span);
    }
  }

  /** Records a backtest for a server node to run; answers it at once, running. */
  public BacktestRun start(WorkspaceId ws, Caller caller, Request request) {
    long id = insert(ws, caller, request, false);
    worker.ifPresent(BacktestWorker::nudge);
    return get(ws, id);
  }

  /** Runs a backtest in this thread and answers it finished (done or failed). */
  public BacktestRun run(WorkspaceId ws, Caller caller, Request request) {
    long id = insert(ws, caller, request, true);
    runner.execute(id);
    return get(ws, id);
  }

  private long insert(WorkspaceId ws, Caller caller, Request request, boolean claimed) {
    var errors = new ArrayList<FieldError>();
    if (!request.from().isBefore(request.to())) {
      errors.add(new FieldError("to", "must come after from (" + request.from() + ")"));
    } else if (Duration.between(request.from(), request.to()).compareTo(MAX_RANGE) > 0) {
      errors.add(new FieldError("to", "the range may span at most 20 years"));
    }
    if (request.horizon().isNegative() || request.horizon().compareTo(MAX_HORIZON) > 0) {
      errors.add(new FieldError("horizon", "must be between 0 and 3660 days"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "backtest.invalid-request", "The backtest request is not valid.", errors);
    }
    CompiledVersion candidate = definitions.compiled(ws, request.version());
    CompiledVersion baseline = baseline(ws, request, candidate);
    long running =
        jdbc.sql("select count(*) from backtest_run where workspace_id = ? and status = 'running'")
            .param(ws.value())
            .query(Long.class)
            .single();
    if (running >= MAX_RUNNING) {
      throw Problem.conflict(
          "backtest.too-many-running",
          "This workspace has " + running + " backtests running; start another when one is done.");
    }
    long total = history.count(ws);
    var keys = new GeneratedKeyHolder();
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into backtest_run (workspace_id, version_id, baseline_version_id, range_from, range_to,
                                      horizon_seconds, status, total, done, actor, started_at, heartbeat_at)
            values (?, ?, ?, ?, ?, ?, 'running', ?, 0, ?, ?, ?)
            """)
        .params(
            ws.value(),
            candidate.id(),
            baseline == null ? null : baseline.id(),
            Sql.ts(request.from()),
            Sql.ts(request.to()),
            request.horizon().toSeconds(),
            total,
            caller.actor(),
            Sql.ts(now),
            claimed ? Sql.ts(now) : null)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  private @Nullable CompiledVersion baseline(
      WorkspaceId ws, Request request, CompiledVersion candidate) {
    if (request.alone()) {
      return null;
    }
    if (request.baseline() != null) {
      if (request.baseline() == request.version()) {
        throw Problem.badRequest(
            "backtest.same-version",
            "A version cannot be its own baseline; leave the baseline out to backtest it alone.");
      }
      return definitions.compiled(ws, request.baseline());
    }
    return definitions.activeCompiled(ws).filter(a -> a.id() != candidate.id()).orElse(null);
  }

  /** One backtest of this workspace, with its report once done. */
  public BacktestRun get(WorkspaceId ws, long id) {
    return jdbc.sql(SELECT + " where r.workspace_id = ? and r.id = ?")
        .params(ws.value(), id)
        .query((rs, n) -> run(rs))
        .optional()
        .orElseThrow(() ->
            Problem.notFound("backtest.not-found", "This workspace has no backtest " + id + "."));
  }

  /** The workspace's backtests, newest first, of one version or (null) of all. */
  public List<BacktestRun> list(WorkspaceId ws, @Nullable Integer version, int limit) {
    var params = new ArrayList<Object>(List.of(ws.value()));
    String where = " where r.workspace_id = ?";
    if (version != null) {
      where += " and v.number = ?";
      params.add(version);
    }
    params.add(Math.max(1, Math.min(limit, 1000)));
    return jdbc.sql(SELECT + where + " order by r.id desc fetch first ? rows only")
        .params(params)
        .query((rs, n) -> run(rs))
        .list();
  }

  /**
   * The leads one version flags and the other does not, as CSV (header row first), each with both
   * versions' MQL moment and explanation; 409 until the backtest is done and for a backtest without
   * a baseline.
   */
  public void writeDifferences(WorkspaceId ws, long id, Writer out) {
    BacktestRun run = get(ws, id);
    if (run.status() != BacktestRun.Status.DONE) {
      throw Problem.conflict(
          "backtest.not-done", "Backtest " + id + " is " + run.status().key() + ", not done.");
    }
    if (run.baselineVersion() == null) {
      throw Problem.conflict(
          "backtest.no-baseline",
          "Backtest " + id + " ran without a baseline version, so there is nothing to compare.");
    }
    CsvWriter csv = CsvWriter.builder().build(out);
    csv.writeRecord(CSV_HEADER);
    jdbc.sql(
            """
            select d.person_id, p.email, d.flagged_by, d.candidate_mql_at, d.candidate_explanation,
                   d.baseline_mql_at, d.baseline_explanation
              from backtest_difference d join person p on p.id = d.person_id
             where d.run_id = ? order by d.person_id
            """)
        .param(id)
        .query(rs -> {
          csv.writeRecord(
              String.valueOf(rs.getLong("person_id")),
              text(rs.getString("email")),
              rs.getString("flagged_by"),
              String.valueOf(run.version()),
              text(Sql.instant(rs, "candidate_mql_at")),
              rs.getString("candidate_explanation"),
              String.valueOf(run.baselineVersion()),
              text(Sql.instant(rs, "baseline_mql_at")),
              rs.getString("baseline_explanation"));
        });
    try {
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String SELECT =
      """
      select r.*, v.number as version, b.number as baseline
        from backtest_run r join definition_version v on v.id = r.version_id
        left join definition_version b on b.id = r.baseline_version_id\
      """;

  private BacktestRun run(java.sql.ResultSet rs) throws java.sql.SQLException {
    Integer baselineVersion = rs.getObject("baseline", Integer.class);
    String report = rs.getString("report");
    return new BacktestRun(
        rs.getLong("id"),
        rs.getInt("version"),
        baselineVersion,
        Sql.instant(rs, "range_from"),
        Sql.instant(rs, "range_to"),
        Duration.ofSeconds(rs.getLong("horizon_seconds")),
        BacktestRun.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getLong("total"),
        rs.getLong("done"),
        rs.getString("actor"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "finished_at"),
        report == null ? null : json.readValue(report, BacktestReport.class),
        rs.getString("error"));
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }
}
