package nl.hengel.cli;

import static nl.hengel.cli.OlistImportIntegrationTests.hengel;
import static nl.hengel.cli.OlistImportIntegrationTests.olistDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.hengel.cli.OlistImportIntegrationTests.Raw;
import nl.hengel.cli.OlistImportIntegrationTests.Run;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backtest on the real Olist funnel, where the only signals are origin, landing page and timing:
 * "a lead that came through search is an MQL". Its precision, base rate and recall are checked
 * against counts the test makes from the raw CSV files itself (skipped without the data, like
 * {@link OlistImportIntegrationTests}).
 */
class OlistBacktestIntegrationTests extends IntegrationTestSupport {

  static final String SEARCH =
      """
      name: olist search
      owners: { marketing: anna@olist.example, sales: bram@olist.example }
      engagement:
        half_life: 30d
        rules:
          - { name: search, when: "event.type == 'form_submitted' && event.channel in ['paid_search', 'organic_search']", points: 10 }
      mql: "engagement >= 10"
      """;

  static final Set<String> SEARCH_ORIGINS = Set.of("paid_search", "organic_search");
  static final Instant FROM = Instant.parse("2017-07-01T00:00:00Z");
  static final Instant TO = Instant.parse("2018-04-01T00:00:00Z");
  static final Duration HORIZON = Duration.ofDays(90);

  @Test
  void precision_and_recall_on_olist_match_an_independent_count_from_the_files() throws Exception {
    Path dir = olistDir();
    Raw raw = Raw.of(dir);
    TestWorkspace tw = newWorkspace();
    as(tw, "anna@olist.example", Role.MARKETING);
    Run imported = hengel("import", "olist", "--dir", dir.toString(), "-w", tw.workspace().slug());
    assertThat(imported.exit()).as(imported.err()).isZero();
    Api.Response uploaded = tw.admin().send("/api/definitions", "POST", "application/yaml", SEARCH);
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);

    Run run =
        hengel(
            "backtest",
            "-w",
            tw.workspace().slug(),
            "--as",
            "anna@olist.example",
            "--version",
            "1",
            "--from",
            FROM.toString(),
            "--to",
            TO.toString(),
            "--horizon",
            "90d",
            "--format",
            "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode figures =
        JsonMapper.builder().build().readTree(run.out()).get("report").get("candidate");

    // The independent count: an MQL is a search lead whose first contact (the start of its day in
    // Brazil) falls in the range; a hit is a win within 90 days after it, both ends included.
    long leads = raw.mqls().size();
    long mqls = 0;
    long hits = 0;
    long singleTouch = 0;
    for (String id : raw.mqls().keySet()) {
      if (!SEARCH_ORIGINS.contains(raw.mqls().get(id)[3])) {
        continue;
      }
      Instant mqlAt = raw.firstContact(id);
      if (mqlAt.isBefore(FROM) || !mqlAt.isBefore(TO)) {
        continue;
      }
      mqls++;
      // A few deals were won before Olist's first contact: their first touch is the win.
      if (!raw.deals().containsKey(id) || !raw.won(id).isBefore(mqlAt)) {
        singleTouch++;
      }
      if (raw.deals().containsKey(id)) {
        Instant won = raw.won(id);
        if (!won.isBefore(mqlAt) && !won.isAfter(mqlAt.plus(HORIZON))) {
          hits++;
        }
      }
    }
    // Recall: of the deals won in the range, those of a search lead first contacted before the win.
    long won = 0;
    long caught = 0;
    for (String id : raw.deals().keySet()) {
      Instant at = raw.won(id);
      if (at.isBefore(FROM) || !at.isBefore(TO)) {
        continue;
      }
      won++;
      if (SEARCH_ORIGINS.contains(raw.mqls().get(id)[3]) && raw.firstContact(id).isBefore(at)) {
        caught++;
      }
    }

    assertThat(figures.get("leads").asLong()).isEqualTo(leads);
    assertThat(mqls).isGreaterThan(1000);
    assertThat(figures.get("mqls").asLong()).isEqualTo(mqls);
    // Olist records no acceptance or SQL time: sal and sql are implied at the win.
    for (String stage : List.of("sal", "sql", "won")) {
      assertThat(figures.get("precision").get(stage).get("count").asLong())
          .as(stage)
          .isEqualTo(hits);
      assertThat(figures.get("baseRate").get(stage).get("count").asLong()).isEqualTo(won);
    }
    assertThat(figures.get("precision").get("won").get("value").asDouble())
        .isEqualTo((double) hits / mqls, within(1e-12));
    assertThat(figures.get("baseRate").get("won").get("of").asLong()).isEqualTo(leads);
    assertThat(figures.get("recall").get("caught").get("count").asLong()).isEqualTo(caught);
    assertThat(figures.get("recall").get("caught").get("of").asLong()).isEqualTo(won);
    // Every Olist lead has one marketing touch, so an MQL here qualified on its first touch unless
    // its deal's win came earlier.
    assertThat(singleTouch).isLessThan(mqls);
    assertThat(figures.get("singleTouch").get("count").asLong()).isEqualTo(singleTouch);
    assertThat(figures.get("medianDaysFirstTouchToMql").asDouble()).isZero();
    // The report says that sal and sql are implied: every deal won between the range's start and
    // its end plus the horizon.
    Instant end = TO.plus(java.time.Duration.ofDays(90));
    long implied =
        raw.deals().keySet().stream()
            .filter(id -> !raw.won(id).isBefore(FROM) && raw.won(id).isBefore(end))
            .count();
    JsonNode note = JsonMapper.builder().build().readTree(run.out()).get("report").get("implied");
    assertThat(note.get("sal").asLong()).isEqualTo(implied);
    assertThat(note.get("sql").asLong()).isEqualTo(implied);
    assertThat(note.get("note").asString()).contains("lower bounds");
  }
}
