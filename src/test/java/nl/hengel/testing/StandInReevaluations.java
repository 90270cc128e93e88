package nl.hengel.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import nl.hengel.definition.DefinitionVersion.Status;
import nl.hengel.definition.Reevaluation;
import nl.hengel.definition.Reevaluations;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.annotation.Transactional;

/**
 * TEST SUPPORT ONLY, a stand-in until the real re-evaluation is merged (then delete this class and
 * its {@code @Import}s): "re-evaluates" no lead and completes at once, in the caller's transaction,
 * doing what the {@link Reevaluations} contract says completion does — switch {@code
 * active_definition}, make the version active and the previous one retired, write the audit rows
 * {@code activated} and {@code retired}. Not a component: a test class brings it in with {@code
 * @Import(StandInReevaluations.class)}, so no other context (nor the CLI's) sees it.
 */
public class StandInReevaluations implements Reevaluations {

  private final JdbcClient jdbc;
  private final Clock clock;

  public StandInReevaluations(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  @Transactional
  public Reevaluation start(WorkspaceId workspace, long versionId, String actor) {
    String status = jdbc.sql("select status from definition_version where id = ? and workspace_id = ? for update")
        .params(versionId, workspace.value()).query(String.class).single();
    if (!status.equalsIgnoreCase(Status.APPROVED.key())) {
      throw Problem.conflict("definition.not-approved", "The version is " + status.toLowerCase() + ", not approved.");
    }
    Instant now = clock.instant();
    long leads = jdbc.sql("select count(*) from person where workspace_id = ?").param(workspace.value())
        .query(Long.class).single();
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into reevaluation (workspace_id, version_id, status, total, done, actor, started_at, finished_at)
            values (?, ?, 'done', ?, ?, ?, ?, ?)
            """)
        .params(workspace.value(), versionId, leads, leads, actor, Sql.ts(now), Sql.ts(now))
        .update(keys, "id");
    Optional<Long> previous = jdbc.sql("select version_id from active_definition where workspace_id = ?")
        .param(workspace.value()).query(Long.class).optional();
    previous.ifPresent(old -> {
      jdbc.sql("update definition_version set status = ?, retired_at = ? where id = ?")
          .params(Status.RETIRED.key(), Sql.ts(now), old).update();
      audit(workspace, old, "retired", actor, now);
    });
    if (jdbc.sql("update active_definition set version_id = ?, activated_at = ? where workspace_id = ?")
        .params(versionId, Sql.ts(now), workspace.value()).update() == 0) {
      jdbc.sql("insert into active_definition (workspace_id, version_id, activated_at) values (?, ?, ?)")
          .params(workspace.value(), versionId, Sql.ts(now)).update();
    }
    jdbc.sql("update definition_version set status = ?, activated_at = ? where id = ?")
        .params(Status.ACTIVE.key(), Sql.ts(now), versionId).update();
    audit(workspace, versionId, "activated", actor, now);
    return latest(workspace, versionId).orElseThrow();
  }

  @Override
  public Optional<Reevaluation> latest(WorkspaceId workspace, long versionId) {
    return jdbc.sql("""
            select id, version_id, status, total, done, actor, started_at, finished_at, error
              from reevaluation where workspace_id = ? and version_id = ? order by id desc
            """)
        .params(workspace.value(), versionId)
        .query((rs, n) -> new Reevaluation(rs.getLong("id"), rs.getLong("version_id"),
            Reevaluation.Status.valueOf(rs.getString("status").toUpperCase()), rs.getLong("total"), rs.getLong("done"),
            rs.getString("actor"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"), rs.getString("error")))
        .list().stream().findFirst();
  }

  private void audit(WorkspaceId workspace, long versionId, String action, String actor, Instant at) {
    jdbc.sql("insert into definition_audit (workspace_id, version_id, action, actor, at) values (?, ?, ?, ?, ?)")
        .params(workspace.value(), versionId, action, actor, Sql.ts(at)).update();
  }
}
