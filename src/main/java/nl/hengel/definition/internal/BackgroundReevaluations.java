package nl.hengel.definition.internal;

import java.time.Clock;
import java.util.Optional;
import nl.hengel.definition.DefinitionVersion;
import nl.hengel.definition.Reevaluation;
import nl.hengel.definition.Reevaluations;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts re-evaluations: records one as running (phase scoring) and marks the version activating,
 * in the caller's transaction. A server node's {@link ReevaluationWorker} claims it and does the
 * work, so it runs (and resumes after a crash) wherever a server runs, also when the CLI started
 * it.
 */
@Component
class BackgroundReevaluations implements Reevaluations {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Optional<ReevaluationWorker> worker;

  BackgroundReevaluations(JdbcClient jdbc, Clock clock, Optional<ReevaluationWorker> worker) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.worker = worker;
  }

  @Override
  @Transactional
  public Reevaluation start(WorkspaceId ws, long versionId, String actor) {
    String status =
        jdbc.sql(
                "select status from definition_version where id = ? and workspace_id = ? for update")
            .params(versionId, ws.value())
            .query(String.class)
            .optional()
            .orElseThrow(() ->
                Problem.notFound(
                    "definition.version-not-found",
                    "No such definition version in this workspace."));
    if (!status.equalsIgnoreCase(DefinitionVersion.Status.APPROVED.name())) {
      throw Problem.conflict(
          "definition.not-approved",
          "Only an approved version can be activated; this one is "
              + status.toLowerCase(java.util.Locale.ROOT)
              + ".");
    }
    long running =
        jdbc.sql("select count(*) from reevaluation where workspace_id = ? and status = 'running'")
            .param(ws.value())
            .query(Long.class)
            .single();
    if (running > 0) {
      throw Problem.conflict(
          "definition.reevaluation-running",
          "Another version is being activated in this workspace; wait until its re-evaluation is done.");
    }
    long total =
        jdbc.sql("select count(*) from person where workspace_id = ? and merged_into is null")
            .param(ws.value())
            .query(Long.class)
            .single();
    var now = clock.instant();
    var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into reevaluation (workspace_id, version_id, status, total, done, actor, started_at)
            values (?, ?, 'running', ?, 0, ?, ?)
            """)
        .params(ws.value(), versionId, total, actor, Sql.ts(now))
        .update(keys, "id");
    jdbc.sql("update definition_version set status = ? where id = ?")
        .params(DefinitionVersion.Status.ACTIVATING.key(), versionId)
        .update();
    worker.ifPresent(ReevaluationWorker::nudge);
    return new Reevaluation(
        keys.getKey().longValue(),
        versionId,
        Reevaluation.Status.RUNNING,
        Reevaluation.Phase.SCORING,
        total,
        0,
        null,
        0,
        actor,
        now,
        null,
        null);
  }

  @Override
  public Optional<Reevaluation> latest(WorkspaceId ws, long versionId) {
    return jdbc.sql(
            """
            select * from reevaluation where workspace_id = ? and version_id = ? order by id desc fetch first 1 rows only
            """)
        .params(ws.value(), versionId)
        .query((rs, n) ->
            new Reevaluation(
                rs.getLong("id"),
                rs.getLong("version_id"),
                Reevaluation.Status.valueOf(
                    rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                Reevaluation.Phase.valueOf(
                    rs.getString("phase").toUpperCase(java.util.Locale.ROOT)),
                rs.getLong("total"),
                rs.getLong("done"),
                Sql.nullableLong(rs, "qualify_total"),
                rs.getLong("qualify_done"),
                rs.getString("actor"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"),
                rs.getString("error")))
        .optional();
  }
}
