package nl.hengel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic CRM export: reproducible, shaped like the real one, and its dialects equal. */
class CrmExportUnitTests {

  /** The committed copy, read from the test resources. */
  static final Path COMMITTED = Path.of("src/test/resources/crm");

  static List<CsvRecord> rows(Path file, char delimiter) throws IOException {
    try (var csv =
        CsvReader.builder().fieldSeparator(delimiter).detectBomHeader(true).ofCsvRecord(file)) {
      return csv.stream().toList();
    }
  }

  static List<List<String>> fields(Path file, char delimiter) throws IOException {
    return rows(file, delimiter).stream().map(CsvRecord::getFields).toList();
  }

  @Test
  void the_committed_copy_is_what_the_generator_writes_with_its_seed(@TempDir Path dir)
      throws IOException {
    CrmExport.committed().write(dir, CrmExport.AS_OF, CrmExport.Dialect.PLAIN);
    for (String name :
        List.of(CrmExport.PIPELINE, CrmExport.ACCOUNTS, CrmExport.TEAMS, CrmExport.HISTORY)) {
      assertThat(Files.readString(dir.resolve(name)))
          .as(name + ": regenerate with CrmExport.main(src/test/resources/crm)")
          .isEqualTo(Files.readString(COMMITTED.resolve(name)));
    }
  }

  @Test
  void the_pipeline_is_shaped_like_a_real_crm_export() throws IOException {
    List<CsvRecord> rows = rows(COMMITTED.resolve(CrmExport.PIPELINE), ',');
    assertThat(rows.getFirst().getFields())
        .containsExactly(
            "opportunity_id",
            "sales_agent",
            "product",
            "account",
            "deal_stage",
            "engage_date",
            "close_date",
            "close_value");
    List<CsvRecord> body = rows.subList(1, rows.size());
    assertThat(body).hasSize(CrmExport.OPPORTUNITIES);
    var ids = new HashSet<String>();
    var stages = new HashMap<String, Integer>();
    var wonValues = new HashMap<String, Set<String>>();
    for (CsvRecord r : body) {
      assertThat(ids.add(r.getField(0))).as("unique id " + r.getField(0)).isTrue();
      String stage = r.getField(4);
      stages.merge(stage, 1, Integer::sum);
      String engage = r.getField(5);
      String close = r.getField(6);
      switch (stage) {
        case "Prospecting" -> assertThat(engage + close + r.getField(7)).isEmpty();
        case "Engaging" -> {
          assertThat(engage).isNotEmpty();
          assertThat(close + r.getField(7)).isEmpty();
        }
        case "Won", "Lost" -> {
          assertThat(LocalDate.parse(close)).isAfterOrEqualTo(LocalDate.parse(engage));
          assertThat(LocalDate.parse(close)).isBeforeOrEqualTo(CrmExport.AS_OF);
          if (stage.equals("Lost")) {
            assertThat(r.getField(7)).isEqualTo("0");
          } else {
            wonValues.computeIfAbsent(r.getField(2), k -> new HashSet<>()).add(r.getField(7));
          }
        }
        default -> throw new AssertionError("stage " + stage);
      }
    }
    assertThat(stages).containsOnlyKeys("Prospecting", "Engaging", "Won", "Lost");
    assertThat(stages.get("Prospecting")).isBetween(40, 120);
    assertThat(stages.get("Engaging")).isBetween(80, 250);
    // Won values vary within a product, and products differ.
    assertThat(wonValues).hasSizeBetween(6, 8);
    wonValues.values().forEach(v -> assertThat(v).hasSizeGreaterThan(1));
    assertThat(body.stream().map(r -> r.getField(1)).distinct()).hasSize(35);
    assertThat(body.stream().map(r -> r.getField(3)).filter(a -> !a.isEmpty()).distinct())
        .hasSize(85);
    assertThat(body.stream().filter(r -> r.getField(3).isEmpty()).map(r -> r.getField(4)))
        .containsOnly("Prospecting", "Engaging")
        .isNotEmpty();
    // A lost deal closed on the day it was engaged: a span of zero.
    assertThat(body)
        .anyMatch(r -> r.getField(4).equals("Lost") && r.getField(5).equals(r.getField(6)));
    // Two years of engagements.
    assertThat(body.stream().map(r -> r.getField(5)).filter(d -> !d.isEmpty()).sorted())
        .first()
        .satisfies(d -> assertThat(d).startsWith("2023-01"));
  }

  @Test
  void account_names_need_quoting_and_not_all_names_are_ascii() throws IOException {
    String pipeline = Files.readString(COMMITTED.resolve(CrmExport.PIPELINE));
    assertThat(pipeline)
        .contains(",\"Hoek, Bakker & Zn.\",")
        .contains(",\"Meridian \"\"Blue\"\" Logistics\",")
        .contains("Zürich Präzision AG")
        .contains("Łucja Wiśniewska");
    List<List<String>> accounts = fields(COMMITTED.resolve(CrmExport.ACCOUNTS), ',');
    assertThat(accounts.getFirst())
        .containsExactly(
            "account",
            "sector",
            "year_established",
            "revenue",
            "employees",
            "office_location",
            "subsidiary_of");
    assertThat(accounts).hasSize(86);
    Set<String> names = accounts.stream().skip(1).map(List::getFirst).collect(Collectors.toSet());
    assertThat(names).contains("Meridian \"Blue\" Logistics", "Hoek, Bakker & Zn.");
    // Every parent is an account of the file.
    accounts.stream()
        .skip(1)
        .map(a -> a.get(6))
        .filter(p -> !p.isEmpty())
        .forEach(p -> assertThat(names).contains(p));
    List<List<String>> teams = fields(COMMITTED.resolve(CrmExport.TEAMS), ',');
    assertThat(teams.getFirst()).containsExactly("sales_agent", "manager", "regional_office");
    assertThat(teams.stream().skip(1).map(t -> t.get(2)).distinct())
        .containsExactlyInAnyOrder("Central", "East", "West");
    assertThat(teams.stream().skip(1).map(t -> t.get(1)).distinct()).hasSize(6);
  }

