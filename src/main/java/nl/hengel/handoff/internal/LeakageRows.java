package nl.hengel.handoff.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import nl.hengel.handoff.Leakage.Category;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The leaking leads of a workspace in one set-based query. Each category is one branch that reads
 * only the leads of its stage through the index {@code lead_stage (workspace_id, stage,
 * stage_since)} (SLA breaches through {@code sla_clock_workspace (workspace_id, breached_at)}), so
 * the cost follows the leads in the stages asked about, not the whole workspace.
 */
@Component
public class LeakageRows {

  /** The categories to find, their thresholds as instants, and the period ({@code null}: open). */
  public record Criteria(
      List<Category> categories,
      Instant mqlBefore,
      Instant contactBefore,
      Instant salBefore,
      Instant sqlBefore,
      @Nullable Instant from,
      @Nullable Instant to) {}

  /** One lead in one category, with the lead's fields; {@code breachedAt} where a breach counts. */
  public record Hit(
      long person,
      Category category,
      @Nullable Instant breachedAt,
      String stage,
      Instant stageSince,
      Instant createdAt,
      @Nullable String owner,
      @Nullable String source,
      @Nullable String campaign,
      @Nullable String email,
      @Nullable String firstName,
      @Nullable String lastName) {}

  /** Open ends of the period; both databases hold these years. */
  private static final Instant BEGINNING = Instant.parse("1900-01-01T00:00:00Z");

  private static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

  private static final Map<Category, String> BRANCHES = new EnumMap<>(Category.class);

  static {
    // The accept clock of the lead's current MQL cycle, if it breached (at most one: the clock is
    // unique per person, cycle and kind).
    BRANCHES.put(
        Category.MQL_NOT_ACCEPTED,
        """
        select l.person_id, cast('mql-not-accepted' as varchar(32)) as category, c.breached_at
          from lead l
          left join sla_clock c on c.person_id = l.person_id and c.mql_count = l.mql_count
               and c.kind = 'accept' and c.breached_at is not null
         where l.workspace_id = :ws and l.stage = 'mql'
           and l.stage_since >= :from and l.stage_since < :to
           and (c.id is not null or l.stage_since < :mqlBefore)
        """);
    BRANCHES.put(
        Category.NOT_CONTACTED,
        """
        select l.person_id, cast('not-contacted' as varchar(32)) as category, c.breached_at
          from lead l
          left join sla_clock c on c.person_id = l.person_id and c.mql_count = l.mql_count
               and c.kind = 'first_contact' and c.breached_at is not null
         where l.workspace_id = :ws and l.stage in ('sal', 'sql') and l.first_contact_at is null
           and coalesce(l.accepted_at, l.stage_since) >= :from
           and coalesce(l.accepted_at, l.stage_since) < :to
           and (c.id is not null or coalesce(l.accepted_at, l.stage_since) < :contactBefore)
        """);
    BRANCHES.put(
        Category.SAL_STALLED,
        """
        select l.person_id, cast('sal-stalled' as varchar(32)) as category,
               cast(null as timestamp with time zone) as breached_at
          from lead l
         where l.workspace_id = :ws and l.stage = 'sal'
           and l.stage_since >= :from and l.stage_since < :to and l.stage_since < :salBefore
        """);
    BRANCHES.put(
        Category.SQL_STALLED,
        """
        select l.person_id, cast('sql-stalled' as varchar(32)) as category,
               cast(null as timestamp with time zone) as breached_at
          from lead l
         where l.workspace_id = :ws and l.stage = 'sql'
           and l.stage_since >= :from and l.stage_since < :to and l.stage_since < :sqlBefore
        """);
    // The move into disqualified is the lead's last transition, at its stage_since.
    BRANCHES.put(
        Category.REJECTED_NOT_RECYCLED,
        """
        select l.person_id, cast('rejected-not-recycled' as varchar(32)) as category,
               cast(null as timestamp with time zone) as breached_at
          from lead l
         where l.workspace_id = :ws and l.stage = 'disqualified'
           and l.stage_since >= :from and l.stage_since < :to
           and exists (
             select 1 from lead_transition t
              where t.person_id = l.person_id and t.at = l.stage_since
                and t.to_stage = 'disqualified' and t.from_stage in ('mql', 'sal'))
        """);
    BRANCHES.put(
        Category.SLA_BREACHED,
        """
        select c.person_id, cast('sla-breached' as varchar(32)) as category,
               max(c.breached_at) as breached_at
          from sla_clock c
         where c.workspace_id = :ws and c.breached_at >= :from and c.breached_at < :to
         group by c.person_id
        """);
    BRANCHES.put(
        Category.UNASSIGNED,
        """
        select l.person_id, cast('unassigned' as varchar(32)) as category,
               cast(null as timestamp with time zone) as breached_at
          from lead l
         where l.workspace_id = :ws and l.stage = 'mql' and l.owner_user_id is null
           and l.stage_since >= :from and l.stage_since < :to
        """);
  }

  private static final int FETCH = 1000;

  private final JdbcClient jdbc;

  LeakageRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Streams the hits to {@code each}, longest in their stage first, every lead's hits one after the
   * other. Run it inside a (read-only) transaction so PostgreSQL streams by the fetch size.
   */
  public void scan(WorkspaceId ws, Criteria criteria, Consumer<Hit> each) {
    if (criteria.categories().isEmpty()) {
      return;
    }
    List<String> branches = new ArrayList<>();
    for (Category c : criteria.categories()) {
      branches.add(BRANCHES.get(c));
    }
    String sql =
        "select h.person_id, h.category, h.breached_at, l.stage, l.stage_since, l.created_at,"
            + " l.source, l.campaign, u.email as owner_email, p.email, p.first_name, p.last_name"
            + " from ("
            + String.join(" union all ", branches)
            + ") h"
            + " join lead l on l.person_id = h.person_id"
            + " join person p on p.id = h.person_id"
            + " left join app_user u on u.id = l.owner_user_id"
            + " order by l.stage_since, h.person_id, h.category";
    jdbc.sql(sql)
        .withFetchSize(FETCH)
        .param("ws", ws.value())
        .param("from", Sql.ts(criteria.from() == null ? BEGINNING : criteria.from()))
        .param("to", Sql.ts(criteria.to() == null ? END : criteria.to()))
        .param("mqlBefore", Sql.ts(criteria.mqlBefore()))
        .param("contactBefore", Sql.ts(criteria.contactBefore()))
        .param("salBefore", Sql.ts(criteria.salBefore()))
        .param("sqlBefore", Sql.ts(criteria.sqlBefore()))
        .query(rs -> {
          each.accept(
              new Hit(
                  rs.getLong("person_id"),
                  Category.parse(rs.getString("category")).orElseThrow(),
                  Sql.instant(rs, "breached_at"),
                  rs.getString("stage"),
                  Sql.instant(rs, "stage_since"),
                  Sql.instant(rs, "created_at"),
                  rs.getString("owner_email"),
                  rs.getString("source"),
                  rs.getString("campaign"),
                  rs.getString("email"),
                  rs.getString("first_name"),
                  rs.getString("last_name")));
        });
  }
}
