package nl.hengel.backtest.internal;

import static nl.hengel.testing.Funnel.download;
import static nl.hengel.testing.Funnel.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.hengel.definition.FoldInputs;
import nl.hengel.engine.Event;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The backtest's history stream on a real database, with pages of four people so that the reader
 * thread runs ahead and fills its queue: every lead comes once, in id order, with its interactions
 * before the end in time order; a failure of the folding side stops the reader and is thrown.
 */
class HistoryIntegrationTests extends IntegrationTestSupport {

  static final Instant T = Instant.parse("2026-02-01T09:00:00Z");
  static final Instant END = Instant.parse("2026-03-01T00:00:00Z");
  static final int PEOPLE = 23;

  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;
  @Autowired FoldInputs rows;

  TestWorkspace history() {
    TestWorkspace tw = newWorkspace();
    var batch = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < PEOPLE; i++) {
      String email = "p" + i + "@history.example";
      // Sent newest first: the stream must put them in time order.
      batch.add(download(i + "-b", email, T.plus(Duration.ofDays(i)), "guide-b"));
      batch.add(download(i + "-a", email, T, "guide-a"));
    }
    // After the end: never read.
    batch.add(download("late", "p0@history.example", END, "guide-c"));
    ok(tw.admin().post("/api/interactions/batch", batch));
    return tw;
  }

  History history(int pageSize) {
    return new History(dataSource, transactions, rows, pageSize);
  }

  @Test
  void every_lead_comes_once_in_id_order_with_its_interactions_before_the_end_in_time_order() {
    TestWorkspace tw = history();
    var leads = new ArrayList<History.Lead>();
    history(4).stream(tw.workspace().id(), END, leads::add);

    assertThat(leads).hasSize(PEOPLE);
    assertThat(leads).extracting(History.Lead::personId).isSorted().doesNotHaveDuplicates();
    for (History.Lead lead : leads) {
      List<Instant> times = lead.events().stream().map(Event::at).toList();
      assertThat(times).as("lead %d", lead.personId()).hasSize(2).isSorted();
      assertThat(times).allMatch(at -> at.isBefore(END));
      assertThat(lead.person().get("email").toString()).endsWith("@history.example");
    }
    assertThat(history(4).count(tw.workspace().id())).isEqualTo(PEOPLE);
  }

  @Test
  void a_failing_fold_stops_the_reader_and_its_failure_is_thrown() {
    TestWorkspace tw = history();
    var failure = new IllegalStateException("the fold broke on lead 6");
    var seen = new ArrayList<Long>();
    assertThatThrownBy(() ->
            history(4).stream(
                tw.workspace().id(),
                END,
                lead -> {
                  seen.add(lead.personId());
                  if (seen.size() == 6) {
                    throw failure;
                  }
                }))
        .isSameAs(failure);
    assertThat(seen).hasSize(6);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("hengel-history-reader") && t.isAlive()));
  }
}