  @Test
  void a_newer_export_only_moves_deals_on_and_adds_new_ones(@TempDir Path dir) throws IOException {
    CrmExport world = CrmExport.committed();
    world.writePipeline(dir.resolve("newer.csv"), CrmExport.NEWER, CrmExport.Dialect.PLAIN);
    Map<String, List<String>> older = byId(COMMITTED.resolve(CrmExport.PIPELINE));
    Map<String, List<String>> newer = byId(dir.resolve("newer.csv"));
    assertThat(newer.keySet()).containsAll(older.keySet());
    assertThat(newer.size() - older.size()).isBetween(100, 250);
    List<String> order = List.of("Prospecting", "Engaging", "Won", "Lost");
    int moved = 0;
    for (var e : older.entrySet()) {
      List<String> before = e.getValue();
      List<String> after = newer.get(e.getKey());
      // Owner, product and account stay; a date once given stays.
      assertThat(after.subList(0, 4)).isEqualTo(before.subList(0, 4));
      if (!before.get(5).isEmpty()) {
        assertThat(after.get(5)).isEqualTo(before.get(5));
      }
      if (before.get(4).equals("Won") || before.get(4).equals("Lost")) {
        assertThat(after).isEqualTo(before);
      } else if (!after.get(4).equals(before.get(4))) {
        assertThat(order.indexOf(after.get(4))).isGreaterThan(order.indexOf(before.get(4)));
        moved++;
      }
    }
    assertThat(moved).as("deals that moved on").isBetween(50, 200);
  }

  static Map<String, List<String>> byId(Path file) throws IOException {
    var m = new HashMap<String, List<String>>();
    fields(file, ',').stream().skip(1).forEach(f -> m.put(f.getFirst(), f));
    return m;
  }

  @Test
  void the_excel_and_semicolon_dialects_hold_the_same_cells(@TempDir Path dir) throws IOException {
    CrmExport world = CrmExport.committed();
    Path excel = dir.resolve("excel.csv");
    Path semicolon = dir.resolve("semicolon.csv");
    world.writePipeline(excel, CrmExport.AS_OF, CrmExport.Dialect.EXCEL);
    world.writePipeline(semicolon, CrmExport.AS_OF, CrmExport.Dialect.SEMICOLON);
    byte[] bytes = Files.readAllBytes(excel);
    assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1))
        .isEqualTo("\u00EF\u00BB\u00BF");
    assertThat(Files.readString(excel)).contains("\r\n").doesNotContain("\r\n\n");
    assertThat(Files.readString(semicolon)).contains(";Hoek, Bakker & Zn.;").doesNotContain("\r\n");
    List<List<String>> plain = fields(COMMITTED.resolve(CrmExport.PIPELINE), ',');
    assertThat(fields(excel, ',')).isEqualTo(plain);
    assertThat(fields(semicolon, ';')).isEqualTo(plain);
  }

  @Test
  void the_stage_history_has_grouped_deals_that_skip_stages_and_some_still_open()
      throws IOException {
    List<List<String>> rows = fields(COMMITTED.resolve(CrmExport.HISTORY), ',');
    assertThat(rows.getFirst())
        .containsExactly("deal_id", "owner_email", "stage", "changed_at", "amount", "currency");
    var deals = new HashMap<String, List<String>>();
    String previous = "";
    for (List<String> r : rows.subList(1, rows.size())) {
      assertThat(r.get(3)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
      assertThat(r.get(3)).isGreaterThanOrEqualTo(previous);
      previous = r.get(3);
      deals.computeIfAbsent(r.get(0), k -> new java.util.ArrayList<>()).add(r.get(2));
    }
    assertThat(deals).hasSize(CrmExport.HISTORY_DEALS);
    // Rows of one deal are interleaved with others', in time order.
    assertThat(rows.get(1).get(0)).isNotEqualTo(rows.get(2).get(0));
    assertThat(deals.values()).anyMatch(s -> s.equals(List.of("Lead")));
    assertThat(deals.values())
        .anyMatch(s -> s.getFirst().equals("Lead") && s.get(1).equals("Sales Accepted"));
    assertThat(deals.values()).anyMatch(s -> s.getFirst().equals("Sales Accepted"));
    assertThat(deals.values())
        .anyMatch(s -> s.getLast().equals("Closed Lost") && !s.contains("Sales Qualified"));
    assertThat(deals.values())
        .anyMatch(s -> !s.getLast().startsWith("Closed"))
        .anyMatch(s -> s.getLast().equals("Closed Won"));
    assertThat(rows.stream().skip(1).map(r -> r.get(5)).distinct())
        .containsExactlyInAnyOrder("EUR", "USD");
  }
}
