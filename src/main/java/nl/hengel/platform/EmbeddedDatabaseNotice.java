package nl.hengel.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says loudly, once per server start, where the embedded database keeps its data and what it is
 * for.
 */
@Component
@ConditionalOnWebApplication
class EmbeddedDatabaseNotice {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseNotice.class);

  private final Environment env;

  EmbeddedDatabaseNotice(Environment env) {
    this.env = env;
  }

  @EventListener(ApplicationStartedEvent.class)
  void tell() {
    String url = env.getProperty("spring.datasource.url", "");
    if (url.startsWith("jdbc:h2:file:")) {
      String file = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
      log.warn(
          "*** EMBEDDED H2 DATABASE: data lives in {}.mv.db. This is for trying Hengel out; set HENGEL_DB_URL to a PostgreSQL database for real use. ***",
          file);
    }
  }
}
