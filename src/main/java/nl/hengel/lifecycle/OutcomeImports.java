package nl.hengel.lifecycle;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.ExternalKey;
import nl.hengel.timeline.People;
import nl.hengel.timeline.Person;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies lead moves from a CSV file, one move per row in file order (a CRM export of won and lost
 * deals, or a file taking leads sal → sql → won), each as if the caller made it by hand: the same
 * policies, roles and ownership, recorded with the caller as actor. All or nothing: every row is
 * checked and, while no row failed, applied, in one transaction that commits only when every row
 * was fine. A row that fails is skipped and later rows are checked against the leads as the rows
 * before them left them, so one run reports every error; then the transaction rolls back.
 */
@Service
public class OutcomeImports {

  /** The fields of an outcomes import; a column named like a field fills it. */
  public static final List<String> FIELDS =
      List.of(
          "email", "personId", "personSource", "personExternalId", "stage", "reason", "comment");

  /** The most rows one file may hold: one transaction locks every lead it moves. */
  public static final int MAX_ROWS = 10_000;

  /** The most row errors a refusal lists; it counts the rest. */
  public static final int MAX_ERRORS = 1_000;

  private static final int MAX_COMMENT = 2000;

  private final Lifecycle lifecycle;
  private final People people;
  private final TransactionTemplate transactions;

  OutcomeImports(Lifecycle lifecycle, People people, TransactionTemplate transactions) {
    this.lifecycle = lifecycle;
    this.people = people;
    this.transactions = transactions;
  }

  /**
   * One fault of one row.
   *
   * @param line the physical line the row starts on; the header is line 1
   * @param column the header of the column at fault, or null for the row as a whole
   * @param field the field at fault ({@code stage}, {@code reason}, {@code email}, ...) or {@code
   *     row}
   * @param code the stable problem code: the refusing policy's, or {@code lifecycle.outcomes-*}
   * @param message what is wrong; a policy's reason unchanged
   */
  public record RowError(
      long line, @Nullable String column, String field, String code, String message) {}

  /** How an import ended; only {@link Imported} wrote anything. */
  public sealed interface Result {

    /** Data rows read (blank lines are skipped). */
    long rows();

    /** Every row was applied and committed; {@code byStage} counts the moves per target stage. */
    record Imported(long rows, Map<Stage, Long> byStage) implements Result {}

    /** Every row would apply; nothing was written. */
    record DryRun(long rows, Map<Stage, Long> byStage) implements Result {}

    /**
     * Some rows failed, so nothing was written: the errors in line order, at most {@value
     * OutcomeImports#MAX_ERRORS}, and how many more there were.
     */
    record Refused(long rows, long rejected, List<RowError> errors, long errorsNotListed)
        implements Result {}
  }

  /** Imports a file; see the class comment. */
  public Result importFile(Caller caller, Path file, boolean dryRun, char delimiter) {
    return run(caller, () -> CsvFile.open(file, delimiter), dryRun);
  }

  /** Imports UTF-8 bytes as they arrive (a request body); the stream is closed. */
  public Result importStream(Caller caller, InputStream csv, boolean dryRun, char delimiter) {
    return run(caller, () -> CsvFile.open(csv, delimiter), dryRun);
  }

  private interface Source {
    CsvFile open();
  }

  private Result run(Caller caller, Source source, boolean dryRun) {
    if (!caller.mayWrite()) {
      throw Problem.forbidden("access.forbidden", "An analyst reads leads but does not move them.");
    }
    return transactions.execute(status -> {
      try (CsvFile csv = source.open()) {
        Run run = new Run(caller, Columns.of(csv.header()));
        for (CsvFile.Row row; (row = csv.next()) != null; ) {
          run.row(row);
        }
        if (run.errors.rejected > 0 || dryRun) {
          // Nothing the rows did stays: not the moves, their events, nor the webhooks they queued.
          status.setRollbackOnly();
        }
        return run.errors.rejected > 0
            ? new Result.Refused(
                run.rows, run.errors.rejected, List.copyOf(run.errors.list), run.errors.notListed)
            : dryRun
                ? new Result.DryRun(run.rows, run.byStage)
                : new Result.Imported(run.rows, run.byStage);
      }
    });
  }

  /** The state of one import while its rows are read. */
  private final class Run {
    private final Caller caller;
    private final Columns columns;
    private final Errors errors = new Errors();
    private final Map<Stage, Long> byStage = new EnumMap<>(Stage.class);

    /** The line of each person's first failed row: the stage their later rows start from. */
    private final Map<PersonId, Long> failed = new HashMap<>();

