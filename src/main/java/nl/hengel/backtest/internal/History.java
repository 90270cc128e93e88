package nl.hengel.backtest.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.hengel.definition.FoldInputs;
import nl.hengel.engine.Event;
import nl.hengel.engine.Outcomes;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams a workspace's history lead by lead, in person order, without holding more than one lead:
 * two cursors read with a fetch size in one read-only transaction (a consistent snapshot on
 * PostgreSQL) — the people with their company and outcomes, and the interactions in (person, time)
 * order — and are merged on the person id.
 *
 * <p>Point in time: interactions carry their own time and only those before the end of the range
 * are read; the fold never looks past a moment it decides on. Person and company attributes are not
 * historised in Hengel, so every lead is judged on its attributes as they are now: a fit rule on,
 * say, company size sees today's size also for a lead from last year. Outcomes are the first
 * entries into sal, sql and won from the funnel projection, and the owner is the lead's owner now.
 */
@Component
public class History {

  /** Rows per round trip on each cursor. */
  static final int FETCH = 2000;

  /** One lead as read. */
  public record Lead(
      long personId,
      Map<String, Object> person,
      Map<String, Object> company,
      List<Event> events,
      Outcomes outcomes) {}

  /** Takes the leads one at a time; the lead and its event list are not reused. */
  @FunctionalInterface
  public interface Sink {
    void accept(Lead lead);
  }

  static final String PEOPLE =
      "select "
          + FoldInputs.PERSON_COLUMNS
          + ", f.sal_at, f.sql_at, f.won_at, u.email as owner_email"
          + " from person p left join company c on c.id = p.company_id"
          + " left join funnel_lead f on f.person_id = p.id"
          + " left join lead l on l.person_id = p.id"
          + " left join app_user u on u.id = l.owner_user_id"
          + " where p.workspace_id = ? and p.merged_into is null"
          + " order by p.id";

  static final String EVENTS =
      "select "
          + FoldInputs.EVENT_COLUMNS
          + " from interaction where workspace_id = ? and occurred_at < ?"
          + " order by person_id, occurred_at";

  private final DataSource dataSource;
  private final TransactionTemplate readOnly;
  private final FoldInputs rows;

  // Public for the backtest benchmark, which builds one on a plain DataSource without Spring.
  public History(DataSource dataSource, PlatformTransactionManager transactions, FoldInputs rows) {
    this.dataSource = dataSource;
    this.rows = rows;
    this.readOnly = new TransactionTemplate(transactions);
    readOnly.setReadOnly(true);
    readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** The people a stream of this workspace will give (merged-away people are left out). */
  public long count(WorkspaceId ws) {
    return readOnly.execute(status -> {
      try (PreparedStatement count =
          connection()
              .prepareStatement(
                  "select count(*) from person where workspace_id = ? and merged_into is null")) {
        count.setLong(1, ws.value());
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not count the people", e);
      }
    });
  }

  /**
   * Gives every lead of the workspace to {@code sink}, in person id order, with its interactions
   * before {@code to} in time order.
   */
  public void stream(WorkspaceId ws, Instant to, Sink sink) {
    readOnly.executeWithoutResult(status -> {
      Connection connection = connection();
      try (PreparedStatement people = prepare(connection, PEOPLE, ws);
          PreparedStatement events = prepare(connection, EVENTS, ws)) {
        events.setObject(2, Sql.ts(to));
        try (ResultSet p = people.executeQuery();
            ResultSet e = events.executeQuery()) {
          boolean more = e.next();
          while (p.next()) {
            long id = p.getLong("id");
            while (more && e.getLong("person_id") < id) {
              // A merged-away person's interactions moved to the survivor; none are left behind,
              // but a cursor must not stall on one that is.
              more = e.next();
            }
            var list = new ArrayList<Event>();
            while (more && e.getLong("person_id") == id) {
              list.add(rows.event(e));
              more = e.next();
            }
            sink.accept(
                new Lead(
                    id,
                    rows.person(p),
                    rows.company(p),
                    list,
                    new Outcomes(
                        Sql.instant(p, "sal_at"),
                        Sql.instant(p, "sql_at"),
                        Sql.instant(p, "won_at"),
                        p.getString("owner_email"))));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not read the history", e);
      }
    });
  }

  /**
   * Reads the same rows as {@link #stream} and discards them: the floor a backtest is measured
   * against (see the backtest benchmark). Answers the rows read.
   */
  public long readRaw(WorkspaceId ws, Instant to) {
    return readOnly.execute(status -> {
      Connection connection = connection();
      long read = 0;
      try (PreparedStatement people = prepare(connection, PEOPLE, ws);
          PreparedStatement events = prepare(connection, EVENTS, ws)) {
        events.setObject(2, Sql.ts(to));
        try (ResultSet p = people.executeQuery()) {
          int n = p.getMetaData().getColumnCount();
          while (p.next()) {
            for (int i = 1; i <= n; i++) {
              p.getObject(i);
            }
            read++;
          }
        }
        try (ResultSet e = events.executeQuery()) {
          int n = e.getMetaData().getColumnCount();
          while (e.next()) {
            for (int i = 1; i <= n; i++) {
              e.getObject(i);
            }
            read++;
          }
        }
        return read;
      } catch (SQLException e) {
        throw new IllegalStateException("Could not read the history", e);
      }
    });
  }

  private static PreparedStatement prepare(Connection connection, String sql, WorkspaceId ws)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setFetchSize(FETCH);
    statement.setLong(1, ws.value());
    return statement;
  }

  private Connection connection() {
    return DataSourceUtils.getConnection(dataSource);
  }
}
