package nl.hengel.handoff.internal;

import java.time.Clock;
import java.util.List;
import nl.hengel.platform.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Records the breach of every SLA clock whose due time passed without a response. Safe on several
 * nodes at once: each claims different due clocks with {@code FOR UPDATE SKIP LOCKED}, and a breach
 * is written only where none is, so none is recorded (or escalated) twice.
 */
@Component
public class BreachWorker {

  private static final Logger log = LoggerFactory.getLogger(BreachWorker.class);
  private static final int CLAIM = 200;

  private final SlaClocks clocks;
  private final SlaKeeping keeping;
  private final Transactions transactions;
  private final Clock clock;

  BreachWorker(SlaClocks clocks, SlaKeeping keeping, Transactions transactions, Clock clock) {
    this.clocks = clocks;
    this.keeping = keeping;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${hengel.sla.poll-millis:1000}")
  public void run() {
    try {
      while (sweep() == CLAIM) {
        // a full claim: more may be due
      }
    } catch (RuntimeException e) {
      log.warn("Recording SLA breaches failed; the clocks stay due and are tried again", e);
    }
  }

  /** Records one claim of breaches; answers how many clocks it breached. */
  public int sweep() {
    Integer n =
        transactions.retryingOnConflict(() -> {
          List<SlaClocks.Due> due = clocks.claimDue(clock.instant(), CLAIM);
          for (SlaClocks.Due d : due) {
            keeping.breach(d.workspace(), d.id(), d.team(), d.owner());
          }
          return due.size();
        });
    return n == null ? 0 : n;
  }
}
