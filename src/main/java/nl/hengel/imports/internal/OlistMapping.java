package nl.hengel.imports.internal;

import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nl.hengel.imports.OlistImports;
import nl.hengel.imports.Quirk;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.CsvImports.OnError;
import nl.hengel.timeline.CsvImports.Options;
import org.jspecify.annotations.Nullable;

/**
 * The Olist marketing funnel (Kaggle, "Marketing Funnel by Olist", CC BY-NC-SA 4.0) mapped onto
 * Hengel: both files rewritten only where the generic CSV import cannot read a cell as it is (a
 * date without zone, {@code 0.0} meaning "not declared"), with the column mapping and constants
 * that import needs, and the leads' pasts. Every quirk of the source is counted with what was done
 * about it. Rewritten files keep the source's line numbers, so a row error names the source line.
 */
public final class OlistMapping {

  private static final String MQL_FILE = OlistImports.MQL_FILE;
  private static final String DEALS_FILE = OlistImports.DEALS_FILE;

  /** The interaction source and the person key source. */
  public static final String SOURCE = "olist";

  public static final String ACTOR = "import:olist";

  /** Olist is in Brazil; first contacts are dates there. */
  public static final ZoneId BRAZIL = ZoneId.of("America/Sao_Paulo");

  private static final List<String> MQL_COLUMNS =
      List.of("mql_id", "first_contact_date", "landing_page_id", "origin");
  private static final List<String> DEAL_COLUMNS =
      List.of(
          "mql_id",
          "seller_id",
          "sdr_id",
          "sr_id",
          "won_date",
          "business_segment",
          "lead_type",
          "lead_behaviour_profile",
          "has_company",
          "has_gtin",
          "average_stock",
          "business_type",
          "declared_product_catalog_size",
          "declared_monthly_revenue");

  /** Deal columns that become attributes of the won interaction, under the source's names. */
  private static final List<String> DEAL_ATTRIBUTES = DEAL_COLUMNS.subList(1, DEAL_COLUMNS.size());

  private static final String EXTERNAL_ID = "external_id";
  private static final int WON = DEAL_COLUMNS.indexOf("won_date");
  private static final int REVENUE = DEAL_COLUMNS.indexOf("declared_monthly_revenue");

  private record Mql(
      String id, Instant at, LocalDate date, @Nullable String origin, String landingPage) {}

  private record Deal(String mqlId, Instant won, String rep) {}

  private final Map<String, Mql> mqls = new LinkedHashMap<>();
  private final Map<String, Deal> deals = new LinkedHashMap<>();
  private final Set<String> sdrs = new HashSet<>();
  private final Map<String, Long> emptyCells = new LinkedHashMap<>();
  private final Rewritten mqlCsv = new Rewritten();
  private final Rewritten dealCsv = new Rewritten();
  private long mqlRows;
  private long dealRows;
  private long emptyOrigin;
  private long unknownOrigin;
  private long duplicateMqls;
  private long localMidnight;
  private long wonBeforeContact;
  private long wonSameDay;
  private long wonAfterLastMql;
  private long revenueNotDeclared;
  private long sdrIsRep;
  private long dealsWithoutMql;
  private long duplicateDeals;
  private final List<String> movedMqls = new ArrayList<>();

  private OlistMapping() {}

  /** Reads both files of a directory; a missing file or column is a {@link Problem}. */
  public static OlistMapping read(Path dir) {
    var mapping = new OlistMapping();
    mapping.readMqls(file(dir, MQL_FILE));
    mapping.readDeals(file(dir, DEALS_FILE));
    return mapping;
  }

