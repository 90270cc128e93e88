package nl.hengel.platform;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a transaction and, when it lost a race with a concurrent writer (a unique key taken
 * a moment earlier, a deadlock, a serialisation failure), rolls it back and runs it again: the next
 * attempt sees the other writer's committed rows.
 */
@Component
public class Transactions {

  private static final Logger log = LoggerFactory.getLogger(Transactions.class);
  private static final int MAX_ATTEMPTS = 8;

  private final TransactionTemplate template;

  Transactions(TransactionTemplate template) {
    this.template = template;
  }

  public <T> T retryingOnConflict(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return template.execute(status -> work.get());
      } catch (DuplicateKeyException | TransientDataAccessException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        log.debug("Attempt {} met a concurrent writer, retrying: {}", attempt, e.getMessage());
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(2, 10L * attempt));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
