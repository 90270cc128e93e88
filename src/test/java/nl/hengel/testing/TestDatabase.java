package nl.hengel.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Which database the tests of this JVM run on, chosen by the system property {@code hengel.test.db}
 * ({@code h2}, the default, or {@code postgresql}; the build runs the integration tests once for
 * each). PostgreSQL is the server at {@code HENGEL_TEST_PG_URL} (with {@code HENGEL_TEST_PG_USER},
 * {@code HENGEL_TEST_PG_PASSWORD}) when set, as on CI, else a throwaway embedded server. Tests
 * isolate themselves by working in workspaces of their own, as real tenants do.
 */
public final class TestDatabase {

  private static EmbeddedPostgres embedded;

  private TestDatabase() {}

  public static String kind() {
    return System.getProperty("hengel.test.db", "h2");
  }

  public static boolean isPostgres() {
    return kind().equals("postgresql");
  }

  /** Points Hengel's database settings (read at start-up) at this JVM's test database. */
  public static synchronized void configure() {
    if (System.getProperty("hengel.db.url") != null) {
      return;
    }
    Connection c = connection();
    System.setProperty("hengel.db.url", c.url());
    System.setProperty("hengel.db.user", c.user());
    System.setProperty("hengel.db.password", c.password());
  }

  /** How to reach the test database. */
  public record Connection(String url, String user, String password) {}

  public static synchronized Connection connection() {
    if (!isPostgres()) {
      return new Connection(
          "jdbc:h2:mem:hengel-test;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
          "sa",
          "");
    }
    String url = System.getenv("HENGEL_TEST_PG_URL");
    if (url != null && !url.isBlank()) {
      return new Connection(
          url, env("HENGEL_TEST_PG_USER", "hengel"), env("HENGEL_TEST_PG_PASSWORD", "hengel"));
    }
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not start an embedded PostgreSQL; set HENGEL_TEST_PG_URL to a server", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                try {
                  embedded.close();
                } catch (IOException ignored) {
                  // the JVM is ending
                }
              }));
    }
    return new Connection(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
