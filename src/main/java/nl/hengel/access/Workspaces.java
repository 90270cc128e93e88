package nl.hengel.access;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and finds workspaces. */
@Service
public class Workspaces {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  private final JdbcClient jdbc;
  private final Clock clock;

  Workspaces(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Creates a workspace; the slug is its short, unique, URL-safe name. */
  @Transactional
  public Workspace create(String slug, String name) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw Problem.invalid(
          "access.invalid-slug",
          "A workspace slug is 2-63 lower-case letters, digits or dashes, starting with a letter or digit.",
          List.of(new Problem.FieldError("/slug", "must match " + SLUG.pattern())));
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      throw Problem.invalid(
          "access.invalid-name",
          "A workspace needs a name of 1-200 characters.",
          List.of(new Problem.FieldError("/name", "must be 1-200 characters")));
    }
    if (find(slug).isPresent()) {
      throw Problem.conflict(
          "access.workspace-exists", "A workspace '" + slug + "' exists already.");
    }
    var keys = new GeneratedKeyHolder();
    var now = clock.instant();
    jdbc.sql("insert into workspace (slug, name, created_at) values (?, ?, ?)")
        .params(slug, name.trim(), Sql.ts(now))
        .update(keys, "id");
    return new Workspace(new WorkspaceId(keys.getKey().longValue()), slug, name.trim(), now);
  }

  public Optional<Workspace> find(String slug) {
    return jdbc.sql("select id, slug, name, created_at from workspace where slug = ?")
        .param(slug)
        .query((rs, n) ->
            new Workspace(
                new WorkspaceId(rs.getLong("id")),
                rs.getString("slug"),
                rs.getString("name"),
                Sql.instant(rs, "created_at")))
        .optional();
  }

  public Workspace get(WorkspaceId id) {
    return jdbc.sql("select id, slug, name, created_at from workspace where id = ?")
        .param(id.value())
        .query((rs, n) ->
            new Workspace(
                new WorkspaceId(rs.getLong("id")),
                rs.getString("slug"),
                rs.getString("name"),
                Sql.instant(rs, "created_at")))
        .optional()
        .orElseThrow(() -> Problem.notFound("access.workspace-not-found", "No such workspace."));
  }

  public List<Workspace> list() {
    return jdbc.sql("select id, slug, name, created_at from workspace order by slug")
        .query((rs, n) ->
            new Workspace(
                new WorkspaceId(rs.getLong("id")),
                rs.getString("slug"),
                rs.getString("name"),
                Sql.instant(rs, "created_at")))
        .list();
  }

  /** Resolves a slug or fails with a problem naming it. */
  public Workspace require(String slug) {
    return find(slug)
        .orElseThrow(
            () -> Problem.notFound("access.workspace-not-found", "No workspace '" + slug + "'."));
  }
}
