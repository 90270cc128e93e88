package nl.hengel.bench;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The PostgreSQL database the benchmark owns: emptied before each run, and the home of the raw
 * {@code COPY} baseline. Refuses databases not named like {@code *bench*} unless forced, so a
 * mistyped URL cannot wipe a real one.
 */
final class BenchDatabase {

  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?;]+)(.*)");

  final String url;
  final String user;
  final String password;
  final String name;

  BenchDatabase(String url, String user, String password) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Not a PostgreSQL JDBC URL with a database name: "
              + url
              + " (expected jdbc:postgresql://host:port/name)");
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.name = m.group(2);
  }

  /** True when the name says it is a benchmark database. */
  boolean looksDisposable() {
    return name.toLowerCase(Locale.ROOT).contains("bench");
  }

  /**
   * Drops and recreates the database (through the server's {@code postgres} database); when the
   * user may not create databases, empties the {@code public} schema instead.
   */
  String recreate() throws SQLException {
    Matcher m = URL.matcher(url);
    m.matches();
    String maintenance = m.group(1) + "postgres" + m.group(3);
    String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
    try (Connection c = DriverManager.getConnection(maintenance, user, password);
        var st = c.createStatement()) {
      st.execute("drop database if exists " + quoted + " with (force)");
      st.execute("create database " + quoted);
      return "dropped and recreated database " + name;
    } catch (SQLException e) {
      if (!"42501".equals(e.getSQLState())) { // insufficient_privilege
        throw e;
      }
    }
    try (Connection c = connect();
        var st = c.createStatement()) {
      st.execute("drop schema public cascade");
      st.execute("create schema public");
      return "emptied schema public of database " + name + " (no right to recreate the database)";
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  String describeServer() throws SQLException {
    try (Connection c = connect();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                """
                select current_setting('server_version'), current_setting('shared_buffers'),
                       current_setting('synchronous_commit'), current_setting('max_wal_size')
                """)) {
      rs.next();
      return "PostgreSQL "
          + rs.getString(1)
          + " (shared_buffers "
          + rs.getString(2)
          + ", synchronous_commit "
          + rs.getString(3)
          + ", max_wal_size "
          + rs.getString(4)
          + ")";
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = connect();
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect();
        var st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * The stored interactions whose external id starts with {@code prefix}, exactly as PostgreSQL's
   * COPY text format has them, in chunks.
   */
  List<byte[]> exportInteractions(String prefix) throws SQLException {
    if (!prefix.matches("[a-z-]+")) {
      throw new IllegalArgumentException(prefix);
    }
    var chunks = new ArrayList<byte[]>();
    try (Connection c = connect()) {
      var copy =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyOut(
                  "copy (select * from interaction where external_id like '"
                      + prefix
                      + "%' order by id) to stdout");
      var out = new ByteArrayOutputStream(1 << 24);
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        out.write(row, 0, row.length);
        if (out.size() >= 1 << 23) {
          chunks.add(out.toByteArray());
          out.reset();
        }
      }
      if (out.size() > 0) {
        chunks.add(out.toByteArray());
      }
    }
    return chunks;
  }

  /**
   * Copies the rows with one {@code COPY … FROM STDIN} into a fresh table with the columns of
   * {@code interaction} and, unless {@code withSchema}, nothing else (no keys, indexes, constraints
   * or defaults); with {@code withSchema}, with everything {@code interaction} has: primary key,
   * idempotency key, timeline index and the foreign key to {@code person}. Answers the rows copied
   * and the nanoseconds it took, commit included.
   */
  long[] copyBaseline(List<byte[]> rows, boolean withSchema) throws SQLException {
    try (Connection c = connect();
        var st = c.createStatement()) {
      st.execute("drop table if exists ingest_baseline");
      if (withSchema) {
        st.execute("create table ingest_baseline (like interaction including all)");
        st.execute(
            "alter table ingest_baseline add foreign key (person_id) references person (id)");
      } else {
        st.execute("create table ingest_baseline as table interaction with no data");
      }
      long start = System.nanoTime();
      CopyIn copy =
          c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy ingest_baseline from stdin");
      for (byte[] chunk : rows) {
        copy.writeToCopy(chunk, 0, chunk.length);
      }
      long copied = copy.endCopy();
      long nanos = System.nanoTime() - start;
      st.execute("drop table ingest_baseline");
      return new long[] {copied, nanos};
    }
  }
}