    private long rows;

    Run(Caller caller, Columns columns) {
      this.caller = caller;
      this.columns = columns;
    }

    void row(CsvFile.Row row) {
      rows++;
      if (rows > MAX_ROWS) {
        throw new Problem(
            HttpStatus.CONTENT_TOO_LARGE,
            "lifecycle.outcomes-too-many-rows",
            "The file has more than "
                + MAX_ROWS
                + " rows; split it into files of at most "
                + MAX_ROWS
                + " rows.",
            List.of(new FieldError("line " + row.line(), "is row " + rows)));
      }
      long line = row.line();
      List<String> cells = row.cells();
      if (cells.size() != columns.width()) {
        errors.add(
            line,
            new RowError(
                line,
                null,
                "row",
                "lifecycle.outcomes-invalid-row",
                "has "
                    + cells.size()
                    + " cells where the header has "
                    + columns.width()
                    + " (a missing or extra delimiter, or an unquoted one inside a value?)"));
        return;
      }
      var faults = new ArrayList<RowError>();
      Stage stage = stage(line, cells, faults);
      String comment = columns.value("comment", cells);
      if (comment != null && comment.length() > MAX_COMMENT) {
        faults.add(
            invalid(line, "comment", "is " + comment.length() + " characters; at most 2000"));
      }
      PersonId person = person(line, cells, faults);
      if (!faults.isEmpty()) {
        errors.addAll(line, faults);
        if (person != null) {
          failed.putIfAbsent(person, line);
        }
        return;
      }
      Long earlier = failed.get(person);
      if (earlier != null) {
        errors.add(
            line,
            new RowError(
                line,
                null,
                "row",
                "lifecycle.outcomes-not-checked",
                "not checked: this person's row on line "
                    + earlier
                    + " failed, so the stage this row starts from is unknown"));
        return;
      }
      Move move = new Move(stage, columns.value("reason", cells), comment);
      // Checked first, so an expected refusal is a value; move() checks again under the lead's
      // lock.
      if (lifecycle.check(caller, person, move) instanceof Verdict.Refused refused) {
        refuse(line, person, refused.policy(), refused.code(), refused.reason());
        return;
      }
      try {
        lifecycle.move(caller, person, move);
      } catch (Problem p) {
        // The lead changed between check and move. The transaction is now rollback-only, which is
        // what a failed row means here anyway: run() rolls it back.
        refuse(line, person, "", p.code(), p.detail());
        return;
      }
      byStage.merge(stage, 1L, Long::sum);
    }

    private void refuse(long line, PersonId person, String policy, String code, String reason) {
      String field = policy.equals("reason-from-the-list") ? "reason" : "stage";
      errors.add(line, new RowError(line, columns.header(field), field, code, reason));
      failed.putIfAbsent(person, line);
    }

    private @Nullable Stage stage(long line, List<String> cells, List<RowError> faults) {
      String text = columns.value("stage", cells);
      if (text == null) {
        faults.add(invalid(line, "stage", "is required: one of " + stageKeys()));
        return null;
      }
      Optional<Stage> stage = Stage.parse(text);
      if (stage.isEmpty()) {
        faults.add(invalid(line, "stage", "'" + text + "' is not a stage; one of " + stageKeys()));
        return null;
      }
      return stage.get();
    }

    /**
     * The person the row names: by personId, personSource + personExternalId, or email; where it
     * names them several ways, all must find the same person.
     */
    private @Nullable PersonId person(long line, List<String> cells, List<RowError> faults) {
      var found = new LinkedHashMap<String, PersonId>();
      int before = faults.size();
      String id = columns.value("personId", cells);
      if (id != null) {
        try {
          people
              .find(caller.workspace(), new PersonId(Long.parseLong(id)))
              .ifPresentOrElse(
                  p -> found.put("personId", p.id()),
                  () ->
                      faults.add(notFound(line, "personId", "no person with id " + id + " here")));
        } catch (NumberFormatException e) {
          faults.add(invalid(line, "personId", "'" + id + "' is not a person id (a whole number)"));
        }
      }
      String key = columns.value("personExternalId", cells);
      if (key != null) {
        String system = columns.value("personSource", cells);
        if (system == null) {
          faults.add(
              invalid(line, "personSource", "is required with personExternalId: the key's system"));
        } else {
          Optional<Person> p = people.findByKey(caller.workspace(), new ExternalKey(system, key));
          if (p.isPresent()) {
            found.put("personExternalId", p.get().id());
          } else {
            faults.add(
                notFound(
                    line,
                    "personExternalId",
                    "no person with " + system + " key " + key + " here"));
          }
        }
      }
      String email = columns.value("email", cells);
      if (email != null) {
        people
            .findByEmail(caller.workspace(), email)
            .ifPresentOrElse(
                p -> found.put("email", p.id()),
                () ->
                    faults.add(
                        notFound(line, "email", "no person with e-mail " + email + " here")));
      }
      if (found.isEmpty()) {
        if (faults.size() == before) {
          faults.add(
              new RowError(
                  line,
                  null,
                  "person",
                  "lifecycle.outcomes-invalid-row",
                  "names no person: fill email, personId, or personSource + personExternalId"));
        }
        return null;
      }
      if (new HashSet<>(found.values()).size() > 1) {
        faults.add(
            new RowError(
                line,
                null,
                "person",
                "lifecycle.outcomes-invalid-row",
                "names different people: "
                    + found.entrySet().stream()
                        .map(e -> e.getKey() + " is person " + e.getValue().value())
                        .collect(Collectors.joining(", "))));
        return null;
      }
      return found.values().iterator().next();
    }

