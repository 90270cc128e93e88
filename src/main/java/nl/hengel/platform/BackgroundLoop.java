package nl.hengel.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Background work of a server node on one daemon thread, never twice at once: {@link #nudge} (or a
 * poll) runs it now unless it is running already. With {@link #claimStale}, the jobs of a table
 * with {@code status} and {@code heartbeat_at} columns are claimed without a leader: a running job
 * whose heartbeat is missing or older than a limit belongs to whichever node updates it first.
 */
public final class BackgroundLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

  private final Runnable work;
  private final String name;
  private final ExecutorService executor;
  private final AtomicBoolean busy = new AtomicBoolean();

  public BackgroundLoop(String threadName, Runnable work) {
    this.work = work;
    this.name = threadName;
    this.executor =
        Executors.newSingleThreadExecutor(r -> {
          var thread = new Thread(r, threadName);
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Runs the work soon, unless it runs already (it then sees the new work itself). */
  public void nudge() {
    executor.execute(this::run);
  }

  /** {@link #nudge}s once the caller's transaction commits, or now without one. */
  public void nudgeAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              nudge();
            }
          });
    } else {
      nudge();
    }
  }

  private void run() {
    if (!busy.compareAndSet(false, true)) {
      return;
    }
    try {
      work.run();
    } catch (RuntimeException e) {
      log.warn("{}: could not pick up work; will try again", name, e);
    } finally {
      busy.set(false);
    }
  }

  /**
   * Claims one running job of {@code table} (a trusted identifier, never input) whose heartbeat is
   * missing or older than {@code stale}, by beating it now; null when there is none.
   */
  public static @Nullable Long claimStale(
      JdbcClient jdbc, String table, Instant now, Duration stale) {
    var before = Sql.ts(now.minus(stale));
    List<Long> candidates =
        jdbc.sql(
                "select id from "
                    + table
                    + " where status = 'running' and (heartbeat_at is null or heartbeat_at < ?)"
                    + " order by id")
            .param(before)
            .query(Long.class)
            .list();
    for (long id : candidates) {
      int won =
          jdbc.sql(
                  "update "
                      + table
                      + " set heartbeat_at = ? where id = ? and status = 'running'"
                      + " and (heartbeat_at is null or heartbeat_at < ?)")
              .params(Sql.ts(now), id, before)
              .update();
      if (won == 1) {
        return id;
      }
    }
    return null;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
