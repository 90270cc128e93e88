package nl.hengel.backtest.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import nl.hengel.definition.FoldInputs;
import nl.hengel.engine.Event;
import nl.hengel.engine.Outcomes;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams a workspace's history lead by lead, in person order, holding one page of leads at a time:
 * one cursor over the people (with company and outcomes) read with a fetch size in one read-only
 * transaction (a consistent snapshot on PostgreSQL), and per page of 1,000 people one index range
 * scan of their interactions in (person, time) order, merged on the person id. Paging by person
 * keeps a backtest of a small workspace from scanning the interactions of every other workspace in
 * the database.
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

  /** People whose interactions are read in one query. */
  static final int PAGE = 1000;

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

  /** The interactions of a range of person ids. */
  static final String EVENTS =
      "select "
          + FoldInputs.EVENT_COLUMNS
          + " from interaction where workspace_id = ? and person_id between ? and ?"
          + " and occurred_at < ? order by person_id, occurred_at";

  /** All interactions of the workspace in one read: the floor {@link #readRaw} measures. */
  static final String ALL_EVENTS =
      "select "
          + FoldInputs.EVENT_COLUMNS
          + " from interaction where workspace_id = ? and occurred_at < ?"
          + " order by person_id, occurred_at";

  private final DataSource dataSource;
  private final TransactionTemplate readOnly;
  private final FoldInputs rows;
  private final int pageSize;

  // Public for the backtest benchmark, which builds one on a plain DataSource without Spring.
  @Autowired
  public History(DataSource dataSource, PlatformTransactionManager transactions, FoldInputs rows) {
    this(dataSource, transactions, rows, PAGE);
  }

  /** With pages of another size: a test fills the read-ahead queue with a few people. */
  History(
      DataSource dataSource,
      PlatformTransactionManager transactions,
      FoldInputs rows,
      int pageSize) {
    this.dataSource = dataSource;
    this.rows = rows;
    this.pageSize = pageSize;
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
   * before {@code to} in time order. A reader thread reads the next pages while this thread folds
   * the current one (at most two pages wait), so the fold costs little more than the read; a
   * failure on either side stops both and is thrown here.
   */
  public void stream(WorkspaceId ws, Instant to, Sink sink) {
    var pages = new ArrayBlockingQueue<List<Lead>>(2);
    var stop = new AtomicBoolean();
    var failure = new AtomicReference<Throwable>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("hengel-history-reader")
            .start(() -> {
              try {
                read(ws, to, page -> put(pages, page, stop));
              } catch (Stopped e) {
                // The folding side gave up; it reports why.
              } catch (Throwable e) {
                failure.set(e);
              } finally {
                try {
                  put(pages, END, stop);
                } catch (Stopped e) {
                  // Nobody is waiting for the end any more.
                }
              }
            });
    try {
      for (List<Lead> page; (page = pages.take()) != END; ) {
        page.forEach(sink::accept);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while streaming the history", e);
    } finally {
      stop.set(true);
      pages.clear();
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable failed = failure.get();
    if (failed instanceof RuntimeException r) {
      throw r;
    }
    if (failed != null) {
      throw new IllegalStateException("Could not read the history", failed);
    }
  }

  /** The marker after the last page. */
  private static final List<Lead> END = new ArrayList<>();

  /** The folding side stopped: the reader gives up. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  private static void put(BlockingQueue<List<Lead>> pages, List<Lead> page, AtomicBoolean stop) {
    try {
      while (!pages.offer(page, 100, TimeUnit.MILLISECONDS)) {
        if (stop.get()) {
          throw new Stopped();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  /** Reads every lead, a page at a time, in one read-only transaction on this thread. */
  private void read(WorkspaceId ws, Instant to, Consumer<List<Lead>> out) {
    readOnly.executeWithoutResult(status -> {
      Connection connection = connection();
      try (PreparedStatement people = prepare(connection, PEOPLE, ws);
          PreparedStatement events = prepare(connection, EVENTS, ws)) {
        events.setObject(4, Sql.ts(to));
        var page = new ArrayList<Lead>(pageSize);
        try (ResultSet p = people.executeQuery()) {
          while (p.next()) {
            page.add(
                new Lead(
                    p.getLong("id"),
                    rows.person(p),
                    rows.company(p),
                    new ArrayList<>(),
                    new Outcomes(
                        Sql.instant(p, "sal_at"),
                        Sql.instant(p, "sql_at"),
                        Sql.instant(p, "won_at"),
                        p.getString("owner_email"))));
            if (page.size() == pageSize) {
              fill(events, page);
              out.accept(page);
              page = new ArrayList<>(pageSize);
            }
          }
        }
        if (!page.isEmpty()) {
          fill(events, page);
          out.accept(page);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not read the history", e);
      }
    });
  }

  /** Reads the interactions of a page of people: one index range scan over their ids. */
  private void fill(PreparedStatement events, List<Lead> page) throws SQLException {
    events.setLong(2, page.getFirst().personId());
    events.setLong(3, page.getLast().personId());
    try (ResultSet e = events.executeQuery()) {
      int at = 0;
      while (e.next()) {
        long person = e.getLong("person_id");
        // Ids of merged-away people (their interactions moved to the survivor) are skipped.
        while (at < page.size() && page.get(at).personId() < person) {
          at++;
        }
        if (at < page.size() && page.get(at).personId() == person) {
          page.get(at).events().add(rows.event(e));
        }
      }
    }
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
          PreparedStatement events = prepare(connection, ALL_EVENTS, ws)) {
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
