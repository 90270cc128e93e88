package nl.hengel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import nl.hengel.testing.CrmFigures.Group;
import nl.hengel.testing.CrmFigures.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calculator on exports small enough to work out by hand. New York went to summer time on 10
 * March 2024: a span across it is an hour short of whole days.
 */
class CrmFiguresUnitTests {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static final String PIPELINE =
      """
      opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
      A1,Ann Smith,Basic,"Oak, Inc.",Won,2024-01-10,2024-01-20,100
      A2,Ann Smith,Pro,"Oak, Inc.",Won,2024-03-01,2024-03-31,500
      A3,Bob Jones,Basic,Pine Co,Lost,2024-01-15,2024-01-15,0
      A4,Bob Jones,Pro,Pine Co,Lost,2024-02-01,2024-03-01,0
      A5,Zoë Brandt,Basic,,Engaging,2024-02-20,,
      A6,Zoë Brandt,Pro,,Prospecting,,,
      A7,Ann Smith,Basic,Pine Co,Won,2024-02-28,2024-03-11,200
      """;

  static final String ACCOUNTS =
      """
      account,sector,year_established,revenue,employees,office_location,subsidiary_of
      "Oak, Inc.",software,1999,10.50,120,United States,
      Pine Co,retail,2005,3.20,40,Canada,"Oak, Inc."
      """;

  static final String TEAMS =
      """
      sales_agent,manager,regional_office
      Ann Smith,Maria Lopez,East
      Bob Jones,Maria Lopez,West
      Zoë Brandt,Kurt Vogel,East
      """;

  static final long DAY = 86_400;
  static final long HOUR = 3_600;

  static CrmFigures figures(Path dir, ZoneId zone) throws IOException {
    Files.writeString(dir.resolve("sales_pipeline.csv"), PIPELINE);
    Files.writeString(dir.resolve("accounts.csv"), ACCOUNTS);
    Files.writeString(dir.resolve("sales_teams.csv"), TEAMS);
    return CrmFigures.pipeline(dir, zone);
  }

