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
import org.springframework.stereotype.Component;

/**
 * The analytics' SQL, one grouped query per report, the same text on PostgreSQL and H2. Waterfall
 * and velocity read the {@code funnel_lead} projection through its cohort index ({@code
 * funnel_lead_created} or {@code funnel_lead_mql}), joining {@code lead} only to group by owner or
 * team; SLA compliance reads {@code sla_clock} through {@code sla_clock_started}; the experience
 * index aggregates {@code interaction} over the range.
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

  /** The group key of a row: a month is {@code yyyy-MM}, anything else as it is. */
  private static String key(ResultSet rs, Report.GroupBy groupBy) throws SQLException {
    String k = rs.getString("k");
    return groupBy == Report.GroupBy.COHORT || groupBy == Report.GroupBy.MONTH
        ? k.substring(0, 7)
        : k;
  }

  private static String cohortColumn(ReportParameters p) {
    return switch (p.cohort()) {
      case CREATED -> "f.created_at";
      case MQL -> "f.mql_at";
    };
  }

  /** The leads in range, with the joins and the group key the grouping needs. */
  private static String leads(ReportParameters p) {
    String from =
        switch (p.groupBy()) {
          case OWNER ->
              " from funnel_lead f join lead l on l.person_id = f.person_id"
                  + " left join app_user u on u.id = l.owner_user_id";
          case TEAM ->
              " from funnel_lead f join lead l on l.person_id = f.person_id"
                  + " left join team tm on tm.id = l.team_id";
          default -> " from funnel_lead f";
        };
    return from
        + " where f.workspace_id = :ws and "
        + cohortColumn(p)
        + " >= :from and "
        + cohortColumn(p)
        + " < :to"
        + (p.source() == null ? "" : " and coalesce(f.source, '(none)') = :source");
  }

  private static String leadKey(ReportParameters p) {
    return switch (p.groupBy()) {
      case COHORT -> month(cohortColumn(p));
      case SOURCE -> "coalesce(f.source, '(none)')";
      case CAMPAIGN -> "coalesce(f.campaign, '(none)')";
      case OWNER -> "coalesce(u.email, '(unassigned)')";
      case TEAM -> "coalesce(tm.name, '(no team)')";
      default -> throw new IllegalArgumentException(p.groupBy() + " groups no leads");
    };
  }

  /** The waterfall's rows, by key. */
  public List<Waterfall.Row> waterfall(WorkspaceId ws, ReportParameters p) {
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
            + leads(p)
            + " group by "
            + key
            + " order by k";
    return range(sql, ws, p)
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

  /** Seconds from {@code a} to {@code b} when both are there and b is not before a. */
  private static String span(String a, String b) {
    return "case when "
        + b
        + " >= "
        + a
        + " then extract(epoch from "
        + b
        + ") - extract(epoch from "
        + a
        + ") end";
  }

  private static final Map<Velocity.Span, String> SPANS = new LinkedHashMap<>();

  static {
    SPANS.put(Velocity.Span.MQL_TO_SAL, span("f.mql_at", "f.sal_at"));
    SPANS.put(Velocity.Span.SAL_TO_SQL, span("f.sal_at", "f.sql_at"));
    SPANS.put(Velocity.Span.SQL_TO_WON, span("f.sql_at", "f.won_at"));
    SPANS.put(Velocity.Span.FIRST_TOUCH_TO_WON, span("f.first_touch_at", "f.won_at"));
  }

  /** The velocity's rows, by key. */
  public List<Velocity.Row> velocity(WorkspaceId ws, ReportParameters p) {
    String key = leadKey(p);
    var select = new StringBuilder("select ").append(key).append(" as k");
    int i = 0;
    for (String s : SPANS.values()) {
      select
          .append(", count(")
          .append(s)
          .append(") as n")
          .append(i)
          .append(", percentile_cont(0.5) within group (order by ")
          .append(s)
          .append(") as m")
          .append(i)
          .append(", percentile_cont(0.8) within group (order by ")
          .append(s)
          .append(") as p")
          .append(i);
      i++;
    }
    String sql = select + leads(p) + " group by " + key + " order by k";
    return range(sql, ws, p)
        .query((rs, n) -> {
          var spans = new ArrayList<Velocity.Duration>();
          int j = 0;
          for (Velocity.Span s : SPANS.keySet()) {
            spans.add(
                new Velocity.Duration(
                    s.from(),
                    s.to(),
                    rs.getLong("n" + j),
                    seconds(rs, "m" + j),
                    seconds(rs, "p" + j)));
            j++;
          }
          return new Velocity.Row(key(rs, p.groupBy()), List.copyOf(spans));
        })
        .list();
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
    JdbcClient.StatementSpec statement =
        jdbc.sql(
            sql.replace(":ws", Long.toString(ws.value()))
                .replace(":from", literal(p.from() == null ? BEGINNING : p.from()))
                .replace(":to", literal(p.to() == null ? END : p.to())));
    // The source is caller text: bound, never written into the SQL.
    return sql.contains(":source") ? statement.param("source", p.source()) : statement;
  }
}
