package nl.hengel.backtest.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.hengel.platform.Sql;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Does the backtests on a server node: claims a running one that no live node (or CLI) works on —
 * its heartbeat is missing or stale — and runs it, one at a time per node, so a backtest never
 * takes more than one core of a node from live work. No leader: any node may claim one.
 */
@Component
@ConditionalOnWebApplication
public class BacktestWorker implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(BacktestWorker.class);
  static final Duration STALE = Duration.ofSeconds(60);

  private final JdbcClient jdbc;
  private final BacktestRunner runner;
  private final Clock clock;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "hengel-backtest");
        thread.setDaemon(true);
        return thread;
      });
  private final AtomicBoolean busy = new AtomicBoolean();

  BacktestWorker(JdbcClient jdbc, BacktestRunner runner, Clock clock) {
    this.jdbc = jdbc;
    this.runner = runner;
    this.clock = clock;
  }

  /** Looks for work now rather than at the next poll. */
  public void nudge() {
    executor.execute(this::pickUp);
  }

  @Scheduled(fixedDelayString = "${hengel.backtest.poll-millis:2000}")
  void poll() {
    executor.execute(this::pickUp);
  }

  private void pickUp() {
    if (!busy.compareAndSet(false, true)) {
      return;
    }
    try {
      Long claimed;
      while ((claimed = claim()) != null) {
        runner.execute(claimed);
      }
    } catch (RuntimeException e) {
      log.warn("Could not pick up backtests; will try again", e);
    } finally {
      busy.set(false);
    }
  }

  private @Nullable Long claim() {
    Instant now = clock.instant();
    var stale = Sql.ts(now.minus(STALE));
    List<Long> candidates =
        jdbc.sql(
                """
                select id from backtest_run where status = 'running' and (heartbeat_at is null or heartbeat_at < ?) order by id
                """)
            .param(stale)
            .query(Long.class)
            .list();
    for (long id : candidates) {
      int won =
          jdbc.sql(
                  """
                  update backtest_run set heartbeat_at = ? where id = ? and status = 'running' and (heartbeat_at is null or heartbeat_at < ?)
                  """)
              .params(Sql.ts(now), id, stale)
              .update();
      if (won == 1) {
        return id;
      }
    }
    return null;
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
