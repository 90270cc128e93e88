package nl.hengel.analytics.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.LeadPastsRecorded;
import nl.hengel.lifecycle.LeadStageChanged;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code funnel_lead} projection: per lead, the first entry into each stage, its first touch
 * and first-touch source and campaign. Kept in the transaction of every stage change, so it never
 * disagrees with {@code lead_transition}; {@link #rebuild} recomputes a workspace's rows from the
 * history, for data written around the lifecycle.
 */
@Component
public class FunnelLeads {

  private static final Map<Stage, String> FIRST_ENTRY = new EnumMap<>(Stage.class);

  static {
    for (Stage s : Stage.values()) {
      if (s != Stage.NEW) {
        FIRST_ENTRY.put(s, s.key() + "_at");
      }
    }
  }

  private static final String FIRST_TOUCH =
      "(select min(i.occurred_at) from interaction i where i.person_id = :person)";

  /** Each lead's first change and first entry into each stage, from its history. */
  private static final String FIRST_ENTRIES =
      """
      select person_id, min(at) as first_at,
             min(case when to_stage = 'nurture' then at end) as nurture_at,
             min(case when to_stage = 'mql' then at end) as mql_at,
             min(case when to_stage = 'sal' then at end) as sal_at,
             min(case when to_stage = 'sql' then at end) as sql_at,
             min(case when to_stage = 'won' then at end) as won_at,
             min(case when to_stage = 'lost' then at end) as lost_at,
             min(case when to_stage = 'disqualified' then at end) as disqualified_at,
             min(case when to_stage = 'suppressed' then at end) as suppressed_at
        from lead_transition
      """;

  /**
   * Recomputes the rows of the leads of workspace {@code :ws} from {@code lead} and {@code
   * lead_transition}; the rows must be deleted first. The benchmark runs this very statement.
   */
  public static final String REBUILD =
      """
      insert into funnel_lead (person_id, workspace_id, created_at, source, campaign, first_touch_at,
                               nurture_at, mql_at, sal_at, sql_at, won_at, lost_at,
                               disqualified_at, suppressed_at)
      select l.person_id, l.workspace_id, t.first_at, l.source, l.campaign,
             (select min(i.occurred_at) from interaction i where i.person_id = l.person_id),
             t.nurture_at, t.mql_at, t.sal_at, t.sql_at, t.won_at, t.lost_at, t.disqualified_at,
             t.suppressed_at
        from lead l
        join (\
      """
          + FIRST_ENTRIES
          + """
                        where workspace_id = :ws
                        group by person_id) t on t.person_id = l.person_id
           where l.workspace_id = :ws
          """;

  private final JdbcClient jdbc;
  private final org.springframework.jdbc.core.JdbcTemplate template;

  FunnelLeads(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  /** Records the stage change in the lead's row, in the transaction that made it. */
  @EventListener
  void on(LeadStageChanged changed) {
    String entered = FIRST_ENTRY.get(changed.change().to());
    Lead lead = changed.lead();
    long person = lead.person().value();
    String set = entered == null ? "" : ", " + entered + " = coalesce(" + entered + ", :at)";
    int updated =
        jdbc.sql(
                "update funnel_lead set source = :source, campaign = :campaign, first_touch_at = "
                    + FIRST_TOUCH
                    + set
                    + " where person_id = :person")
            .param("source", lead.source())
            .param("campaign", lead.campaign())
            .param("at", Sql.ts(changed.change().at()))
            .param("person", person)
            .update();
    if (updated > 0) {
      return;
    }
    String columns = entered == null ? "" : ", " + entered;
    String values = entered == null ? "" : ", :at";
    jdbc.sql(
            "insert into funnel_lead (person_id, workspace_id, created_at, source, campaign,"
                + " first_touch_at"
                + columns
                + ") select l.person_id, l.workspace_id, :at, :source, :campaign, "
                + FIRST_TOUCH
                + values
                + " from lead l where l.person_id = :person")
        .param("source", lead.source())
        .param("campaign", lead.campaign())
        .param("at", Sql.ts(changed.change().at()))
        .param("person", person)
        .update();
  }

  /**
   * Computes the rows of leads whose pasts were just recorded in bulk, from their history: simple
   * indexed lookups by person and one batch insert (a grouped join over an id list is planned badly
   * by H2). The first touch is the person's earliest interaction stored by then.
   */
  @EventListener
  void on(LeadPastsRecorded recorded) {
    var ids = recorded.people().stream().map(PersonId::value).toList();
    var people = Sql.oneOf("person_id", "people", "bigint", ids);
    var rows = new java.util.LinkedHashMap<Long, Object[]>();
    jdbc.sql(FIRST_ENTRIES + " where " + people.sql() + " group by person_id")
        .param("people", people.parameter())
        .query(rs -> {
          rows.put(
              rs.getLong("person_id"),
              new Object[] {
                rs.getLong("person_id"),
                recorded.workspace().value(),
                rs.getObject("first_at"),
                null,
                null,
                null,
                rs.getObject("nurture_at"),
                rs.getObject("mql_at"),
                rs.getObject("sal_at"),
                rs.getObject("sql_at"),
                rs.getObject("won_at"),
                rs.getObject("lost_at"),
                rs.getObject("disqualified_at"),
                rs.getObject("suppressed_at")
              });
        });
    jdbc.sql("select person_id, source, campaign from lead where " + people.sql())
        .param("people", people.parameter())
        .query(rs -> {
          Object[] row = rows.get(rs.getLong("person_id"));
          if (row != null) {
            row[3] = rs.getString("source");
            row[4] = rs.getString("campaign");
          }
        });
    jdbc.sql(
            "select person_id, min(occurred_at) as first_touch from interaction where "
                + people.sql()
                + " group by person_id")
        .param("people", people.parameter())
        .query(rs -> {
          Object[] row = rows.get(rs.getLong("person_id"));
          if (row != null) {
            row[5] = rs.getObject("first_touch");
          }
        });
    // A past may extend a lead that has a row already: its row is computed anew.
    jdbc.sql("delete from funnel_lead where " + people.sql())
        .param("people", people.parameter())
        .update();
    template.batchUpdate(
        """
        insert into funnel_lead (person_id, workspace_id, created_at, source, campaign,
          first_touch_at, nurture_at, mql_at, sal_at, sql_at, won_at, lost_at, disqualified_at,
          suppressed_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        new java.util.ArrayList<>(rows.values()));
  }

  /**
   * Fills the first touch of the workspace's rows that have none, up to {@code limit} rows with a
   * person id above {@code after}, in id order. Answers the last person id it looked at (null when
   * none was left) and how many it filled.
   */
  public record Filled(@org.jspecify.annotations.Nullable Long last, int filled) {}

  public Filled fillFirstTouches(WorkspaceId ws, long after, int limit) {
    List<Long> ids =
        jdbc.sql(
                """
                select person_id from funnel_lead
                 where workspace_id = :ws and first_touch_at is null and person_id > :after
                 order by person_id fetch first :limit rows only
                """)
            .param("ws", ws.value())
            .param("after", after)
            .param("limit", limit)
            .query(Long.class)
            .list();
    if (ids.isEmpty()) {
      return new Filled(null, 0);
    }
    int filled =
        jdbc.sql(
                """
                update funnel_lead set first_touch_at =
                       (select min(i.occurred_at) from interaction i
                         where i.person_id = funnel_lead.person_id)
                 where workspace_id = :ws and first_touch_at is null
                   and person_id between :first and :last
                """)
            .param("ws", ws.value())
            .param("first", ids.getFirst())
            .param("last", ids.getLast())
            .update();
    return new Filled(ids.getLast(), filled);
  }

  /** Recomputes the workspace's rows from the stage history; answers how many leads it holds. */
  public int rebuild(WorkspaceId ws) {
    jdbc.sql("delete from funnel_lead where workspace_id = :ws").param("ws", ws.value()).update();
    return jdbc.sql(REBUILD).param("ws", ws.value()).update();
  }
}
