package nl.hengel.imports.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.CsvFile;
import org.jspecify.annotations.Nullable;

/**
 * Which column (or constant) fills which field of a pipeline import. A field takes the column an
 * explicit mapping names, else the column whose header equals the field's name ignoring case,
 * spaces, {@code _} and {@code -} ({@code deal_stage} does not fill {@code stage}; {@code Stage}
 * does). {@code attr.NAME} fields put a column into the person's attributes under NAME; {@code
 * date.STAGE} fields give the date a stage was entered. Columns no field takes are reported.
 */
public final class PipelineColumns implements Opportunities.Fields {

  /**
   * The fields, in the order the report lists them; {@code date.STAGE} and {@code attr.NAME} too.
   */
  public static final List<String> FIELDS =
      List.of(
          "id",
          "stage",
          "at",
          "owner",
          "account",
          "email",
          "firstName",
          "lastName",
          "amount",
          "currency",
          "reason",
          "comment",
          "leadSource",
          "campaign");

  /** The fields a constant may fill; {@code source} only a constant: the system of the ids. */
  public static final Set<String> SETTABLE =
      Set.of("source", "stage", "owner", "account", "currency", "leadSource", "campaign");

  private static final String ATTRIBUTE = "attr.";
  private static final String DATE = "date.";

  private final List<String> header;
  private final Map<String, Integer> columns;
  private final Map<String, String> constants;
  private final List<String> ignored;

  private PipelineColumns(
      List<String> header,
      Map<String, Integer> columns,
      Map<String, String> constants,
      List<String> ignored) {
    this.header = header;
    this.columns = columns;
    this.constants = constants;
    this.ignored = ignored;
  }

  /** The faults of a mapping and constants on their own, before any file is read. */
  public static List<FieldError> check(Map<String, String> mapping, Map<String, String> constants) {
    var errors = new ArrayList<FieldError>();
    mapping.forEach((field, column) -> {
      if (field.equals("source")) {
        errors.add(
            new FieldError(
                "map source",
                "the system of the ids is one value for the file: use --set source=NAME"));
      } else if (!known(field)) {
        errors.add(new FieldError("map " + field, unknown(field)));
      }
      if (column.isBlank()) {
        errors.add(new FieldError("map " + field, "names no column"));
      }
      if (constants.containsKey(field)) {
        errors.add(new FieldError("set " + field, "is mapped to a column too; keep one of them"));
      }
    });
    constants.forEach((field, value) -> {
      if (!SETTABLE.contains(field)) {
        errors.add(
            new FieldError(
                "set " + field,
                "cannot be one value for every row; --set takes "
                    + String.join(", ", new java.util.TreeSet<>(SETTABLE))));
      }
      if (value.isBlank()) {
        errors.add(new FieldError("set " + field, "is empty"));
      }
    });
    if (mapping.containsKey("at") && mapping.keySet().stream().anyMatch(f -> f.startsWith(DATE))) {
      errors.add(
          new FieldError(
              "map at",
              "at (one row per stage change) and date.STAGE (one row per opportunity) do not mix"));
    }
    String source = constants.get("source");
    if (source != null && source.length() > 100) {
      errors.add(new FieldError("set source", "is longer than 100 characters"));
    }
    return errors;
  }

  private static boolean known(String field) {
    if (field.startsWith(ATTRIBUTE)) {
      return field.length() > ATTRIBUTE.length();
    }
    if (field.startsWith(DATE)) {
      return Stage.parse(field.substring(DATE.length())).isPresent();
    }
    return FIELDS.contains(field);
  }

  private static String unknown(String field) {
    if (field.startsWith(DATE)) {
      return "'"
          + field.substring(DATE.length())
          + "' is not a stage: date.STAGE takes one of "
          + String.join(", ", Stage.keys());
    }
    return "is not a field of a pipeline import; the fields are "
        + String.join(", ", FIELDS)
        + ", date.STAGE and attr.NAME";
  }

