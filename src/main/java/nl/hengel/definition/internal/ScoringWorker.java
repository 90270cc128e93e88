package nl.hengel.definition.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.WorkspaceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drains the scoring queue promptly: claims the oldest queued people (rows other nodes hold are
 * skipped), scores them under the workspace's active version and under a version being activated,
 * and removes them from the queue in the same transaction. Runs on server nodes only.
 */
@Component
@ConditionalOnWebApplication
public class ScoringWorker {

  private static final Logger log = LoggerFactory.getLogger(ScoringWorker.class);
  static final int CLAIM = 500;

  private final ScoringQueue queue;
  private final PageScorer scorer;
  private final CompiledVersions versions;
  private final JdbcClient jdbc;
  private final Transactions transactions;

  ScoringWorker(
      ScoringQueue queue,
      PageScorer scorer,
      CompiledVersions versions,
      JdbcClient jdbc,
      Transactions transactions) {
    this.queue = queue;
    this.scorer = scorer;
    this.versions = versions;
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  @Scheduled(fixedDelayString = "${hengel.scoring.poll-millis:200}")
  public void drain() {
    try {
      while (drainOnce() == CLAIM) {
        // keep going while full pages come back
      }
    } catch (RuntimeException e) {
      log.warn("Scoring failed; the queued people stay queued and are tried again", e);
    }
  }

  /** Scores one claim of queued people; answers how many were claimed. */
  public int drainOnce() {
    Integer claimed =
        transactions.retryingOnConflict(() -> {
          List<ScoringQueue.Claimed> batch = queue.claim(CLAIM);
          var byWorkspace = new LinkedHashMap<Long, List<Long>>();
          batch.forEach(c ->
              byWorkspace
                  .computeIfAbsent(c.workspaceId(), w -> new ArrayList<>())
                  .add(c.personId()));
          for (Map.Entry<Long, List<Long>> entry : byWorkspace.entrySet()) {
            var ws = new WorkspaceId(entry.getKey());
            for (long versionId : versionsToScore(ws)) {
              scorer.score(
                  ws, versions.get(versionId), entry.getValue().stream().sorted().toList());
            }
          }
          queue.done(batch);
          return batch.size();
        });
    return claimed == null ? 0 : claimed;
  }

  /**
   * The active version, and a version being activated (its re-evaluation must see new data too).
   */
  private List<Long> versionsToScore(WorkspaceId ws) {
    return jdbc.sql(
            """
            select version_id from active_definition where workspace_id = :ws
            union
            select id from definition_version where workspace_id = :ws and upper(status) = 'ACTIVATING'
            """)
        .param("ws", ws.value())
        .query(Long.class)
        .list();
  }
}
