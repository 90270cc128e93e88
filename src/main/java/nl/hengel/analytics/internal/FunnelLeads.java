package nl.hengel.analytics.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.LeadPastsRecorded;
import nl.hengel.lifecycle.LeadStageChanged;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.BulkInsert;
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

  /** The stages a lead enters after new, in the order of funnel_lead's columns. */
  private static final List<Stage> ENTERED =
      java.util.Arrays.stream(Stage.values()).filter(s -> s != Stage.NEW).toList();

  /**
   * Each lead's first change and, per stage, its first entry ({@code sal_at}) and its first entry
   * by a dated step ({@code sal_dated}): the first entry was implied when there is no dated one at
   * that moment ({@link #IMPLIED}). Two minima per stage instead of a window over the transitions:
   * one grouped pass, as fast on H2 as on PostgreSQL.
   */
  private static final String FIRST_ENTRIES;

  /**
   * The stages whose first entry was implied, from the columns of {@link #FIRST_ENTRIES} in {@code
   * t}: {@code ,sal,sql,}, or null when none.
   */
  private static final String IMPLIED;

  static {
    var entries = new StringBuilder("select person_id, min(at) as first_at");
    var implied = new StringBuilder("nullif(','");
    for (Stage s : ENTERED) {
      String k = s.key();
      entries
          .append(",\n       min(case when to_stage = '")
          .append(k)
          .append("' then at end) as ")
          .append(k)
          .append("_at, min(case when to_stage = '")
          .append(k)
          .append("' and not implied then at end) as ")
          .append(k)
          .append("_dated");
      implied
          .append(" || case when t.")
          .append(k)
          .append("_at is not null and (t.")
          .append(k)
          .append("_dated is null or t.")
          .append(k)
          .append("_dated > t.")
          .append(k)
          .append("_at) then '")
          .append(k)
          .append(",' else '' end");
    }
    FIRST_ENTRIES = entries.append("\n  from lead_transition\n").toString();
    IMPLIED = implied.append(", ',')").toString();
  }

  /** The funnel_lead columns a row is written to, in this order. */
  private static final String COLUMNS =
      "person_id, workspace_id, created_at, source, campaign, first_touch_at, "
          + String.join(", ", ENTERED.stream().map(s -> s.key() + "_at").toList())
          + ", implied";

  /**
   * Recomputes the rows of the leads of workspace {@code :ws} from {@code lead} and {@code
   * lead_transition}; the rows must be deleted first. Every lead row gets a funnel row, also one in
   * new without any transition (an imported opportunity that never moved on): created at the date
   * its source gives for new, else at its first transition, else undated (null). The benchmark runs
   * this very statement.
   */
  public static final String REBUILD =
      "insert into funnel_lead ("
          + COLUMNS
          + ")\nselect l.person_id, l.workspace_id, coalesce(l.new_since, t.first_at), l.source,"
          + " l.campaign,\n"
          + "       (select min(i.occurred_at) from interaction i where i.person_id = l.person_id), "
          + String.join(", ", ENTERED.stream().map(s -> "t." + s.key() + "_at").toList())
          + ",\n       "
          + IMPLIED
          + "\n  from lead l\n  left join ("
          + FIRST_ENTRIES
          + " where workspace_id = :ws group by person_id) t on t.person_id = l.person_id\n"
          + " where l.workspace_id = :ws";

  /** The columns of {@link #COLUMNS} with their types, for inserting rows in bulk. */
  private static final List<BulkInsert.Column> INSERTED;

  static {
    var columns = new java.util.ArrayList<BulkInsert.Column>();
    columns.add(new BulkInsert.Column("person_id", "bigint"));
    columns.add(new BulkInsert.Column("workspace_id", "bigint"));
    columns.add(new BulkInsert.Column("created_at", "timestamptz"));
    columns.add(new BulkInsert.Column("source", "varchar"));
    columns.add(new BulkInsert.Column("campaign", "varchar"));
    columns.add(new BulkInsert.Column("first_touch_at", "timestamptz"));
    ENTERED.forEach(s -> columns.add(new BulkInsert.Column(s.key() + "_at", "timestamptz")));
    columns.add(new BulkInsert.Column("implied", "varchar"));
    INSERTED = List.copyOf(columns);
  }

  private final JdbcClient jdbc;
  private final BulkInsert bulk;

  FunnelLeads(JdbcClient jdbc, BulkInsert bulk) {
    this.jdbc = jdbc;
    this.bulk = bulk;
  }

  /**
   * Records the stage change in the lead's row, in the transaction that made it. A row without a
   * creation moment (an undated imported lead) is created by this, its first dated change.
   */
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
                    + ", created_at = coalesce(created_at, :at)"
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
                + ") select l.person_id, l.workspace_id, coalesce(l.new_since, :at), :source,"
                + " :campaign, "
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
   * Computes the rows of leads whose pasts were just recorded in bulk, from their history,
   * replacing the rows they had (a past recorded onto an existing history, or a lead that moved
   * live before): simple indexed lookups by person, one delete and one insert of them all (arrays
   * on PostgreSQL, see {@link BulkInsert}; a grouped join over an id list is planned badly by H2).
   * Every lead row gets a funnel row, also one without transitions. The first touch is the person's
   * earliest interaction stored by then.
   */
  @EventListener
  void on(LeadPastsRecorded recorded) {
    var ids = recorded.people().stream().map(PersonId::value).toList();
    if (ids.isEmpty()) {
      return;
    }
    var people = Sql.oneOf("person_id", "people", "bigint", ids);
    int width = 7 + ENTERED.size();
    var rows = new java.util.LinkedHashMap<Long, Object[]>();
    jdbc.sql(
            "select person_id, workspace_id, source, campaign, new_since from lead where "
                + people.sql())
        .param("people", people.parameter())
        .query(rs -> {
          Object[] row = new Object[width];
          row[0] = rs.getLong("person_id");
          row[1] = rs.getLong("workspace_id");
          row[2] = rs.getObject("new_since", java.time.OffsetDateTime.class);
          row[3] = rs.getString("source");
          row[4] = rs.getString("campaign");
          rows.put(rs.getLong("person_id"), row);
        });
    jdbc.sql(
            "select t.*, "
                + IMPLIED
                + " as implied from ("
                + FIRST_ENTRIES
                + " where "
                + people.sql()
                + " group by person_id) t")
        .param("people", people.parameter())
        .query(rs -> {
          Object[] row = rows.get(rs.getLong("person_id"));
          if (row == null) {
            return;
          }
          if (row[2] == null) {
            row[2] = rs.getObject("first_at", java.time.OffsetDateTime.class);
          }
          for (int i = 0; i < ENTERED.size(); i++) {
            row[6 + i] = rs.getObject(ENTERED.get(i).key() + "_at", java.time.OffsetDateTime.class);
          }
          row[width - 1] = rs.getString("implied");
        });
    jdbc.sql(
            "select person_id, min(occurred_at) as first_touch from interaction where "
                + people.sql()
                + " group by person_id")
        .param("people", people.parameter())
        .query(rs -> {
          Object[] row = rows.get(rs.getLong("person_id"));
          if (row != null) {
            row[5] = rs.getObject("first_touch", java.time.OffsetDateTime.class);
          }
        });
    jdbc.sql("delete from funnel_lead where " + people.sql())
        .param("people", people.parameter())
        .update();
    bulk.insert("funnel_lead", INSERTED, new java.util.ArrayList<>(rows.values()));
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
