package nl.hengel.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One person's interactions from all departments in time order, a page at a time. Pages are cut by
 * keyset (time, id), so a page costs the same however deep it is and rows arriving meanwhile
 * neither repeat nor vanish.
 */
@Service
public class Timeline {

  public static final int MAX_LIMIT = 1000;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final People people;
  private final Companies companies;
  private final JsonMapper json;

  private final List<MilestoneSource> sources;

  Timeline(
      JdbcClient jdbc,
      People people,
      Companies companies,
      JsonMapper json,
      List<MilestoneSource> sources) {
    this.jdbc = jdbc;
    this.sources = sources;
    this.people = people;
    this.companies = companies;
    this.json = json;
  }

  /** Which interactions, in which order, how many, from where. Null filters select everything. */
  public record Query(
      Set<Department> departments,
      Set<String> types,
      @Nullable String campaign,
      @Nullable Instant from,
      @Nullable Instant to,
      boolean newestFirst,
      int limit,
      @Nullable String cursor) {}

  /**
   * A page of the timeline with the person and their company; {@code nextCursor} is null on the
   * last page.
   */
  public record Page(
      Person person,
      @Nullable Company company,
      List<Interaction> items,
      List<Milestone> milestones,
      @Nullable String nextCursor) {}

  public Page page(WorkspaceId ws, PersonId id, Query q) {
    if (q.limit() < 1 || q.limit() > MAX_LIMIT) {
      throw Problem.badRequest(
          "timeline.invalid-limit", "limit must be 1-" + MAX_LIMIT + ", was " + q.limit());
    }
    Person person = people.get(ws, id);
    var sql =
        new StringBuilder(
            """
            select * from interaction where workspace_id = :ws and person_id = :person
            """);
    var params = new java.util.HashMap<String, Object>();
    params.put("ws", ws.value());
    params.put("person", person.id().value());
    if (!q.departments().isEmpty()) {
      sql.append(" and department in (:departments)");
      params.put("departments", q.departments().stream().map(Department::name).toList());
    }
    if (!q.types().isEmpty()) {
      sql.append(" and type in (:types)");
      params.put("types", List.copyOf(q.types()));
    }
    if (q.campaign() != null) {
      sql.append(" and campaign = :campaign");
      params.put("campaign", q.campaign());
    }
    if (q.from() != null) {
      sql.append(" and occurred_at >= :from");
      params.put("from", Sql.ts(q.from()));
    }
    if (q.to() != null) {
      sql.append(" and occurred_at < :to");
      params.put("to", Sql.ts(q.to()));
    }
    if (q.cursor() != null) {
      Cursor c = Cursor.decode(q.cursor());
      sql.append(
          q.newestFirst()
              ? " and (occurred_at < :cAt or (occurred_at = :cAt and id < :cId))"
              : " and (occurred_at > :cAt or (occurred_at = :cAt and id > :cId))");
      params.put("cAt", Sql.ts(c.at()));
      params.put("cId", c.id());
    }
    sql.append(
        q.newestFirst() ? " order by occurred_at desc, id desc" : " order by occurred_at, id");
    sql.append(" fetch first :limit rows only");
    params.put("limit", q.limit() + 1);
    List<Interaction> rows =
        new ArrayList<>(jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs)).list());
    String next = null;
    if (rows.size() > q.limit()) {
      rows = rows.subList(0, q.limit());
      Interaction last = rows.getLast();
      next = new Cursor(last.occurredAt(), last.id().value()).encode();
    }
    Company company =
        person.company() == null ? null : companies.find(ws, person.company()).orElse(null);
    return new Page(
        person, company, List.copyOf(rows), milestones(ws, person.id(), q, rows, next), next);
  }

  /**
   * The milestones of the page's time window. Windows tile the timeline without overlap: oldest
   * first, a page covers (previous cursor, its last item]; newest first, [its last item, previous
   * cursor); the last page is open at its far end. The query's from/to bound them too.
   */
  private List<Milestone> milestones(
      WorkspaceId ws, PersonId person, Query q, List<Interaction> rows, @Nullable String next) {
    if (sources.isEmpty()) {
      return List.of();
    }
    Instant cursorAt = q.cursor() == null ? null : Cursor.decode(q.cursor()).at();
    Instant lastAt = next == null ? null : rows.getLast().occurredAt();
    Instant lower;
    Instant upper;
    if (q.newestFirst()) {
      lower = lastAt;
      upper = cursorAt;
    } else {
      // (cursor, last] as a half-open window [cursor + 1ns, last + 1ns)
      lower = cursorAt == null ? null : cursorAt.plusNanos(1);
      upper = lastAt == null ? null : lastAt.plusNanos(1);
    }
    lower = later(lower, q.from());
    upper = earlier(upper, q.to());
    var all = new ArrayList<Milestone>();
    for (MilestoneSource source : sources) {
      all.addAll(source.milestones(ws, person, lower, upper));
    }
    // Stable: at one instant, milestones keep their sources' order (cause before effect), and
    // newest first is the exact mirror of oldest first.
    all.sort(Comparator.comparing(Milestone::at));
    return List.copyOf(q.newestFirst() ? all.reversed() : all);
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  /**
   * The earliest interaction of the person from a department at or after a moment (e.g. sales'
   * first contact with a lead assigned to it), if there is one.
   */
  public Optional<Interaction> first(
      WorkspaceId ws, PersonId person, Department department, Instant since) {
    return jdbc.sql(
            """
            select * from interaction
             where workspace_id = ? and person_id = ? and occurred_at >= ? and department = ?
             order by occurred_at, id fetch first 1 rows only
            """)
        .params(ws.value(), person.value(), Sql.ts(since), department.name())
        .query((rs, n) -> map(rs))
        .optional();
  }

  /** One stored interaction. */
  public Interaction interaction(WorkspaceId ws, InteractionId id) {
    return jdbc.sql("select * from interaction where workspace_id = ? and id = ?")
        .params(ws.value(), id.value())
        .query((rs, n) -> map(rs))
        .optional()
        .orElseThrow(() ->
            Problem.notFound(
                "timeline.interaction-not-found",
                "No interaction with id " + id.value() + " in this workspace."));
  }

  /**
   * Every interaction type this workspace has on its timelines. Reads the whole workspace (there is
   * no index on type): meant for rare callers such as a definition upload, not for each request.
   */
  public Set<String> interactionTypes(WorkspaceId ws) {
    return Set.copyOf(
        jdbc.sql("select distinct type from interaction where workspace_id = ?")
            .param(ws.value())
            .query(String.class)
            .list());
  }

  private Interaction map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Interaction(
        new InteractionId(rs.getLong("id")),
        new PersonId(rs.getLong("person_id")),
        rs.getString("source"),
        rs.getString("external_id"),
        Sql.instant(rs, "occurred_at"),
        Sql.instant(rs, "received_at"),
        Department.valueOf(rs.getString("department")),
        rs.getString("channel"),
        rs.getString("type"),
        rs.getString("campaign"),
        rs.getString("content"),
        Sentiment.valueOf(rs.getString("sentiment")),
        json.readValue(rs.getString("attributes"), MAP));
  }

  /** Position after the last row of a page: its time and id. Opaque to callers. */
  record Cursor(Instant at, long id) {
    String encode() {
      String raw = at.getEpochSecond() + "." + at.getNano() + "." + id;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
        return new Cursor(
            Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
            Long.parseLong(parts[2]));
      } catch (RuntimeException e) {
        throw Problem.badRequest(
            "timeline.invalid-cursor", "The cursor is not one this API gave out.");
      }
    }
  }
}
