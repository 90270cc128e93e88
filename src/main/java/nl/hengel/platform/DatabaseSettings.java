package nl.hengel.platform;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the database before anything connects. {@code hengel.db.url} (environment variable {@code
 * HENGEL_DB_URL}) with {@code hengel.db.user} and {@code hengel.db.password} select a PostgreSQL
 * server; without them Hengel uses an embedded H2 file database under {@code hengel.data-dir}
 * (default {@code ./data}), which is for trying Hengel out. With the {@code prod} profile a missing
 * or embedded database is refused: production never falls back silently.
 */
public class DatabaseSettings implements EnvironmentPostProcessor {

  /** The H2 settings that let one set of migrations serve H2 and PostgreSQL. */
  static final String H2_OPTIONS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
          // A second process (the CLI while the server runs) connects through the first one.
          + ";AUTO_SERVER=TRUE"
          // Write every commit to the file at once: an acknowledged interaction survives kill -9.
          + ";WRITE_DELAY=0";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    String url = env.getProperty("hengel.db.url", "").trim();
    boolean prod = Arrays.asList(env.getActiveProfiles()).contains("prod");
    Map<String, Object> settings = new HashMap<>();
    if (url.isEmpty()) {
      if (prod) {
        throw new DatabaseNotConfigured(
            "Hengel runs with the 'prod' profile but no database is configured (HENGEL_DB_URL is not set). "
                + "Production never falls back to the embedded H2 database.",
            "Set HENGEL_DB_URL (e.g. jdbc:postgresql://db:5432/hengel), HENGEL_DB_USER and HENGEL_DB_PASSWORD.");
      }
      Path dataDir =
          Path.of(env.getProperty("hengel.data-dir", "./data")).toAbsolutePath().normalize();
      settings.put(
          "spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("hengel") + H2_OPTIONS);
      settings.put("spring.datasource.username", "sa");
      settings.put("spring.datasource.password", "");
    } else {
      if (prod && url.startsWith("jdbc:h2:")) {
        throw new DatabaseNotConfigured(
            "Hengel runs with the 'prod' profile but HENGEL_DB_URL points at an embedded H2 database ("
                + url
                + ").",
            "Production needs PostgreSQL: set HENGEL_DB_URL to a jdbc:postgresql:// URL.");
      }
      settings.put("spring.datasource.url", url);
      settings.put("spring.datasource.username", env.getProperty("hengel.db.user", ""));
      settings.put("spring.datasource.password", env.getProperty("hengel.db.password", ""));
    }
    env.getPropertySources().addFirst(new MapPropertySource("hengelDatabase", settings));
  }
}
