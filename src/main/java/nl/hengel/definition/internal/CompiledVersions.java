package nl.hengel.definition.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.hengel.engine.CompiledDefinition;
import nl.hengel.engine.Lint;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Compiled definitions by version id. A stored version's text never changes, so each is compiled
 * once and kept.
 */
@Component
public class CompiledVersions {

  /** A version id with its number and compiled definition. */
  public record Version(long id, int number, CompiledDefinition compiled) {}

  private final JdbcClient jdbc;
  private final Map<Long, Version> cache = new ConcurrentHashMap<>();

  CompiledVersions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Version get(long versionId) {
    return cache.computeIfAbsent(
        versionId,
        id ->
            jdbc.sql("select number, yaml from definition_version where id = ?")
                .param(id)
                .query((rs, n) ->
                    new Version(id, rs.getInt("number"), Lint.compileValid(rs.getString("yaml"))))
                .single());
  }

  /** The version readers see in this workspace, if one was ever activated. */
  public Optional<Version> active(WorkspaceId ws) {
    return jdbc.sql("select version_id from active_definition where workspace_id = ?")
        .param(ws.value())
        .query(Long.class)
        .optional()
        .map(this::get);
  }

  /** The version of this number in the workspace, if it exists. */
  public Optional<Version> byNumber(WorkspaceId ws, int number) {
    return jdbc.sql("select id from definition_version where workspace_id = ? and number = ?")
        .params(ws.value(), number)
        .query(Long.class)
        .optional()
        .map(this::get);
  }
}