    private RowError invalid(long line, String field, String message) {
      return new RowError(
          line, columns.header(field), field, "lifecycle.outcomes-invalid-row", message);
    }

    private RowError notFound(long line, String field, String message) {
      return new RowError(
          line, columns.header(field), field, "lifecycle.outcomes-person-not-found", message);
    }
  }

  /** The rows with errors and their errors, in line order (the file is read once, in order). */
  private static final class Errors {
    final List<RowError> list = new ArrayList<>();
    long rejected;
    long notListed;

    void add(long line, RowError error) {
      addAll(line, List.of(error));
    }

    void addAll(long line, List<RowError> errors) {
      rejected++;
      for (RowError e : errors) {
        if (list.size() < MAX_ERRORS) {
          list.add(e);
        } else {
          notListed++;
        }
      }
    }
  }

  /**
   * Which column fills which field: the column whose header equals the field's name ignoring case,
   * spaces, {@code _} and {@code -} ({@code person_id}, {@code Person Id}).
   */
  private record Columns(List<String> header, Map<String, Integer> fields) {

    static Columns of(List<String> header) {
      var fields = new LinkedHashMap<String, Integer>();
      var errors = new ArrayList<FieldError>();
      for (int i = 0; i < header.size(); i++) {
        for (String field : FIELDS) {
          if (normalise(header.get(i)).equals(normalise(field))) {
            Integer other = fields.putIfAbsent(field, i);
            if (other != null) {
              errors.add(
                  new FieldError(
                      "header " + header.get(i),
                      "fills "
                          + field
                          + " as column '"
                          + header.get(other)
                          + "' does; keep one of them"));
            }
          }
        }
      }
      if (!fields.containsKey("stage")) {
        errors.add(
            new FieldError("field stage", "is required: no column is named stage (the target)"));
      }
      if (!fields.containsKey("email")
          && !fields.containsKey("personId")
          && !fields.containsKey("personExternalId")) {
        errors.add(
            new FieldError(
                "field email",
                "is required to know the person, unless personId or personSource +"
                    + " personExternalId is there: no column is named email, personId or"
                    + " personExternalId"));
      }
      if (fields.containsKey("personExternalId") && !fields.containsKey("personSource")) {
        errors.add(
            new FieldError(
                "field personSource",
                "is required with personExternalId: the system the key belongs to"));
      }
      if (!errors.isEmpty()) {
        throw CsvFile.fileError(
            "lifecycle.outcomes-invalid-header",
            "The header line does not name the columns an outcomes import needs ("
                + String.join(", ", FIELDS)
                + "); its columns are: "
                + String.join(", ", header)
                + ".",
            errors);
      }
      return new Columns(header, fields);
    }

    int width() {
      return header.size();
    }

    @Nullable String header(String field) {
      Integer index = fields.get(field);
      return index == null ? null : header.get(index);
    }

    /** The field's cell in this row, trimmed; null when blank or there is no such column. */
    @Nullable String value(String field, List<String> cells) {
      Integer index = fields.get(field);
      if (index == null) {
        return null;
      }
      String value = cells.get(index).trim();
      return value.isEmpty() ? null : value;
    }

    private static String normalise(String name) {
      return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    }
  }

  private static String stageKeys() {
    return Arrays.stream(Stage.values())
        .filter(s -> s != Stage.NEW && s != Stage.MQL)
        .map(Stage::key)
        .collect(Collectors.joining(", "));
  }
}
