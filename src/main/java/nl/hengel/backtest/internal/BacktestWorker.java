package nl.hengel.backtest.internal;

import java.time.Clock;
import java.time.Duration;
import nl.hengel.platform.BackgroundLoop;
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

  static final Duration STALE = Duration.ofSeconds(60);

  private final BackgroundLoop loop;

  BacktestWorker(JdbcClient jdbc, BacktestRunner runner, Clock clock) {
    this.loop =
        new BackgroundLoop(
            "hengel-backtest",
            () -> {
              Long claimed;
              while ((claimed =
                      BackgroundLoop.claimStale(jdbc, "backtest_run", clock.instant(), STALE))
                  != null) {
                runner.execute(claimed);
              }
            });
  }

  /** Looks for work once the caller's transaction commits, rather than at the next poll. */
  public void nudge() {
    loop.nudgeAfterCommit();
  }

  @Scheduled(fixedDelayString = "${hengel.backtest.poll-millis:2000}")
  void poll() {
    loop.nudge();
  }

  @Override
  public void destroy() {
    loop.close();
  }
}