  private static Path file(Path dir, String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw Problem.badRequest(
          "lifecycle.olist-missing-file",
          "No readable "
              + file
              + ": download the Kaggle dataset \"Marketing Funnel by Olist\" and unpack it into "
              + dir
              + ".");
    }
    return file;
  }

  private void readMqls(Path file) {
    try (CsvFile csv = CsvFile.open(file, ',')) {
      List<Integer> at = columns(file, csv.header(), MQL_COLUMNS);
      List<String> header = new ArrayList<>(csv.header());
      header.add(EXTERNAL_ID);
      mqlCsv.row(1, header);
      for (CsvFile.Row row; (row = csv.next()) != null; ) {
        mqlRows++;
        List<String> cells = new ArrayList<>(row.cells());
        String id = cell(cells, at.get(0));
        String date = cell(cells, at.get(1));
        String origin = cell(cells, at.get(3));
        if (id != null && mqls.containsKey(id)) {
          duplicateMqls++;
          continue;
        }
        if (origin == null) {
          emptyOrigin++;
        } else if (origin.equals("unknown")) {
          unknownOrigin++;
        }
        if (date != null && id != null) {
          try {
            LocalDate day = LocalDate.parse(date);
            Instant instant = day.atStartOfDay(BRAZIL).toInstant();
            cells.set(at.get(1), instant.toString());
            mqls.put(id, new Mql(id, instant, day, origin, String.valueOf(cell(cells, at.get(2)))));
          } catch (DateTimeParseException e) {
            // Left as written: the generic import rejects the row, naming its line.
          }
        }
        cells.add(id == null ? "" : "mql:" + id);
        mqlCsv.row(row.line(), cells);
      }
    }
  }

  private void readDeals(Path file) {
    LocalDate lastMql =
        mqls.values().stream().map(Mql::date).max(LocalDate::compareTo).orElse(null);
    try (CsvFile csv = CsvFile.open(file, ',')) {
      List<Integer> at = columns(file, csv.header(), DEAL_COLUMNS);
      List<String> header = new ArrayList<>(csv.header());
      header.add(EXTERNAL_ID);
      dealCsv.row(1, header);
      var sdrIds = new HashSet<String>();
      var repIds = new HashSet<String>();
      for (CsvFile.Row row; (row = csv.next()) != null; ) {
        dealRows++;
        List<String> cells = new ArrayList<>(row.cells());
        String id = cell(cells, at.get(0));
        if (id != null && deals.containsKey(id)) {
          duplicateDeals++;
          continue;
        }
        if (id != null && !mqls.containsKey(id)) {
          dealsWithoutMql++;
          continue;
        }
        for (int i = 1; i < DEAL_COLUMNS.size(); i++) {
          if (i != WON && cell(cells, at.get(i)) == null) {
            emptyCells.merge(DEAL_COLUMNS.get(i), 1L, Long::sum);
          }
        }
        if ("0.0".equals(cell(cells, at.get(REVENUE)))) {
          revenueNotDeclared++;
          cells.set(at.get(REVENUE), "");
        }
        String sdr = cell(cells, at.get(2));
        String rep = cell(cells, at.get(3));
        if (sdr != null) {
          sdrIds.add(sdr);
          if (sdr.equals(rep)) {
            sdrIsRep++;
          }
        }
        if (rep != null) {
          repIds.add(rep);
        }
        String won = cell(cells, at.get(WON));
        if (id != null && won != null) {
          try {
            Instant instant = LocalDateTime.parse(won.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            cells.set(at.get(WON), instant.toString());
            Mql mql = mqls.get(id);
            if (instant.atZone(BRAZIL).toLocalTime().equals(LocalTime.MIDNIGHT)) {
              localMidnight++;
            }
            LocalDate wonDay = instant.atZone(BRAZIL).toLocalDate();
            if (instant.isBefore(mql.at())) {
              wonBeforeContact++;
              movedMqls.add(id);
            } else if (wonDay.equals(mql.date())) {
              wonSameDay++;
            }
            if (lastMql != null && wonDay.isAfter(lastMql)) {
              wonAfterLastMql++;
            }
            deals.put(id, new Deal(id, instant, rep));
          } catch (DateTimeParseException e) {
            // Left as written: the generic import rejects the row, naming its line.
          }
        }
        cells.add(id == null ? "" : "won:" + id);
        dealCsv.row(row.line(), cells);
      }
      sdrIds.retainAll(repIds);
      sdrs.addAll(sdrIds);
    }
  }

  private static List<Integer> columns(Path file, List<String> header, List<String> names) {
    var at = new ArrayList<Integer>();
    var missing = new ArrayList<FieldError>();
    for (String name : names) {
      int index = header.indexOf(name);
      if (index < 0) {
        missing.add(new FieldError("header " + name, "is missing"));
      }
      at.add(index);
    }
    if (!missing.isEmpty()) {
      throw CsvFile.fileError(
          "lifecycle.olist-missing-column",
          file.getFileName()
              + " lacks Olist's columns: is it the original file? (Some copies were re-saved by a"
              + " spreadsheet and lost columns.)",
          missing);
    }
    return at;
  }

  private static @Nullable String cell(List<String> cells, int index) {
    if (index >= cells.size()) {
      return null;
    }
    String value = cells.get(index).trim();
    return value.isEmpty() ? null : value;
  }

  /**
   * A file rewritten for the generic import, each row on its source line (blank lines fill the
   * gaps, which the import skips), so a row error names the line of the source file.
   */
  private static final class Rewritten {
    private final StringBuilder csv = new StringBuilder();
    private long lines;

    void row(long line, List<String> cells) {
      for (; lines + 1 < line; lines++) {
        csv.append('\n');
      }
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          csv.append(',');
        }
        String cell = cells.get(i);
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0) {
          csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
        } else {
          csv.append(cell);
        }
      }
      csv.append('\n');
      lines++;
    }

    Reader reader() {
      return new StringReader(csv.toString());
    }
  }

  /** The MQL file as the generic import reads it: first contacts as instants, external ids. */
  public Reader mqlInteractions() {
    return mqlCsv.reader();
  }

  /**
   * A person per lead keyed {@code olist:<mql_id>}, one {@code form_submitted} marketing
   * interaction at first contact; origin is the channel, the landing page both campaign and
   * content.
   */
  public Options mqlOptions() {
    var map = new LinkedHashMap<String, String>();
    map.put("externalId", EXTERNAL_ID);
    map.put("personExternalId", "mql_id");
    map.put("occurredAt", "first_contact_date");
    map.put("channel", "origin");
    map.put("campaign", "landing_page_id");
    map.put("content", "landing_page_id");
    return new Options(map, constants("marketing", "form_submitted"), false, OnError.ABORT, ',');
  }

  /** The deals file as the generic import reads it: wins as UTC instants, 0.0 revenue emptied. */
  public Reader dealInteractions() {
    return dealCsv.reader();
  }

  /** One {@code deal_won} sales interaction per deal, its descriptive columns as attributes. */
  public Options dealOptions() {
    var map = new LinkedHashMap<String, String>();
    map.put("externalId", EXTERNAL_ID);
    map.put("personExternalId", "mql_id");
    map.put("occurredAt", "won_date");
    DEAL_ATTRIBUTES.stream()
        .filter(c -> !c.equals("won_date"))
        .forEach(c -> map.put("attr." + c, c));
    return new Options(map, constants("sales", "deal_won"), false, OnError.ABORT, ',');
  }

  private static Map<String, String> constants(String department, String type) {
    var set = new LinkedHashMap<String, String>();
    set.put("source", SOURCE);
    set.put("personSource", SOURCE);
    set.put("department", department);
    set.put("type", type);
    return set;
  }

  /** The mql_ids of the leads, in file order. */
  public List<String> leadIds() {
    return List.copyOf(mqls.keySet());
  }

  /** The sales reps who closed deals (sr_id), in file order. */
  public Set<String> reps() {
    var reps = new LinkedHashSet<String>();
    deals
        .values()
        .forEach(d -> {
          if (d.rep() != null) {
            reps.add(d.rep());
          }
        });
    return reps;
  }

  /**
   * The e-mail of the workspace member standing for each sales rep: {@code sr-<first 8
   * hex>@olist.invalid}, or the whole id where two reps share those 8 digits.
   */
  public Map<String, String> repEmails() {
    var prefixes = new LinkedHashMap<String, Long>();
    reps().forEach(r -> prefixes.merge(prefix(r), 1L, Long::sum));
    var emails = new LinkedHashMap<String, String>();
    reps()
        .forEach(r -> {
          String local = prefixes.get(prefix(r)) == 1 ? prefix(r) : r.toLowerCase(Locale.ROOT);
          emails.put(r, "sr-" + local + "@olist.invalid");
        });
    return emails;
  }

  private static String prefix(String rep) {
    return rep.substring(0, Math.min(8, rep.length())).toLowerCase(Locale.ROOT);
  }

  /**
   * The leads' pasts as one row per stage change, for the generic pipeline import: mql at first
   * contact, and for a won deal won at the win, owned by its sales rep (the import implies sal and
   * sql at the win, as Olist records neither). First touch: origin as the lead's source, landing
   * page as its campaign. Columns: {@code mql_id, stage, at, owner, origin, landing_page_id,
   * comment}.
   */
  public Reader pipeline() {
    var csv = new Rewritten();
    csv.row(1, List.of("mql_id", "stage", "at", "owner", "origin", "landing_page_id", "comment"));
    long line = 1;
    Map<String, String> emails = repEmails();
    for (Mql mql : mqls.values()) {
      Deal deal = deals.get(mql.id());
      boolean moved = deal != null && deal.won().isBefore(mql.at());
      csv.row(
          ++line,
          List.of(
              mql.id(),
              "mql",
              (moved ? deal.won() : mql.at()).toString(),
              "",
              mql.origin() == null ? "" : mql.origin(),
              mql.landingPage(),
              moved
                  ? "Olist's first contact "
                      + mql.date()
                      + " is after the win; mql moved to the win"
                  : ""));
    }
    for (Mql mql : mqls.values()) {
      Deal deal = deals.get(mql.id());
      if (deal != null) {
        csv.row(
            ++line,
            List.of(
                mql.id(),
                "won",
                deal.won().toString(),
                deal.rep() == null ? "" : emails.get(deal.rep()),
                mql.origin() == null ? "" : mql.origin(),
                mql.landingPage(),
                ""));
      }
    }
    return csv.reader();
  }

  /** How the pipeline import reads {@link #pipeline()}: one row per stage change, keyed olist. */
  public static java.util.Map<String, String> pipelineMapping() {
    var map = new LinkedHashMap<String, String>();
    map.put("id", "mql_id");
    map.put("stage", "stage");
    map.put("at", "at");
    map.put("owner", "owner");
    map.put("leadSource", "origin");
    map.put("campaign", "landing_page_id");
    map.put("comment", "comment");
    return map;
  }

  public long mqlRows() {
    return mqlRows;
  }

  public long dealRows() {
    return dealRows;
  }

  /** Every quirk of the source, with its count and what was done; integrity faults only if met. */
  public List<Quirk> quirks() {
    var quirks = new ArrayList<Quirk>();
    quirks.add(
        new Quirk(
            "origin empty",
            emptyOrigin,
            "kept apart from 'unknown': no channel on the interaction, no source on the lead"));
    quirks.add(
        new Quirk(
            "origin 'unknown'",
            unknownOrigin,
            "kept as written: channel and lead source 'unknown'"));
    quirks.add(
        new Quirk(
            "first_contact_date without time",
            mqls.size(),
            "read as the start of that day in " + BRAZIL + ", so no same-day win precedes it"));
    quirks.add(
        new Quirk(
            "won_date without zone",
            deals.size(),
            "read as UTC (the local-midnight stamps and business hours in Brazil say so)"));
    quirks.add(
        new Quirk(
            "won_date at local midnight (02:00/03:00 UTC)",
            localMidnight,
            "a date without time in the source; kept as that midnight in " + BRAZIL));
    quirks.add(
        new Quirk(
            "won before first contact",
            wonBeforeContact,
            "the interaction keeps its date; the lead's mql step is moved to the win"
                + (movedMqls.isEmpty() ? "" : " (" + String.join(", ", movedMqls) + ")")));
    quirks.add(
        new Quirk("won on the day of first contact", wonSameDay, "none needed: mql comes first"));
    quirks.add(
        new Quirk(
            "won after the last MQL date",
            wonAfterLastMql,
            "kept; the windows differ, so late cohorts are censored"));
    quirks.add(
        new Quirk(
            "no SAL/SQL timestamps",
            deals.size(),
            "sal and sql recorded at won_date, commented as implied"));
    quirks.add(
        new Quirk(
            "MQLs without a deal (no lost deals in the source)",
            mqls.size() - deals.size(),
            "left at mql"));
    quirks.add(
        new Quirk(
            "declared_monthly_revenue 0.0",
            revenueNotDeclared,
            "means not declared: attribute left out"));
    emptyCells.forEach(
        (column, count) -> quirks.add(new Quirk(column + " empty", count, "attribute left out")));
    quirks.add(
        new Quirk(
            "ids both sdr and sr",
            sdrs.size(),
            "sr_id owns the lead as a sales member; sdr_id is an attribute of the win"));
    quirks.add(new Quirk("sdr_id equals sr_id", sdrIsRep, "kept as written"));
    if (duplicateMqls > 0) {
      quirks.add(new Quirk("duplicate mql_id in " + MQL_FILE, duplicateMqls, "later rows skipped"));
    }
    if (duplicateDeals > 0) {
      quirks.add(
          new Quirk("duplicate mql_id in " + DEALS_FILE, duplicateDeals, "later rows skipped"));
    }
    if (dealsWithoutMql > 0) {
      quirks.add(new Quirk("deal without an MQL", dealsWithoutMql, "skipped"));
    }
    return quirks;
  }
}
