package nl.hengel.timeline;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.internal.CsvMapping;
import nl.hengel.timeline.internal.CsvMapping.Kind;
import nl.hengel.timeline.internal.InteractionValidation;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports people or interactions from a CSV file (UTF-8, a header line, one row per line; see
 * {@link CsvMapping} for how columns become fields). The file is read twice and never held in
 * memory: first to check it whole, then to write it in chunks of {@value #CHUNK} rows, interactions
 * through {@link Ingesting} (idempotent by source + externalId) and people through {@link
 * People#upsertAll}. With {@link OnError#ABORT}, one invalid row means nothing is written. Faults
 * of the file as a whole (not UTF-8, no header, a mapping naming a missing header, a required field
 * without a column) are thrown as {@link Problem}s before any row is read or written.
 */
@Service
public class CsvImports {

  /** The fields of an interactions import, in the order a derived externalId hashes them. */
  public static final String INTERACTION_FIELDS =
      "source, externalId, email, personSource, personExternalId, personId,"
          + " occurredAt, department, channel, type, campaign, content, sentiment";

  /** The fields of an interactions import that a constant may fill instead of a column. */
  public static final String INTERACTION_CONSTANTS =
      "source, personSource, department, channel, type, campaign, content," + " sentiment";

  /** The fields of a people import. */
  public static final String PEOPLE_FIELDS =
      "email, personSource, personExternalId, firstName, lastName, companyDomain";

  /** The fields of a people import that a constant may fill instead of a column. */
  public static final String PEOPLE_CONSTANTS = "personSource";

  /** Rows per write: one ingest call, one transaction. */
  public static final int CHUNK = 5_000;

  /** The most row errors a summary lists; it counts the rest. */
  public static final int MAX_ERRORS = 1_000;

  private final Ingesting ingesting;
  private final People people;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  CsvImports(Ingesting ingesting, People people, JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.ingesting = ingesting;
    this.people = people;
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /**
   * What to do when some rows are invalid: write nothing (the default), or write the valid rows.
   */
  public enum OnError {
    ABORT,
    SKIP;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static OnError parse(String text) {
      for (OnError value : values()) {
        if (value.name().equalsIgnoreCase(text.trim())) {
          return value;
        }
      }
      throw invalidOption("onError", "'" + text + "' is not abort or skip");
    }
  }

  /**
   * How to read and map a file.
   *
   * @param mapping field to header name, overriding the default of the header named like the field;
   *     {@code attr.NAME} puts a column into the free attributes under NAME
   * @param constants field to a value used for every row instead of a column
   * @param dryRun check everything and write nothing
   * @param onError {@link OnError#ABORT} writes nothing when any row is invalid
   * @param delimiter the cell separator: {@code ,} {@code ;} {@code |} or a tab
   */
  public record Options(
      Map<String, String> mapping,
      Map<String, String> constants,
      boolean dryRun,
      OnError onError,
      char delimiter) {

    public Options {
      mapping = Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
      constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
      if (",;|\t".indexOf(delimiter) < 0) {
        throw invalidOption("delimiter", "'" + delimiter + "' is not one of , ; | or tab");
      }
    }

    /** Default headers, no constants, abort on any invalid row, comma-separated. */
    public static Options defaults() {
      return new Options(Map.of(), Map.of(), false, OnError.ABORT, ',');
    }

    /**
     * Pairs written as {@code FIELD=VALUE} (the CLI) or {@code FIELD:VALUE} (the API): split at the
     * first separator, since a field name never holds one and a header may.
     */
    public static Map<String, String> pairs(List<String> values, char separator, String option) {
      var result = new LinkedHashMap<String, String>();
      var errors = new ArrayList<FieldError>();
      for (String value : values) {
        int at = value.indexOf(separator);
        String field = at < 0 ? "" : value.substring(0, at).trim();
        if (field.isEmpty()) {
          errors.add(new FieldError(option + " " + value, "is not FIELD" + separator + "VALUE"));
        } else if (result.putIfAbsent(field, value.substring(at + 1)) != null) {
          errors.add(new FieldError(option + " " + field, "is given twice"));
        }
      }
      if (!errors.isEmpty()) {
        throw new Problem(
            HttpStatus.BAD_REQUEST,
            "timeline.csv-invalid-mapping",
            "The " + option + " option has " + errors.size() + " fault(s).",
            errors);
      }
      return result;
    }

    /** {@code ,} {@code ;} {@code |}, or a tab written as a tab, {@code \t} or {@code tab}. */
    public static char delimiter(String text) {
      if (text.equals("\t") || text.equals("\\t") || text.equalsIgnoreCase("tab")) {
        return '\t';
      }
      if (text.length() != 1 || ",;|".indexOf(text.charAt(0)) < 0) {
        throw invalidOption("delimiter", "'" + text + "' is not one of , ; | or tab");
      }
      return text.charAt(0);
    }
  }

  /** How an import ended: rows written, refused whole because of invalid rows, or only checked. */
  public enum Outcome {
    IMPORTED,
    REFUSED,
    DRY_RUN;

    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One fault of one row.
   *
   * @param line the physical line the row starts on; the header is line 1
   * @param column the header of the column at fault, or null when no one column is (a constant, a
   *     derived value, the row as a whole)
   * @param field the Hengel field at fault, or {@code person} or {@code row}
   */
  public record RowError(long line, @Nullable String column, String field, String message) {}

  /**
   * What an import read, wrote and refused. In a dry run, stored and duplicates are what would be
   * (duplicates counted against the database and within each chunk of rows).
   *
   * @param valid rows that passed validation
   * @param stored interactions stored, or people created or updated
   * @param duplicates interactions whose source + externalId was stored before (people: 0)
   * @param rejected rows not written because of their errors
   * @param mapping what fills each field, e.g. {@code occurredAt: column 'Event date'}
   * @param errors the row errors, at most {@value CsvImports#MAX_ERRORS}, in line order
   * @param errorsNotListed the row errors past that limit
   */
  public record Summary(
      String kind,
      Outcome outcome,
      OnError onError,
      long rowsRead,
      long valid,
      long stored,
      long duplicates,
      long rejected,
      Map<String, String> mapping,
      List<String> ignoredColumns,
      List<RowError> errors,
      long errorsNotListed) {

    /** True when no row was rejected. */
    public boolean clean() {
      return rejected == 0;
    }
  }

  /** Imports interactions; see the class comment. */
  public Summary importInteractions(WorkspaceId ws, Path file, Options options) {
    return run(Kind.INTERACTIONS, new Interactions(ws), file, options);
  }

  /** Imports people, creating or updating each by e-mail and/or external key. */
  public Summary importPeople(WorkspaceId ws, Path file, Options options) {
    return run(Kind.PEOPLE, new PeopleRows(ws), file, options);
  }

  /** Imports interactions from characters, spooled to a temporary file for the two passes. */
  public Summary importInteractions(WorkspaceId ws, Reader csv, Options options) {
    return spooled(csv, file -> importInteractions(ws, file, options));
  }

  /** Imports people from characters, spooled to a temporary file for the two passes. */
  public Summary importPeople(WorkspaceId ws, Reader csv, Options options) {
    return spooled(csv, file -> importPeople(ws, file, options));
  }

  private static Summary spooled(Reader csv, Function<Path, Summary> work) {
    Path file = null;
    try {
      file = Files.createTempFile("hengel-import-", ".csv");
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        csv.transferTo(out);
      }
      return work.apply(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file; the OS cleans up what we could not
        }
      }
    }
  }

  private <T> Summary run(Kind kind, Rows<T> rows, Path file, Options options) {
    CsvMapping.checkOptions(kind, options.mapping(), options.constants());
    Instant now = clock.instant();

    // Pass 1: the whole file is checked before anything is written.
    CsvMapping mapping;
    var checked = new Tally();
    try (CsvFile csv = CsvFile.open(file, options.delimiter())) {
      mapping = CsvMapping.of(kind, csv.header(), options.mapping(), options.constants());
      checkConstants(rows, mapping, now);
      var chunk = new ArrayList<T>();
      for (CsvFile.Row row; (row = csv.next()) != null; ) {
        checked.rowsRead++;
        T item = convert(rows, row, mapping, checked);
        if (item == null) {
          continue;
        }
        List<FieldError> faults = rows.faults(item, now);
        if (!faults.isEmpty()) {
          checked.reject(row.line(), mapping, faults);
          continue;
        }
        checked.valid++;
        if (options.dryRun()) {
          chunk.add(item);
          if (chunk.size() == CHUNK) {
            rows.estimate(chunk, checked);
            chunk.clear();
          }
        }
      }
      if (!chunk.isEmpty()) {
        rows.estimate(chunk, checked);
      }
    }
    if (options.dryRun()) {
      return checked.summary(kind, Outcome.DRY_RUN, options, mapping, checked.valid);
    }
    if (options.onError() == OnError.ABORT && checked.rejected > 0) {
      return checked.summary(kind, Outcome.REFUSED, options, mapping, checked.valid);
    }

    // Pass 2: write in chunks. Rows that fail now (skip mode, or found only by the database) are
    // reported.
    var written = new Tally();
    try (CsvFile csv = CsvFile.open(file, options.delimiter())) {
      mapping = CsvMapping.of(kind, csv.header(), options.mapping(), options.constants());
      var chunk = new ArrayList<T>();
      var lines = new ArrayList<Long>();
      for (CsvFile.Row row; (row = csv.next()) != null; ) {
        written.rowsRead++;
        T item = convert(rows, row, mapping, written);
        if (item != null) {
          chunk.add(item);
          lines.add(row.line());
        }
        if (chunk.size() == CHUNK) {
          rows.write(chunk, lines, mapping, written);
          chunk.clear();
          lines.clear();
        }
      }
      if (!chunk.isEmpty()) {
        rows.write(chunk, lines, mapping, written);
      }
    }
    return written.summary(kind, Outcome.IMPORTED, options, mapping, checked.valid);
  }

  private static <T> @Nullable T convert(
      Rows<T> rows, CsvFile.Row row, CsvMapping mapping, Tally tally) {
    if (row.cells().size() != mapping.width()) {
      tally.rejectRow(
          row.line(),
          "has "
              + row.cells().size()
              + " cells where the header has "
              + mapping.width()
              + " (a missing or extra delimiter, or an unquoted one inside a value?)");
      return null;
    }
    var errors = new ArrayList<FieldError>();
    T item = rows.item(row.cells(), mapping, errors);
    if (!errors.isEmpty()) {
      tally.reject(row.line(), mapping, errors);
      return null;
    }
    return item;
  }

  /** A constant that would fail every row is a fault of the mapping, reported once. */
  private static <T> void checkConstants(Rows<T> rows, CsvMapping mapping, Instant now) {
    T probe = rows.item(List.of(), mapping, new ArrayList<>());
    var errors = new ArrayList<FieldError>();
    for (FieldError e : rows.faults(probe, now)) {
      String field = CsvMapping.fieldOf(e.pointer());
      if (mapping.has(field) && mapping.column(field) == null && !field.equals("externalId")) {
        errors.add(new FieldError("set " + field, e.message()));
      }
    }
    if (!errors.isEmpty()) {
      throw new Problem(
          HttpStatus.BAD_REQUEST,
          "timeline.csv-invalid-mapping",
          "A constant would make every row invalid.",
          errors);
    }
  }

  private static Problem invalidOption(String option, String message) {
    return new Problem(
        HttpStatus.BAD_REQUEST,
        "timeline.csv-invalid-option",
        option + ": " + message,
        List.of(new FieldError(option, message)));
  }

  /** How the rows of one kind become items, are checked and written. */
  private interface Rows<T> {

    /** The item of a row's cells; conversion faults go to {@code errors}. */
    T item(List<String> cells, CsvMapping mapping, List<FieldError> errors);

    /** The item's validation faults, pointers relative to the item. */
    List<FieldError> faults(T item, Instant now);

    /** Writes a chunk; one outcome per item is counted. */
    void write(List<T> items, List<Long> lines, CsvMapping mapping, Tally tally);

    /** In a dry run: counts what the valid items of a chunk would become. */
    void estimate(List<T> items, Tally tally);
  }

  private final class Interactions implements Rows<InteractionInput> {
    private final WorkspaceId ws;

    Interactions(WorkspaceId ws) {
      this.ws = ws;
    }

    @Override
    public InteractionInput item(List<String> cells, CsvMapping m, List<FieldError> errors) {
      Long personId = null;
      String id = m.value("personId", cells);
      if (id != null) {
        try {
          personId = Long.parseLong(id);
        } catch (NumberFormatException e) {
          errors.add(
              new FieldError("/person/id", "'" + id + "' is not a person id (a whole number)"));
        }
      }
      String key = m.value("personExternalId", cells);
      var person =
          new PersonRef(
              personId,
              m.value("email", cells),
              key == null ? null : new ExternalKey(m.value("personSource", cells), key));
      return new InteractionInput(
          m.value("source", cells),
          m.has("externalId") ? m.value("externalId", cells) : m.derivedExternalId(cells),
          person,
          m.value("occurredAt", cells),
          m.value("department", cells),
          m.value("channel", cells),
          m.value("type", cells),
          m.value("campaign", cells),
          m.value("content", cells),
          m.value("sentiment", cells),
          m.attributes(cells));
    }

    @Override
    public List<FieldError> faults(InteractionInput item, Instant now) {
      return switch (InteractionValidation.check(0, item, now, json)) {
        case InteractionValidation.Checked.Valid v -> List.of();
        case InteractionValidation.Checked.Invalid invalid -> invalid.errors();
      };
    }

    @Override
    public void write(
        List<InteractionInput> items, List<Long> lines, CsvMapping mapping, Tally tally) {
      for (IngestOutcome outcome : ingesting.ingest(ws, items)) {
        switch (outcome) {
          case IngestOutcome.Stored s -> tally.stored++;
          case IngestOutcome.Duplicate d -> tally.duplicates++;
          case IngestOutcome.Rejected r -> tally.reject(lines.get(r.index()), mapping, r.errors());
        }
      }
    }

    @Override
    public void estimate(List<InteractionInput> items, Tally tally) {
      var keys = new HashSet<ExternalKey>();
      var bySource = new HashMap<String, List<String>>();
      for (InteractionInput item : items) {
        // Validation trimmed these; the stored key is the trimmed one.
        var key = new ExternalKey(item.source().trim(), item.externalId().trim());
        if (keys.add(key)) {
          bySource.computeIfAbsent(key.source(), s -> new ArrayList<>()).add(key.id());
        } else {
          tally.duplicates++;
        }
      }
      long existing = 0;
      for (Map.Entry<String, List<String>> e : bySource.entrySet()) {
        List<String> ids = e.getValue();
        for (int from = 0; from < ids.size(); from += 1000) {
          existing +=
              jdbc.sql(
                      """
                      select count(*) from interaction
                       where workspace_id = :ws and source = :source and external_id in (:ids)
                      """)
                  .param("ws", ws.value())
                  .param("source", e.getKey())
                  .param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                  .query(Long.class)
                  .single();
        }
      }
      tally.duplicates += existing;
      tally.stored += keys.size() - existing;
    }
  }

  private final class PeopleRows implements Rows<People.PersonUpsert> {
    private final WorkspaceId ws;

    PeopleRows(WorkspaceId ws) {
      this.ws = ws;
    }

    @Override
    public People.PersonUpsert item(List<String> cells, CsvMapping m, List<FieldError> errors) {
      String key = m.value("personExternalId", cells);
      return new People.PersonUpsert(
          m.value("email", cells),
          key == null ? null : new ExternalKey(m.value("personSource", cells), key),
          m.value("firstName", cells),
          m.value("lastName", cells),
          m.value("companyDomain", cells),
          m.attributes(cells));
    }

    @Override
    public List<FieldError> faults(People.PersonUpsert item, Instant now) {
      return People.faults(item);
    }

    @Override
    public void write(
        List<People.PersonUpsert> items, List<Long> lines, CsvMapping mapping, Tally tally) {
      for (People.UpsertOutcome outcome : people.upsertAll(ws, items)) {
        switch (outcome) {
          case People.UpsertOutcome.Upserted u -> tally.stored++;
          case People.UpsertOutcome.Rejected r ->
              tally.reject(lines.get(r.index()), mapping, r.errors());
        }
      }
    }

    @Override
    public void estimate(List<People.PersonUpsert> items, Tally tally) {
      tally.stored += items.size();
    }
  }

  /** The counts and errors of one pass. */
  private static final class Tally {
    long rowsRead;
    long valid;
    long stored;
    long duplicates;
    long rejected;
    long notListed;
    final List<RowError> errors = new ArrayList<>();

    void reject(long line, CsvMapping mapping, List<FieldError> faults) {
      rejected++;
      for (FieldError fault : faults) {
        String field = CsvMapping.fieldOf(fault.pointer());
        add(new RowError(line, mapping.column(field), field, fault.message()));
      }
    }

    void rejectRow(long line, String message) {
      rejected++;
      add(new RowError(line, null, "row", message));
    }

    private void add(RowError error) {
      if (errors.size() < MAX_ERRORS) {
        errors.add(error);
      } else {
        notListed++;
      }
    }

    Summary summary(Kind kind, Outcome outcome, Options options, CsvMapping mapping, long valid) {
      // Rows rejected by the database are known only when their chunk is written, after later rows
      // were read.
      List<RowError> inLineOrder =
          errors.stream().sorted(Comparator.comparingLong(RowError::line)).toList();
      return new Summary(
          kind.key(),
          outcome,
          options.onError(),
          rowsRead,
          valid,
          stored,
          duplicates,
          rejected,
          mapping.describe(),
          mapping.ignoredColumns(),
          inLineOrder,
          notListed);
    }
  }
}
