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
    try (Connection c = connect()) {
      return copyOut(
          c,
          "copy (select * from interaction where external_id like '"
              + prefix
              + "%' order by id) to stdout");
    }
  }

  /**
   * The rows of each table that belong to workspace {@code workspace}, exactly as PostgreSQL's COPY
   * text format has them, in chunks per table, in the order given.
   */
  java.util.Map<String, List<byte[]>> exportWorkspace(List<String> tables, long workspace)
      throws SQLException {
    var result = new java.util.LinkedHashMap<String, List<byte[]>>();
    try (Connection c = connect()) {
      for (String table : tables) {
        requireName(table);
        result.put(
            table,
            copyOut(
                c,
                "copy (select * from "
                    + table
                    + " where workspace_id = "
                    + workspace
                    + ") to stdout"));
      }
    }
    return result;
  }

  /**
   * Copies the rows of each table, one {@code COPY … FROM STDIN} per table in the order given, all
   * in one transaction (as an import writes them), into fresh tables named {@code
   * <table>_baseline}: without {@code withSchema} with the columns only (no keys, indexes,
   * constraints or defaults); with it, with everything the table has (primary key, unique keys,
   * indexes, defaults, checks) and its foreign keys, which point at the real tables (holding the
   * same rows, so every check finds its row). Answers the rows copied and the nanoseconds it took,
   * commit included.
   */
  long[] copyTablesBaseline(java.util.Map<String, List<byte[]>> rows, boolean withSchema)
      throws SQLException {
    try (Connection c = connect();
        var st = c.createStatement()) {
      for (String table : rows.keySet()) {
        requireName(table);
        st.execute("drop table if exists " + table + "_baseline");
        if (withSchema) {
          st.execute("create table " + table + "_baseline (like " + table + " including all)");
          var foreignKeys = new ArrayList<String>();
          try (var rs =
              st.executeQuery(
                  "select pg_get_constraintdef(oid) from pg_constraint where conrelid = '"
                      + table
                      + "'::regclass and contype = 'f'")) {
            while (rs.next()) {
              foreignKeys.add(rs.getString(1));
            }
          }
          for (String fk : foreignKeys) {
            st.execute("alter table " + table + "_baseline add " + fk);
          }
        } else {
          st.execute("create table " + table + "_baseline as table " + table + " with no data");
        }
      }
      c.setAutoCommit(false);
      long copied = 0;
      long start = System.nanoTime();
      for (var e : rows.entrySet()) {
        CopyIn copy =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("copy " + e.getKey() + "_baseline from stdin");
        for (byte[] chunk : e.getValue()) {
          copy.writeToCopy(chunk, 0, chunk.length);
        }
        copied += copy.endCopy();
      }
      c.commit();
      long nanos = System.nanoTime() - start;
      c.setAutoCommit(true);
      for (String table : rows.keySet()) {
        st.execute("drop table " + table + "_baseline");
      }
      return new long[] {copied, nanos};
    }
  }

  private static void requireName(String table) {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException(table);
    }
  }

  private static List<byte[]> copyOut(Connection c, String sql) throws SQLException {
    var chunks = new ArrayList<byte[]>();
    var copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
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
