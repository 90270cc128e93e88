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
 * previous version's scores until that switch. Then it qualifies: the leads the version scored as
 * MQL (and those whose data changed while scoring) are scored once more under the version now in
 * force, a page per transaction, so the lifecycle moves them to mql with the same fold as live
 * scoring; the re-evaluation is done only when the last page has committed. No leader: any server
 * node may claim the work, in either phase.
 */
@Component
@ConditionalOnWebApplication
public class ReevaluationWorker implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ReevaluationWorker.class);
  static final int PAGE = 1000;

  /**
   * People qualified per transaction: each MQL is a stage change with its listeners (routing,
   * webhooks), so pages stay as small as the live scorer's claims.
   */
  static final int QUALIFY_PAGE = ScoringWorker.CLAIM;

  static final Duration STALE = Duration.ofSeconds(60);
  private static final String QUALIFYING = "qualifying";

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
      String phase,
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
                    rs.getString("phase"),
                    rs.getLong("last_person_id"),
                    rs.getString("actor"),
                    Sql.instant(rs, "started_at")))
            .single();
    long started = System.nanoTime();
    boolean switched = job.phase().equals(QUALIFYING);
    try {
      CompiledVersions.Version version = versions.get(job.versionId());
      if (!switched) {
        score(job, version);
        transactions.executeWithoutResult(status -> switchTo(job));
        switched = true;
      }
      qualify(job, version);
      log.info(
          "Re-evaluated workspace {} under definition version {} in {} ms",
          job.workspace().value(),
          version.number(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      log.error("Re-evaluation {} failed", id, e);
      String error = truncate(String.valueOf(e.getMessage()));
      if (switched) {
        transactions.executeWithoutResult(status -> failQualifying(job, error));
      } else {
        transactions.executeWithoutResult(status -> failScoring(job, error));
        return;
      }
    }
    deleteRetiredStates(job.workspace());
  }

  /** Scores every lead of the workspace under the version, a page per transaction. */
  private void score(Job job, CompiledVersions.Version version) {
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
        return;
      }
      long last = page.getLast();
      retrying.retryingOnConflict(() -> {
        scorer.score(job.workspace(), version, page);
        return jdbc.sql(
                "update reevaluation set done = done + ?, last_person_id = ?, heartbeat_at = ? where id = ?")
            .params(page.size(), last, Sql.ts(clock.instant()), job.id())
            .update();
      });
      after = last;
    }
  }

  /**
   * Scores the people the switch listed once more, now that the version is in force: the scorer's
   * {@link nl.hengel.definition.LeadsScored} moves those who meet the gate to mql in the same
   * transaction that takes them off the list. Then the re-evaluation is done.
   */
  private void qualify(Job job, CompiledVersions.Version version) {
    while (true) {
      List<Long> page =
          jdbc.sql(
                  """
                  select person_id from reevaluation_person where reevaluation_id = ? order by person_id fetch first ? rows only
                  """)
              .params(job.id(), QUALIFY_PAGE)
              .query(Long.class)
              .list();
      if (page.isEmpty()) {
        break;
      }
      retrying.retryingOnConflict(() -> {
        scorer.score(job.workspace(), version, page);
        int taken =
            jdbc.sql(
                    "delete from reevaluation_person where reevaluation_id = :id and person_id in (:people)")
                .param("id", job.id())
                .param("people", page)
                .update();
        return jdbc.sql(
                "update reevaluation set qualify_done = qualify_done + ?, heartbeat_at = ? where id = ?")
            .params(taken, Sql.ts(clock.instant()), job.id())
            .update();
      });
    }
    transactions.executeWithoutResult(status -> {
      var now = Sql.ts(clock.instant());
      jdbc.sql(
              "update reevaluation set status = 'done', finished_at = ?, heartbeat_at = ? where id = ? and status = 'running'")
          .params(now, now, job.id())
          .update();
      // A page read before an interaction arrived may have stored an older score over the live
      // scorer's newer one; have the live scorer score those people once more.
      queue.enqueueReceivedSince(job.workspace(), switchedAt(job));
    });
  }

  private Instant switchedAt(Job job) {
    return jdbc.sql("select activated_at from definition_version where id = ?")
        .param(job.versionId())
        .query((rs, n) -> Sql.instant(rs, "activated_at"))
        .single();
  }

  /** Failed before the switch: nothing changed for readers; the version is approved again. */
  private void failScoring(Job job, String error) {
    var now = Sql.ts(clock.instant());
    jdbc.sql("update reevaluation set status = 'failed', finished_at = ?, error = ? where id = ?")
        .params(now, error, job.id())
        .update();
    jdbc.sql("update definition_version set status = ? where id = ?")
        .params(DefinitionVersion.Status.APPROVED.key(), job.versionId())
        .update();
    audit(job, "activation-failed", "system", error);
  }

  /**
   * Failed after the switch: the version stays in force and the people not yet qualified go to the
   * live scorer, which qualifies them in its own time; the re-evaluation says it failed, never
   * done.
   */
  private void failQualifying(Job job, String error) {
    queue.enqueue(
        job.workspace(),
        jdbc.sql("select person_id from reevaluation_person where reevaluation_id = ?")
            .param(job.id())
            .query(Long.class)
            .list());
    jdbc.sql("delete from reevaluation_person where reevaluation_id = ?").param(job.id()).update();
    jdbc.sql("update reevaluation set status = 'failed', finished_at = ?, error = ? where id = ?")
        .params(Sql.ts(clock.instant()), error, job.id())
        .update();
  }

  /**
   * The switch: one transaction, after which readers see the new version's scores and the live
   * scorer qualifies under it. It lists the people the qualifying phase is to score again.
   */
  private void switchTo(Job job) {
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
    // The leads the version met the gate for, and the people whose interactions arrived while it
    // scored: the scorer also ran for those under it, but a page read before they arrived may have
    // stored an older score since.
    int listed =
        jdbc.sql(
                """
                insert into reevaluation_person (reevaluation_id, person_id)
                select ?, person_id from (
                  select person_id from lead_state where version_id = ? and workspace_id = ? and mql_at is not null
                  union
                  select person_id from interaction where workspace_id = ? and received_at >= ?
                ) listed
                """)
            .params(
                job.id(),
                job.versionId(),
                job.workspace().value(),
                job.workspace().value(),
                Sql.ts(job.startedAt()))
            .update();
    jdbc.sql("update reevaluation set phase = ?, qualify_total = ?, heartbeat_at = ? where id = ?")
        .params(QUALIFYING, listed, now, job.id())
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
  }

  /** Drops the scores of the workspace's retired versions: no reader or scorer uses them. */
  private void deleteRetiredStates(WorkspaceId ws) {
    List<Long> retired =
        jdbc.sql("select id from definition_version where workspace_id = ? and status = ?")
            .params(ws.value(), DefinitionVersion.Status.RETIRED.key())
            .query(Long.class)
            .list();
    for (long versionId : retired) {
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
        job.id(),
        job.workspace(),
        versionId,
        job.phase(),
        job.lastPersonId(),
        job.actor(),
        job.startedAt());
  }
}