  @Test
  void the_waterfall_counts_every_row_and_implies_mql_and_sql(@TempDir Path dir)
      throws IOException {
    Group all = figures(dir, NEW_YORK).all();
    assertThat(all.leads()).isEqualTo(7);
    assertThat(all.undated()).isEqualTo(1);
    assertThat(all.now())
        .containsExactlyInAnyOrderEntriesOf(Map.of("new", 1L, "sal", 1L, "won", 3L, "lost", 2L));
    assertThat(all.reached())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("mql", 6L, "sal", 6L, "sql", 5L, "won", 3L, "lost", 2L));
    assertThat(all.implied())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("mql", 6L, "sal", 0L, "sql", 5L, "won", 0L, "lost", 0L));
    assertThat(all.dated("sal")).isEqualTo(6);
    assertThat(all.wonValue()).containsExactly(Map.entry("USD", new BigDecimal("800")));
    // Open rows carry no close_value: no pipeline value.
    assertThat(all.openValue()).isEmpty();
  }

  @Test
  void spans_run_from_engage_to_close_midnights_in_the_zone(@TempDir Path dir) throws IOException {
    Group all = figures(dir, NEW_YORK).all();
    // Won: A1 10 days; A7 28 Feb to 11 Mar, 12 days less the hour of 10 March; A2 30 days less it.
    // Sorted 864000, 1033200, 2588400: median the middle one, p80 at position 1.6.
    assertSpan(all.span("sal>won"), 3, 0, 12 * DAY - HOUR, 12 * DAY - HOUR + 0.6 * 1_555_200);
    // Lost: A3 on its engage day (0), A4 29 days (2024 is a leap year).
    assertSpan(all.span("sal>lost"), 2, 0, 29 * DAY / 2.0, 0.8 * 29 * DAY);
    // Every mql and sql entry is implied: nothing is measured from or to them.
    assertThat(all.span("mql>sal")).isEqualTo(new Span(0, 6, null, null));
    assertThat(all.span("sal>sql")).isEqualTo(new Span(0, 5, null, null));
    assertThat(all.span("sql>won")).isEqualTo(new Span(0, 3, null, null));
    assertThat(all.span("sql>lost")).isEqualTo(new Span(0, 2, null, null));
    assertThat(all.span("sal>won").medianDays()).isCloseTo(12 - 1 / 24.0, within(1e-9));
  }

  @Test
  void wins_and_losses_fall_in_the_utc_month_of_their_close(@TempDir Path dir) throws IOException {
    var months = figures(dir, NEW_YORK).byCloseMonth();
    assertThat(months).containsOnlyKeys("2024-01", "2024-03");
    assertThat(months.get("2024-01").now()).containsOnlyKeys("won", "lost");
    assertThat(months.get("2024-01").reached("won")).isEqualTo(1);
    assertThat(months.get("2024-01").reached("lost")).isEqualTo(1);
    assertThat(months.get("2024-03").reached("won")).isEqualTo(2);
    assertThat(months.get("2024-03").reached("lost")).isEqualTo(1);
    assertThat(months.get("2024-03").wonValue()).containsEntry("USD", new BigDecimal("700"));
  }

  @Test
  void east_of_greenwich_a_first_of_the_month_close_is_the_month_before_in_utc(@TempDir Path dir)
      throws IOException {
    // A4, lost on 1 March: midnight in Amsterdam is 23:00 UTC on 29 February.
    var months = figures(dir, ZoneId.of("Europe/Amsterdam")).byCloseMonth();
    assertThat(months.get("2024-02").reached("lost")).isEqualTo(1);
    assertThat(months.get("2024-03").reached("lost")).isZero();
    assertThat(months.get("2024-03").reached("won")).isEqualTo(2);
  }

  @Test
  void created_cohorts_start_at_the_engage_date_and_prospecting_is_undated(@TempDir Path dir)
      throws IOException {
    var cohorts = figures(dir, NEW_YORK).byCreatedMonth();
    assertThat(cohorts.keySet()).containsExactly("(undated)", "2024-01", "2024-02", "2024-03");
    assertThat(cohorts.get("(undated)").leads()).isEqualTo(1);
    assertThat(cohorts.get("2024-01").leads()).isEqualTo(2);
    assertThat(cohorts.get("2024-02").leads()).isEqualTo(3);
    assertThat(cohorts.get("2024-03").leads()).isEqualTo(1);
  }

  @Test
  void groups_by_owner_team_sector_and_product(@TempDir Path dir) throws IOException {
    CrmFigures f = figures(dir, NEW_YORK);
    assertThat(f.byOwner().keySet()).containsExactly("Ann Smith", "Bob Jones", "Zoë Brandt");
    assertThat(f.byOwner().get("Ann Smith").reached("won")).isEqualTo(3);
    assertThat(f.byOwner().get("Bob Jones").reached("lost")).isEqualTo(2);
    assertThat(f.byOwner().get("Zoë Brandt").now()).isEqualTo(Map.of("new", 1L, "sal", 1L));
    assertThat(f.byOffice().get("East").leads()).isEqualTo(5);
    assertThat(f.byOffice().get("West").leads()).isEqualTo(2);
    assertThat(f.byManager().get("Maria Lopez").leads()).isEqualTo(5);
    assertThat(f.byManager().get("Kurt Vogel").leads()).isEqualTo(2);

    var sectors = f.bySector();
    assertThat(sectors.keySet()).containsExactly("(none)", "retail", "software");
    assertThat(sectors.get("software").wonValue()).containsEntry("USD", new BigDecimal("600"));
    assertThat(sectors.get("retail").leads()).isEqualTo(3);
    assertThat(sectors.get("retail").reached("won")).isEqualTo(1);
    assertThat(sectors.get("retail").wonValue()).containsEntry("USD", new BigDecimal("200"));
    assertThat(sectors.get("(none)").leads()).isEqualTo(2);
    assertThat(sectors.get("(none)").wonValue()).isEmpty();

    var products = f.byProduct();
    assertThat(products.get("Basic").leads()).isEqualTo(4);
    assertThat(products.get("Basic").wonValue()).containsEntry("USD", new BigDecimal("300"));
    assertThat(products.get("Pro").reached("lost")).isEqualTo(1);
    assertThat(f.byAccount().get("Oak, Inc.").leads()).isEqualTo(2);
  }

  @Test
  void a_newer_export_adds_new_leads_and_extends_those_that_moved_on(@TempDir Path dir)
      throws IOException {
    CrmFigures older = figures(dir, NEW_YORK);
    Path later = Files.createDirectories(dir.resolve("later"));
    Files.writeString(
        later.resolve("sales_pipeline.csv"),
        PIPELINE
                .replace(
                    "A5,Zoë Brandt,Basic,,Engaging,2024-02-20,,",
                    "A5,Zoë Brandt,Basic,,Won,2024-02-20,2024-04-02,90")
                .replace(
                    "A6,Zoë Brandt,Pro,,Prospecting,,,", "A6,Zoë Brandt,Pro,,Engaging,2024-04-03,,")
            + "A8,Bob Jones,Pro,Pine Co,Engaging,2024-04-05,,\n");
    Files.writeString(later.resolve("accounts.csv"), ACCOUNTS);
    Files.writeString(later.resolve("sales_teams.csv"), TEAMS);
    CrmFigures newer = CrmFigures.pipeline(later, NEW_YORK);

    CrmFigures.Changes changes = CrmFigures.changes(older, newer);
    assertThat(changes.added()).isEqualTo(1);
    assertThat(changes.extended()).isEqualTo(2);
    assertThat(changes.unchanged()).isEqualTo(5);
    // A5 gains sql and won; A6 gains mql and sal; A8 gains mql and sal.
    assertThat(changes.newEntries())
        .containsExactlyInAnyOrderEntriesOf(Map.of("mql", 2L, "sal", 2L, "sql", 1L, "won", 1L));
  }

  static final String HISTORY =
      """
      deal_id,owner_email,stage,changed_at,amount,currency
      D1,ann@crm.example,Lead,2024-03-01 09:00:00,1000.00,EUR
      D1,ann@crm.example,Marketing Qualified,2024-03-02 10:00:00,1000.00,EUR
      D2,bob@crm.example,Sales Accepted,2024-03-04 09:30:00,250.50,USD
      D1,ann@crm.example,Sales Accepted,2024-03-05 10:00:00,1000.00,EUR
      D1,ann@crm.example,Sales Qualified,2024-03-06 12:00:00,1200.00,EUR
      D2,bob@crm.example,Closed Lost,2024-03-08 09:30:00,250.50,USD
      D1,ann@crm.example,Closed Won,2024-03-11 12:00:00,1100.00,EUR
      D3,ann@crm.example,Lead,2024-03-12 09:00:00,,EUR
      D4,bob@crm.example,Marketing Qualified,2024-03-12 10:00:00,300.00,USD
      """;

  static final Map<String, String> HISTORY_STAGES =
      Map.of(
          "Lead", "new",
          "Marketing Qualified", "mql",
          "Sales Accepted", "sal",
          "Sales Qualified", "sql",
          "Closed Won", "won",
          "Closed Lost", "lost");

  @Test
  void a_stage_history_dates_each_change_and_implies_what_a_deal_skipped(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("deal_stage_history.csv");
    Files.writeString(file, HISTORY);
    CrmFigures f = CrmFigures.history(file, HISTORY_STAGES, NEW_YORK);
    assertThat(f.leads()).extracting(CrmFigures.Lead::id).containsExactly("D1", "D2", "D3", "D4");
    CrmFigures.Lead d1 = f.leads().get(0);
    assertThat(d1.newSince()).isEqualTo(Instant.parse("2024-03-01T14:00:00Z"));
    assertThat(d1.entries().get("won"))
        .isEqualTo(new CrmFigures.Entry(Instant.parse("2024-03-11T16:00:00Z"), false));
    assertThat(d1.amount()).isEqualTo(new BigDecimal("1100.00"));
    CrmFigures.Lead d2 = f.leads().get(1);
    assertThat(d2.newSince()).isNull();
    assertThat(d2.created()).isEqualTo(Instant.parse("2024-03-04T14:30:00Z"));
    assertThat(d2.entries().get("mql").implied()).isTrue();
    assertThat(d2.entries().get("sql"))
        .isEqualTo(new CrmFigures.Entry(Instant.parse("2024-03-08T14:30:00Z"), true));
    assertThat(f.leads().get(2).stage()).isEqualTo("new");
    assertThat(f.undated()).isZero();

    Group all = f.all();
    assertThat(all.reached())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("mql", 3L, "sal", 2L, "sql", 2L, "won", 1L, "lost", 1L));
    assertThat(all.implied()).containsEntry("mql", 1L).containsEntry("sql", 1L);
    assertThat(all.wonValue()).containsExactly(Map.entry("EUR", new BigDecimal("1100.00")));
    // D4 is open in mql with its amount: pipeline, not won. D3 in new has no amount.
    assertThat(all.openValue()).containsExactly(Map.entry("USD", new BigDecimal("300.00")));
    assertSpan(all.span("mql>sal"), 1, 1, 3 * DAY, 3 * DAY);
    assertSpan(all.span("sal>sql"), 1, 1, 26 * HOUR, 26 * HOUR);
    assertSpan(all.span("sql>won"), 1, 0, 5 * DAY - HOUR, 5 * DAY - HOUR);
    assertSpan(all.span("sal>won"), 1, 0, 6 * DAY + HOUR, 6 * DAY + HOUR);
    assertSpan(all.span("sal>lost"), 1, 0, 4 * DAY, 4 * DAY);
    // D2 was lost straight from sal: its sql entry is implied, so sql>lost measures nothing.
    assertThat(all.span("sql>lost")).isEqualTo(new Span(0, 1, null, null));
    assertThat(f.byOwner().get("ann@crm.example").leads()).isEqualTo(2);
  }

  @Test
  void percentiles_interpolate_between_order_statistics_like_percentile_cont() {
    assertThat(CrmFigures.percentile(List.of(4.0, 1.0, 3.0, 2.0), 0.5)).isEqualTo(2.5);
    assertThat(CrmFigures.percentile(List.of(4.0, 1.0, 3.0, 2.0), 0.8))
        .isCloseTo(3.4, within(1e-12));
    assertThat(CrmFigures.percentile(List.of(7.0), 0.8)).isEqualTo(7.0);
    assertThat(CrmFigures.percentile(List.of(), 0.5)).isNull();
  }

  static void assertSpan(Span span, long leads, long implied, double median, double p80) {
    assertThat(span.leads()).as("leads").isEqualTo(leads);
    assertThat(span.implied()).as("implied").isEqualTo(implied);
    assertThat(span.medianSeconds()).as("median").isCloseTo(median, within(1e-6));
    assertThat(span.p80Seconds()).as("p80").isCloseTo(p80, within(1e-6));
  }
}
