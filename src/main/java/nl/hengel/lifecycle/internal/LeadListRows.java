package nl.hengel.lifecycle.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.lifecycle.Leads;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The lead list's one query: people of a workspace with their lead row (none: {@code new}), their
 * score under the version in force and whether an SLA clock of theirs was breached, newest person
 * first, cut by keyset on the person id. Each filter narrows the same statement, so the planner
 * chooses per filter between walking {@code person_workspace_id} backwards (common filters) and
 * collecting the few matches from the filter's own index (rare ones); see V11.
 */
@Component
public class LeadListRows {

  // The page is chosen in the inner query; the outer one decorates its few rows, so the breach
  // check probes sla_clock_once per row instead of hashing every breached clock of the workspace.
  private static final String INNER =
      """
      select p.id, p.email, p.first_name, p.last_name, l.stage, l.stage_since, l.owner_user_id,
             l.source, l.campaign, s.fit, s.mql_at
        from person p
        left join lead l on l.person_id = p.id
        left join lead_state s on s.person_id = p.id and s.version_id = :version
       where p.workspace_id = :ws and p.merged_into is null
      """;

  private final JdbcClient jdbc;

  LeadListRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * At most {@code limit} rows matching the filter: with {@code backwards} false, the people with
   * an id below {@code from} (or the newest) newest first; with it true, those above {@code from}
   * oldest first. {@code version} is the id of the version in force, or null.
   */
  public List<Leads.Row> list(
      WorkspaceId ws,
      @Nullable Long version,
      Leads.Filter filter,
      @Nullable Long from,
      boolean backwards,
      int limit) {
    var sql = new StringBuilder(INNER);
    String cmp = backwards ? " > :from" : " < :from";
    boolean leadFilter = false;
    Map<String, Object> params = new HashMap<>();
    params.put("ws", ws.value());
    params.put("version", version == null ? -1L : version);
    if (filter.stage() == Stage.NEW) {
      sql.append(" and (l.stage is null or l.stage = 'new')");
    } else if (filter.stage() != null) {
      sql.append(" and l.workspace_id = :ws and l.stage = :stage");
      leadFilter = true;
      params.put("stage", filter.stage().key());
    }
    if (Leads.Filter.UNASSIGNED.equals(filter.owner())) {
      sql.append(" and l.owner_user_id is null");
    } else if (filter.owner() != null) {
      // By id, so the lead_owner index serves it; an unknown e-mail owns nothing.
      Long owner =
          jdbc.sql("select id from app_user where email = ?")
              .param(filter.owner())
              .query(Long.class)
              .optional()
              .orElse(-1L);
      sql.append(" and l.workspace_id = :ws and l.owner_user_id = :owner");
      params.put("owner", owner);
      leadFilter = true;
    }
    if (filter.source() != null) {
      sql.append(" and l.source = :source");
      params.put("source", filter.source());
      leadFilter = true;
    }
    if (filter.campaign() != null) {
      sql.append(" and l.workspace_id = :ws and l.campaign = :campaign");
      params.put("campaign", filter.campaign());
      leadFilter = true;
    }
    if (filter.fitMin() != null) {
      sql.append(" and s.fit >= :fitMin");
      params.put("fitMin", filter.fitMin());
    }
    if (filter.fitMax() != null) {
      sql.append(" and s.fit <= :fitMax");
      params.put("fitMax", filter.fitMax());
    }
    if (filter.breached()) {
      sql.append(
          " and exists (select 1 from sla_clock c where c.person_id = p.id"
              + " and c.breached_at is not null"
              + (from == null ? "" : " and c.person_id" + cmp)
              + ")");
    }
    if (from != null) {
      // PostgreSQL does not carry p.id's bound across the joins: say it for each filtered table,
      // so a deep page starts its index scans there instead of at the newest row.
      sql.append(" and p.id").append(cmp);
      if (leadFilter) {
        sql.append(" and l.person_id").append(cmp);
      }
      if (filter.fitMin() != null || filter.fitMax() != null) {
        sql.append(" and s.person_id").append(cmp);
      }
      params.put("from", from);
    }
    String direction = backwards ? "" : " desc";
    sql.append(" order by p.id").append(direction).append(" fetch first :limit rows only");
    params.put("limit", limit);
    String page =
        "select f.*, u.email as owner_email,"
            + " exists (select 1 from sla_clock c"
            + " where c.person_id = f.id and c.breached_at is not null) as breached"
            + " from ("
            + sql
            + ") f left join app_user u on u.id = f.owner_user_id"
            + " order by f.id"
            + direction;
    return jdbc.sql(page)
        .params(params)
        .query((rs, n) -> {
          String first = rs.getString("first_name");
          String last = rs.getString("last_name");
          String name =
              first == null && last == null
                  ? null
                  : ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
          String stage = rs.getString("stage");
          return new Leads.Row(
              new PersonId(rs.getLong("id")),
              rs.getString("email"),
              name,
              stage == null ? Stage.NEW : Stage.parse(stage).orElseThrow(),
              Sql.instant(rs, "stage_since"),
              rs.getString("owner_email"),
              rs.getString("source"),
              rs.getString("campaign"),
              Sql.nullableLong(rs, "fit"),
              Sql.instant(rs, "mql_at"),
              rs.getBoolean("breached"));
        })
        .list();
  }
}