  /**
   * Resolves the header; a mapped column the file lacks, or a required field without one, is a file
   * error.
   */
  public static PipelineColumns of(
      List<String> header, Map<String, String> mapping, Map<String, String> constants) {
    var errors = new ArrayList<FieldError>();
    var columns = new LinkedHashMap<String, Integer>();
    var used = new java.util.HashSet<Integer>();
    mapping.forEach((field, name) -> {
      int index = indexOf(header, name);
      if (index < 0) {
        errors.add(
            new FieldError(
                "map " + field,
                "the file has no column '"
                    + name
                    + "'; its columns are "
                    + String.join(", ", header)));
      } else {
        columns.put(field.startsWith(DATE) ? field.toLowerCase(Locale.ROOT) : field, index);
        used.add(index);
      }
    });
    for (String field : FIELDS) {
      if (!columns.containsKey(field) && !constants.containsKey(field)) {
        for (int i = 0; i < header.size(); i++) {
          if (!used.contains(i) && normalise(header.get(i)).equals(normalise(field))) {
            columns.put(field, i);
            used.add(i);
            break;
          }
        }
      }
    }
    if (!columns.containsKey("id")) {
      errors.add(
          new FieldError(
              "field id",
              "is required: no column is named id; map the opportunity's id with --map id=COLUMN"));
    }
    if (!columns.containsKey("stage") && !constants.containsKey("stage")) {
      errors.add(
          new FieldError(
              "field stage", "is required: map the stage column with --map stage=COLUMN"));
    }
    if (!errors.isEmpty()) {
      throw CsvFile.fileError(
          "imports.pipeline-invalid-header",
          "The header line does not have the columns the mapping names or the import needs; its"
              + " columns are: "
              + String.join(", ", header)
              + ".",
          errors);
    }
    var ignored = new ArrayList<String>();
    for (int i = 0; i < header.size(); i++) {
      if (!used.contains(i)) {
        ignored.add(header.get(i));
      }
    }
    return new PipelineColumns(
        List.copyOf(header), columns, Map.copyOf(constants), List.copyOf(ignored));
  }

  private static int indexOf(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).equals(name.trim())) {
        return i;
      }
    }
    for (int i = 0; i < header.size(); i++) {
      if (normalise(header.get(i)).equals(normalise(name))) {
        return i;
      }
    }
    return -1;
  }

  private static String normalise(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
  }

  public int width() {
    return header.size();
  }

  @Override
  public boolean has(String field) {
    return columns.containsKey(field) || constants.containsKey(field);
  }

  @Override
  public @Nullable String value(String field, List<String> cells) {
    Integer index = columns.get(field);
    if (index == null) {
      return constants.get(field);
    }
    String value = cells.get(index).trim();
    return value.isEmpty() ? null : value;
  }

  @Override
  public String origin(String field) {
    Integer index = columns.get(field);
    return index != null ? header.get(index) : "--set " + field;
  }

  /** The header of the column a field reads, or null for a constant or an unmapped field. */
  public @Nullable String header(String field) {
    Integer index = columns.get(field);
    return index == null ? null : header.get(index);
  }

  /** The NAMEs of the {@code attr.NAME} fields, in name order. */
  public List<String> attributeNames() {
    return columns.keySet().stream()
        .filter(f -> f.startsWith(ATTRIBUTE))
        .map(f -> f.substring(ATTRIBUTE.length()))
        .sorted()
        .toList();
  }

  /** What fills each field: {@code column 'x'} or {@code = value}. */
  public Map<String, String> describe() {
    var described = new TreeMap<String, String>();
    columns.forEach((field, index) -> described.put(field, "column '" + header.get(index) + "'"));
    constants.forEach((field, value) -> described.put(field, "= " + value));
    return described;
  }

  /** The columns no field takes. */
  public List<String> ignored() {
    return ignored;
  }
}
