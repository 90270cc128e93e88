package nl.hengel.definition.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.hengel.definition.DefinitionActivated;
import nl.hengel.definition.DefinitionVersion;
import nl.hengel.platform.BackgroundLoop;
import nl.hengel.platform.Sql;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.WorkspaceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does the re-evaluations: claims a running one that no live node is working on (its heartbeat is
 * missing or stale), scores every lead of the workspace under the new version a page at a time
 * (beating the heartbeat and recording progress after each page, so a restart resumes where it
 * stopped), then switches the workspace to the new version in one transaction. Readers see the
 * previous version's scores until that switch. No leader: any server node may claim the work.
 */
@Component
@ConditionalOnWebApplication
public class ReevaluationWorker implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ReevaluationWorker.class);
  static final int PAGE = 1000;
  static final Duration STALE = Duration.ofSeconds(60);

  private final JdbcClient jdbc;
  private final PageScorer scorer;
  private final CompiledVersions versions;
  private final ScoringQueue queue;
  private final TransactionTemplate transactions;
  private final Transactions retrying;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final BackgroundLoop loop;

  ReevaluationWorker(
      JdbcClient jdbc,
      PageScorer scorer,
      CompiledVersions versions,
      ScoringQueue queue,
      TransactionTemplate transactions,
      Transactions retrying,
      Clock clock,
      ApplicationEventPublisher events) {
    this.retrying = retrying;
    this.events = events;
    this.jdbc = jdbc;
    this.scorer = scorer;
    this.versions = versions;
    this.queue = queue;
    this.transactions = transactions;
    this.clock = clock;
    this.loop =
        new BackgroundLoop(
            "hengel-reevaluation",
            () -> {
              Long claimed;
              while ((claimed =
                      BackgroundLoop.claimStale(jdbc, "reevaluation", clock.instant(), STALE))
                  != null) {
                run(claimed);
              }
            });
  }

  /** Looks for work once the caller's transaction commits, rather than at the next poll. */
  public void nudge() {
    loop.nudgeAfterCommit();
  }

  @Scheduled(fixedDelayString = "${hengel.reevaluation.poll-millis:1000}")
  void poll() {
    loop.nudge();
  }

  private record Job(
      long id,
      WorkspaceId workspace,
      long versionId,
      long lastPersonId,
      String actor,
      Instant startedAt) {}

  private void run(long id) {
    Job job =
        jdbc.sql("select * from reevaluation where id = ?")
            .param(id)
            .query((rs, n) ->
                new Job(
                    id,
                    new WorkspaceId(rs.getLong("workspace_id")),
                    rs.getLong("version_id"),
                    rs.getLong("last_person_id"),
                    rs.getString("actor"),
                    Sql.instant(rs, "started_at")))
            .single();
    long started = System.nanoTime();
    try {
      CompiledVersions.Version version = versions.get(job.versionId());
      long after = job.lastPersonId();
      while (true) {
        List<Long> page =
            jdbc.sql(
                    """
                    select id from person where workspace_id = ? and merged_into is null and id > ? order by id fetch first ? rows only
                    """)
                .params(job.workspace().value(), after, PAGE)
                .query(Long.class)
                .list();
        if (page.isEmpty()) {
          break;
        }
        long last = page.getLast();
        retrying.retryingOnConflict(() -> {
          scorer.score(job.workspace(), version, page);
          return jdbc.sql(
                  "update reevaluation set done = done + ?, last_person_id = ?, heartbeat_at = ? where id = ?")
              .params(page.size(), last, Sql.ts(clock.instant()), id)
              .update();
        });
        after = last;
      }
      Long retired = transactions.execute(status -> switchTo(job));
      log.info(
          "Re-evaluated workspace {} under definition version {} in {} ms",
          job.workspace().value(),
          version.number(),
          (System.nanoTime() - started) / 1_000_000);
      if (retired != null) {
        deleteStates(retired);
      }
    } catch (RuntimeException e) {
      log.error("Re-evaluation {} failed", id, e);
      transactions.executeWithoutResult(status -> {
        var now = Sql.ts(clock.instant());
        jdbc.sql(
                "update reevaluation set status = 'failed', finished_at = ?, error = ? where id = ?")
            .params(now, truncate(String.valueOf(e.getMessage())), id)
            .update();
        jdbc.sql("update definition_version set status = ? where id = ?")
            .params(DefinitionVersion.Status.APPROVED.key(), job.versionId())
            .update();
        audit(job, "activation-failed", "system", truncate(String.valueOf(e.getMessage())));
      });
    }
  }

  /**
   * The switch: one transaction, after which readers see the new version's scores. Answers the
   * retired version.
   */
  private Long switchTo(Job job) {
    var now = Sql.ts(clock.instant());
    Long previous =
        jdbc.sql("select version_id from active_definition where workspace_id = ? for update")
            .param(job.workspace().value())
            .query(Long.class)
            .optional()
            .orElse(null);
    if (previous == null) {
      jdbc.sql(
              "insert into active_definition (workspace_id, version_id, activated_at) values (?, ?, ?)")
          .params(job.workspace().value(), job.versionId(), now)
          .update();
    } else {
      jdbc.sql(
              "update active_definition set version_id = ?, activated_at = ? where workspace_id = ?")
          .params(job.versionId(), now, job.workspace().value())
          .update();
      jdbc.sql("update definition_version set status = ?, retired_at = ? where id = ?")
          .params(DefinitionVersion.Status.RETIRED.key(), now, previous)
          .update();
      audit(
          withVersionOf(job, previous),
          "retired",
          job.actor(),
          "replaced by the version activated now");
    }
    jdbc.sql("update definition_version set status = ?, activated_at = ? where id = ?")
        .params(DefinitionVersion.Status.ACTIVE.key(), now, job.versionId())
        .update();
    jdbc.sql(
            "update reevaluation set status = 'done', finished_at = ?, heartbeat_at = ? where id = ?")
        .params(now, now, job.id())
        .update();
    audit(job, "activated", job.actor(), null);
    // Listeners (webhooks) run in this transaction: what they write commits with the switch.
    events.publishEvent(
        jdbc.sql("select number, name from definition_version where id = ?")
            .param(job.versionId())
            .query((rs, n) ->
                new DefinitionActivated(
                    job.workspace(),
                    job.versionId(),
                    rs.getInt("number"),
                    rs.getString("name"),
                    now.toInstant()))
            .single());
    // Interactions that arrived while re-evaluating were scored by the live scorer too, but a page
    // read before they arrived may have overwritten that; score those people once more.
    queue.enqueueReceivedSince(job.workspace(), job.startedAt());
    return previous;
  }

  private void deleteStates(long versionId) {
    Integer deleted;
    do {
      deleted =
          transactions.execute(status ->
              jdbc.sql(
                      """
                      delete from lead_state where version_id = ? and person_id in
                        (select person_id from lead_state where version_id = ? fetch first 10000 rows only)
                      """)
                  .params(versionId, versionId)
                  .update());
    } while (deleted != null && deleted > 0);
  }

  private void audit(Job job, String action, String actor, String detail) {
    jdbc.sql(
            "insert into definition_audit (workspace_id, version_id, action, actor, at, detail) values (?, ?, ?, ?, ?, ?)")
        .params(
            job.workspace().value(),
            job.versionId(),
            action,
            actor,
            Sql.ts(clock.instant()),
            detail)
        .update();
  }

  private static String truncate(String s) {
    return s.length() > 1900 ? s.substring(0, 1900) : s;
  }

  @Override
  public void destroy() {
    loop.close();
  }

  private static Job withVersionOf(Job job, long versionId) {
    return new Job(
        job.id(), job.workspace(), versionId, job.lastPersonId(), job.actor(), job.startedAt());
  }
}
