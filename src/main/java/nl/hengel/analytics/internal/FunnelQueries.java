package nl.hengel.analytics.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.analytics.ExperienceIndex;
import nl.hengel.analytics.Report;
import nl.hengel.analytics.ReportParameters;
import nl.hengel.analytics.SlaCompliance;
import nl.hengel.analytics.Velocity;
import nl.hengel.analytics.Waterfall;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analytics' SQL, one grouped query per report, the same text on PostgreSQL and H2. Waterfall
 * and velocity read the {@code funnel_lead} projection through its cohort index ({@code
 * funnel_lead_created} or {@code funnel_lead_mql}; the closed cohort reads the workspace's rows),
 * joining {@code lead} to group by owner or team and for deal values, {@code person} and {@code
 * company} for company and attribute groupings; SLA compliance reads {@code sla_clock} through
 * {@code sla_clock_started}; the experience index aggregates {@code interaction} over the range.
 */
@Component
public class FunnelQueries {

  /** Open ends of the range; both databases hold these years. */
  private static final Instant BEGINNING = Instant.parse("1900-01-01T00:00:00Z");

  private static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

  private final JdbcClient jdbc;

  public FunnelQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The UTC month of an instant, as a timestamp that {@link #key} cuts to {@code 2026-11}:
   * date_trunc is several times faster than to_char over a year of leads on PostgreSQL.
   */
  private static String month(String column) {
    return "date_trunc('month', " + column + " at time zone 'UTC')";
  }

  /** The cohort key of undated leads over all time. */
  public static final String UNDATED = "(undated)";

  /**
   * The group key of a row: a month is {@code yyyy-MM} (no month: undated), anything else as is.
   */
  private static String key(ResultSet rs, Report.GroupBy groupBy) throws SQLException {
    String k = rs.getString("k");
    if (groupBy == Report.GroupBy.COHORT || groupBy == Report.GroupBy.MONTH) {
      return k == null ? UNDATED : k.substring(0, 7);
    }
    return k;
  }

  private static String cohortColumn(ReportParameters p) {
    return switch (p.cohort()) {
      case CREATED -> "f.created_at";
      case MQL -> "f.mql_at";
      case CLOSED -> "coalesce(f.won_at, f.lost_at)";
    };
  }

  /**
   * The condition that puts a lead in range. Over all time every lead is in the created cohorts,
   * the undated ones too (their key is {@link #UNDATED}); a lead that never qualified or closed is
   * in no mql or closed cohort.
   */
  private static String inRange(ReportParameters p) {
    String column = cohortColumn(p);
    if (p.allTime()) {
      return p.cohort() == Report.Cohort.CREATED ? "" : " and " + column + " is not null";
    }
    return " and " + column + " >= :from and " + column + " < :to";
  }

  /** Whether the lead's first entry into {@code stage} was implied, never null. */
  private static String implied(String stage) {
    return "coalesce(f.implied, '') like '%," + stage + ",%'";
  }

  /**
   * The group key of each lead in range for an attribute, read in Java. Why not in SQL: the
   * attributes are JSON text in a varchar, and H2 (2.3, PostgreSQL mode) has no jsonb and no
   * function that reads a field of a JSON value; PostgreSQL could, but one way for both keeps the
   * two databases answering the same. The keys reach the grouped query as two arrays, unnested into
   * a table of (id, key) joined to the leads: the report stays one grouped SQL query, with the same
   * percentile_cont on both databases. Only values that are there travel; a lead without one is
   * "(none)" by the outer join.
   */
  private record AttributeKeys(long[] ids, String[] keys) {}

  private final JsonMapper json = JsonMapper.builder().build();

  private AttributeKeys attributeKeys(WorkspaceId ws, ReportParameters p) {
    Report.Attribute attribute = p.attribute();
    var ids = new ArrayList<Long>();
    var keys = new ArrayList<String>();
    String sql =
        switch (attribute.of()) {
          case PERSON ->
              "select p.id, p.attributes from funnel_lead f join person p on p.id = f.person_id"
                  + where(p);
          case COMPANY ->
              "select c.id, c.attributes from company c where c.id in (select p.company_id from"
                  + " funnel_lead f join person p on p.id = f.person_id"
                  + where(p)
                  + ")";
        };
    range(sql, ws, p, Map.of())
        .query(rs -> {
          String value = value(rs.getString("attributes"), attribute.name());
          if (value != null) {
            ids.add(rs.getLong("id"));
            keys.add(value);
          }
        });
    return new AttributeKeys(
        ids.stream().mapToLong(Long::longValue).toArray(), keys.toArray(String[]::new));
  }

  /**
   * The attribute {@code name} of a JSON object as text: a string as it is, a number or boolean as
   * written, an object or array as JSON; null when missing, null or blank. A name with dots that is
   * not a key itself is a path into nested objects ({@code address.country}).
   */
  @Nullable String value(@Nullable String attributes, String name) {
    if (attributes == null || attributes.isBlank()) {
      return null;
    }
    JsonNode node = json.readTree(attributes);
    JsonNode v = node.get(name);
    if (v == null && name.contains(".")) {
      v = node;
      for (String part : name.split("\\.")) {
        v = v == null || !v.isObject() ? null : v.get(part);
      }
    }
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    String text = v.isValueNode() ? v.asString() : v.toString();
    return text.isBlank() ? null : text;
  }

  /** The where clause of the leads in range. */
  private static String where(ReportParameters p) {
    return " where f.workspace_id = :ws"
        + inRange(p)
        + (p.source() == null ? "" : " and coalesce(f.source, '(none)') = :source");
  }

  /** The leads in range: the from clause with the joins the grouping needs, and the where. */
  private static String leads(ReportParameters p, boolean withLead, boolean grouped) {
    var from = new StringBuilder(" from funnel_lead f");
    Report.GroupBy g = grouped ? p.groupBy() : Report.GroupBy.COHORT;
    if (withLead || g == Report.GroupBy.OWNER || g == Report.GroupBy.TEAM) {
      from.append(" join lead l on l.person_id = f.person_id");
    }
    switch (g) {
      case OWNER -> from.append(" left join app_user u on u.id = l.owner_user_id");
      case TEAM ->
          // The owner's team where the lead has none (imported leads): the first by name that
          // lists the owner as a member, as Inbox.reassign sets it.
          from.append(
              " left join team tm on tm.id = l.team_id left join (select m.user_id, min(t.name)"
                  + " as name from team_member m join team t on t.id = m.team_id"
                  + " where t.workspace_id = :ws group by m.user_id) ot"
                  + " on ot.user_id = l.owner_user_id");
      case COMPANY ->
          from.append(
              " join person p on p.id = f.person_id left join company c on c.id = p.company_id");
      case ATTRIBUTE -> {
        if (p.attribute().of() == Report.Attribute.Of.COMPANY) {
          from.append(" join person p on p.id = f.person_id");
        }
        from.append(
            " left join unnest(cast(:keyIds as bigint array), cast(:keyValues as varchar array))"
                + " g (id, k) on g.id = "
                + (p.attribute().of() == Report.Attribute.Of.COMPANY
                    ? "p.company_id"
                    : "f.person_id"));
      }
      default -> {}
    }
    return from + where(p);
  }

  private static String leadKey(ReportParameters p) {
    return switch (p.groupBy()) {
      case COHORT -> month(cohortColumn(p));
      case SOURCE -> "coalesce(f.source, '(none)')";
      case CAMPAIGN -> "coalesce(f.campaign, '(none)')";
      case OWNER -> "coalesce(u.email, '(unassigned)')";
      case TEAM -> "coalesce(tm.name, case when l.team_id is null then ot.name end, '(no team)')";
      case COMPANY -> "coalesce(c.name, c.domain, '(none)')";
      case ATTRIBUTE -> "coalesce(g.k, '(none)')";
      default -> throw new IllegalArgumentException(p.groupBy() + " groups no leads");
    };
  }

  /** The bound values the grouped queries over the leads in range need. */
  private Map<String, Object> keyParameters(WorkspaceId ws, ReportParameters p) {
    if (p.groupBy() != Report.GroupBy.ATTRIBUTE) {
      return Map.of();
    }
    AttributeKeys keys = attributeKeys(ws, p);
    Long[] ids = new Long[keys.ids().length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = keys.ids()[i];
    }
    return Map.of(
        "keyIds",
        new SqlArrayValue("bigint", (Object[]) ids),
        "keyValues",
        new SqlArrayValue("varchar", (Object[]) keys.keys()));
  }

  /** The waterfall's rows, by key, without deal values. */
  public List<Waterfall.Row> waterfall(WorkspaceId ws, ReportParameters p) {
    return waterfall(ws, p, keyParameters(ws, p));
  }

  private List<Waterfall.Row> waterfall(
      WorkspaceId ws, ReportParameters p, Map<String, Object> keys) {
    String key = leadKey(p);
    String sql =
        "select "
            + key
            + " as k, count(*) as leads, count(f.nurture_at) as nurture,"
            + " count(coalesce(f.mql_at, f.sal_at, f.sql_at, f.won_at, f.lost_at)) as mql,"
            + " count(coalesce(f.sal_at, f.sql_at, f.won_at, f.lost_at)) as sal,"
            + " count(coalesce(f.sql_at, f.won_at, f.lost_at)) as sqls,"
            + " count(f.won_at) as won, count(f.lost_at) as lost,"
            + " count(f.disqualified_at) as disqualified"
            + leads(p, false, true)
            + " group by "
            + key
            + " order by k";
    return range(sql, ws, p, keys)
        .query((rs, n) ->
            Waterfall.Row.of(
                key(rs, p.groupBy()),
                rs.getLong("leads"),
                rs.getLong("nurture"),
                rs.getLong("mql"),
                rs.getLong("sal"),
                rs.getLong("sqls"),
                rs.getLong("won"),
                rs.getLong("lost"),
                rs.getLong("disqualified")))
        .list();
  }

  /**
   * Per group and currency, the deal values of the leads in range that carry one: of the won leads
   * (that entered won), and of the leads in an open stage of the funnel now (new, mql, sal, sql).
   * The currency is absent for an amount without one.
   */
  public record Values(
      String key,
      @Nullable String currency,
      long wonLeads,
      long wonMinor,
      long openLeads,
      long openMinor) {}

  /** The waterfall's rows by key, and the deal values of the leads in range. */
  public record WaterfallAnswer(List<Waterfall.Row> rows, List<Values> values) {}

  /** The waterfall's rows and the deal values per group and currency, in one pass over the keys. */
  public WaterfallAnswer waterfallWithValues(WorkspaceId ws, ReportParameters p) {
    Map<String, Object> keys = keyParameters(ws, p);
    String key = leadKey(p);
    String open = "l.stage in ('new', 'mql', 'sal', 'sql')";
    String sql =
        "select "
            + key
            + " as k, l.deal_currency as currency,"
            + " count(f.won_at) as won_leads,"
            + " sum(case when f.won_at is not null then l.deal_amount_minor end) as won_minor,"
            + " count(case when "
            + open
            + " then 1 end) as open_leads,"
            + " sum(case when "
            + open
            + " then l.deal_amount_minor end) as open_minor"
            + leads(p, true, true)
            + " and l.deal_amount_minor is not null group by "
            + key
            + ", l.deal_currency";
    List<Values> values =
        range(sql, ws, p, keys)
            .query((rs, n) ->
                new Values(
                    key(rs, p.groupBy()),
                    rs.getString("currency") == null ? null : rs.getString("currency").trim(),
                    rs.getLong("won_leads"),
                    minor(rs, "won_minor"),
                    rs.getLong("open_leads"),
                    minor(rs, "open_minor")))
            .list();
    return new WaterfallAnswer(waterfall(ws, p, keys), values);
  }

  private static long minor(ResultSet rs, String column) throws SQLException {
    java.math.BigDecimal v = rs.getBigDecimal(column);
    return v == null ? 0 : v.longValueExact();
  }

  /**
   * Among the leads in range: how many have any implied first entry ({@code leads}), per stage how
   * many entered it first by an implied step, and how many are in their cohort by an implied moment
   * ({@code cohort}: mql and closed cohorts only; a created cohort is the date the source gives for
   * new, or the first step's time).
   */
  public record Implied(long leads, Map<String, Long> stages, long cohort) {}

  private static final List<String> STAGES =
      List.of("nurture", "mql", "sal", "sql", "won", "lost", "disqualified", "suppressed");

  /** The implied first entries of the leads in range. */
  public Implied implied(WorkspaceId ws, ReportParameters p) {
    var select = new StringBuilder("select count(f.implied) as leads");
    for (String s : STAGES) {
      select.append(", count(case when ").append(implied(s)).append(" then 1 end) as ").append(s);
    }
    String cohort =
        switch (p.cohort()) {
          case CREATED -> "1 = 0";
          case MQL -> implied("mql");
          case CLOSED ->
              "(f.won_at is not null and "
                  + implied("won")
                  + ") or (f.won_at is null and "
                  + implied("lost")
                  + ")";
        };
    select.append(", count(case when ").append(cohort).append(" then 1 end) as cohort");
    String sql = select + leads(p, false, false);
    return range(sql, ws, p, Map.of())
        .query((rs, n) -> {
          var stages = new LinkedHashMap<String, Long>();
          for (String s : STAGES) {
            stages.put(s, rs.getLong(s));
          }
          return new Implied(rs.getLong("leads"), stages, rs.getLong("cohort"));
        })
        .single();
  }

  /** The workspace's leads without any date (of the source filter, if any), in no range. */
  public long undated(WorkspaceId ws, ReportParameters p) {
    String sql =
        "select count(*) from funnel_lead f where f.workspace_id = :ws and f.created_at is null"
            + (p.source() == null ? "" : " and coalesce(f.source, '(none)') = :source");
    return range(sql, ws, p, Map.of()).query(Long.class).single();
  }

  /**
   * Seconds from {@code a}'s first entry to {@code b}'s when both are there, b is not before a and
   * neither was implied; {@code a} is a stage or {@code first-touch}.
   */
  private static String measured(String a, String b) {
    String from = column(a);
    String to = column(b);
    String dated =
        (a.equals(Velocity.Span.FIRST_TOUCH) ? "" : " and not " + implied(a))
            + " and not "
            + implied(b);
    return "case when "
        + to
        + " >= "
        + from
        + dated
        + " then extract(epoch from "
        + to
        + ") - extract(epoch from "
        + from
        + ") end";
  }

  /** 1 when the lead entered both but one of the two entries was implied. */
  private static String leftOut(String a, String b) {
    String either =
        a.equals(Velocity.Span.FIRST_TOUCH)
            ? implied(b)
            : "(" + implied(a) + " or " + implied(b) + ")";
    return "case when "
        + column(a)
        + " is not null and "
        + column(b)
        + " is not null and "
        + either
        + " then 1 end";
  }

  private static String column(String stage) {
    return stage.equals(Velocity.Span.FIRST_TOUCH) ? "f.first_touch_at" : "f." + stage + "_at";
  }

  /** The aggregates of every span: count, median, p80 and implied, numbered. */
  private static String spans() {
    var select = new StringBuilder();
    for (Velocity.Span s : Velocity.Span.values()) {
      String m = measured(s.from(), s.to());
      int i = s.ordinal();
      select
          .append(", count(")
          .append(m)
          .append(") as n")
          .append(i)
          .append(", percentile_cont(0.5) within group (order by ")
          .append(m)
          .append(") as m")
          .append(i)
          .append(", percentile_cont(0.8) within group (order by ")
          .append(m)
          .append(") as p")
          .append(i)
          .append(", count(")
          .append(leftOut(s.from(), s.to()))
          .append(") as x")
          .append(i);
    }
    return select.toString();
  }

  private static Velocity.Row velocityRow(String key, ResultSet rs) throws SQLException {
    var spans = new ArrayList<Velocity.Duration>();
    for (Velocity.Span s : Velocity.Span.values()) {
      int j = s.ordinal();
      spans.add(
          new Velocity.Duration(
              s.from(),
              s.to(),
              rs.getLong("n" + j),
              rs.getLong("x" + j),
              seconds(rs, "m" + j),
              seconds(rs, "p" + j)));
    }
    return new Velocity.Row(key, List.copyOf(spans));
  }

  /** The velocity's rows, by key. */
  public List<Velocity.Row> velocity(WorkspaceId ws, ReportParameters p) {
    String key = leadKey(p);
    String sql =
        "select "
            + key
            + " as k"
            + spans()
            + leads(p, false, true)
            + " group by "
            + key
            + " order by k";
    return range(sql, ws, p, keyParameters(ws, p))
        .query((rs, n) -> velocityRow(key(rs, p.groupBy()), rs))
        .list();
  }

  /**
   * The velocity over all leads in range, as one row under {@code key}: one query without grouping,
   * since percentiles of groups do not add up.
   */
  public Velocity.Row velocityTotal(WorkspaceId ws, ReportParameters p, String key) {
    String sql = "select 1 as k" + spans() + leads(p, false, false);
    return range(sql, ws, p, Map.of()).query((rs, n) -> velocityRow(key, rs)).single();
  }

  private static @Nullable Double seconds(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  /** The SLA compliance rows by key, as of {@code now}. */
  public List<SlaCompliance.Row> slaCompliance(WorkspaceId ws, ReportParameters p, Instant now) {
    String key =
        switch (p.groupBy()) {
          case OWNER -> "coalesce(u.email, '(unassigned)')";
          case TEAM -> "coalesce(tm.name, '(no team)')";
          default -> throw new IllegalArgumentException(p.groupBy() + " groups no clocks");
        };
    String sql =
        "select "
            + key
            + """
             as k, c.kind,
              sum(case when c.stopped_at is not null then 1 else 0 end) as stopped,
              sum(case when c.stopped_at is null and c.met_at is null and c.breached_at is null
                        and c.due_at > :now then 1 else 0 end) as running,
              sum(case when c.stopped_at is null and c.breached_at is null and c.met_at is not null
                        and c.met_at <= c.due_at then 1 else 0 end) as on_time,
              sum(case when c.stopped_at is null
                        and (c.breached_at is not null or c.met_at > c.due_at
                             or (c.met_at is null and c.due_at <= :now)) then 1 else 0 end) as late
              from sla_clock c
              left join app_user u on u.id = c.owner_user_id
              left join team tm on tm.id = c.team_id
             where c.workspace_id = :ws and c.started_at >= :from and c.started_at < :to
             group by \
            """
            + key
            + ", c.kind order by k";
    var rows = new LinkedHashMap<String, SlaCompliance.Clocks[]>();
    range(sql.replace(":now", literal(now)), ws, p)
        .query(rs -> {
          SlaCompliance.Clocks[] pair =
              rows.computeIfAbsent(rs.getString("k"), k -> new SlaCompliance.Clocks[2]);
          var clocks =
              SlaCompliance.Clocks.of(
                  rs.getLong("on_time"),
                  rs.getLong("late"),
                  rs.getLong("stopped"),
                  rs.getLong("running"));
          pair["accept".equals(rs.getString("kind")) ? 0 : 1] = clocks;
        });
    var result = new ArrayList<SlaCompliance.Row>();
    rows.forEach((k, pair) ->
        result.add(
            new SlaCompliance.Row(
                k,
                pair[0] == null ? SlaCompliance.Clocks.of(0, 0, 0, 0) : pair[0],
                pair[1] == null ? SlaCompliance.Clocks.of(0, 0, 0, 0) : pair[1])));
    return result;
  }

  /** The experience index rows by key. */
  public List<ExperienceIndex.Row> experience(WorkspaceId ws, ReportParameters p) {
    String key =
        switch (p.groupBy()) {
          case DEPARTMENT -> "lower(i.department)";
          case MONTH -> month("i.occurred_at");
          default -> throw new IllegalArgumentException(p.groupBy() + " groups no interactions");
        };
    String sql =
        "select "
            + key
            + """
             as k,
              sum(case when i.sentiment = 'POSITIVE' then 1 else 0 end) as positive,
              sum(case when i.sentiment = 'NEGATIVE' then 1 else 0 end) as negative,
              sum(case when i.sentiment not in ('POSITIVE', 'NEGATIVE') then 1 else 0 end)
                as neutral
              from interaction i
             where i.workspace_id = :ws and i.occurred_at >= :from and i.occurred_at < :to
             group by \
            """
            + key
            + " order by k";
    return range(sql, ws, p)
        .query((rs, n) ->
            ExperienceIndex.Row.of(
                key(rs, p.groupBy()),
                rs.getLong("positive"),
                rs.getLong("neutral"),
                rs.getLong("negative")))
        .list();
  }

  private static final java.time.format.DateTimeFormatter LITERAL =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

  private static String literal(Instant at) {
    return "cast('" + LITERAL.format(Sql.ts(at)) + "' as timestamp with time zone)";
  }

  /**
   * The statement for the workspace and range, with their values written into the SQL text rather
   * than bound. Why: PostgreSQL plans a prepared statement generically after five runs, blind to
   * the range; for a year it then picks an index scan it thinks returns a few thousand rows, three
   * times slower than the plan for the real range (measured: 120 ms becomes 400 ms). The values are
   * a number and instants formatted here, never caller text.
   */
  private JdbcClient.StatementSpec range(String sql, WorkspaceId ws, ReportParameters p) {
    return range(sql, ws, p, Map.of());
  }

  /** As {@link #range(String, WorkspaceId, ReportParameters)}, with these values bound. */
  private JdbcClient.StatementSpec range(
      String sql, WorkspaceId ws, ReportParameters p, Map<String, Object> bound) {
    JdbcClient.StatementSpec statement =
        jdbc.sql(
            sql.replace(":ws", Long.toString(ws.value()))
                .replace(":from", literal(p.from() == null ? BEGINNING : p.from()))
                .replace(":to", literal(p.to() == null ? END : p.to())));
    for (var e : bound.entrySet()) {
      statement = statement.param(e.getKey(), e.getValue());
    }
    // The source is caller text: bound, never written into the SQL.
    return sql.contains(":source") ? statement.param("source", p.source()) : statement;
  }
}
