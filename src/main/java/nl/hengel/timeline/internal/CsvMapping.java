package nl.hengel.timeline.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.AccountImports;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.CsvImports;
import nl.hengel.timeline.OwnerImports;
import org.jspecify.annotations.Nullable;

/**
 * Which CSV column (or constant) fills which field of a CSV import (people, interactions, accounts,
 * owners). A field takes the column an explicit mapping names, else the column whose header equals
 * the field name ignoring case, spaces, {@code _} and {@code -} ({@code occurred_at}, {@code
 * Occurred At}); a constant replaces a column. {@code attr.NAME} fields put a column into the free
 * attributes under NAME. Every column no field takes is reported as ignored.
 */
public final class CsvMapping {

  /** The prefix of a field that fills one free attribute: {@code attr.path}. */
  public static final String ATTRIBUTE = "attr.";

  /**
   * What an import fills: its fields in their fixed order, those a constant may fill, those only a
   * constant may fill (never a column, not even one named like the field: a CRM's own "source"
   * column is not the system its keys belong to), the fields every file must fill, and whether
   * {@code attr.NAME} fields are taken.
   */
  public enum Kind {
    PEOPLE(CsvImports.PEOPLE_FIELDS, CsvImports.PEOPLE_CONSTANTS, "", "", true),
    INTERACTIONS(CsvImports.INTERACTION_FIELDS, CsvImports.INTERACTION_CONSTANTS, "", "", true),
    ACCOUNTS(
        AccountImports.FIELDS, AccountImports.CONSTANTS, AccountImports.CONSTANTS, "name", true),
    OWNERS(OwnerImports.FIELDS, OwnerImports.CONSTANTS, OwnerImports.CONSTANTS, "name", false);

    private final List<String> fields;
    private final Set<String> settable;
    private final Set<String> constantOnly;
    private final List<String> required;
    private final boolean attributes;

    /**
     * Whether a column named like the field fills it without a mapping. A team's manager is named
     * only by an explicit {@code --map manager=COLUMN}: a CRM's teams file has a manager column
     * whether or not its teams are the managers' (teams by regional office have two each).
     */
    boolean matchesByName(String field) {
      return !constantOnly.contains(field) && !(this == OWNERS && field.equals("manager"));
    }

    Kind(String fields, String settable, String constantOnly, String required, boolean attributes) {
      this.fields = names(fields);
      this.settable = Set.copyOf(names(settable));
      this.constantOnly = Set.copyOf(names(constantOnly));
      this.required = names(required);
      this.attributes = attributes;
    }

    private static List<String> names(String commaSeparated) {
      return commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated.split(", "));
    }

    /** The field names, in the order the derived external id hashes them. */
    public List<String> fields() {
      return fields;
    }

    /** The fields a constant may fill instead of a column, in field order. */
    public List<String> settable() {
      return fields.stream().filter(settable::contains).toList();
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where the values of one field come from. */
  private sealed interface From {
    record Column(int index) implements From {}

    record Constant(String value) implements From {}
  }

  private final Kind kind;
  private final List<String> header;
  private final Map<String, From> fields;
  private final Map<String, Integer> attributes;
  private final List<String> ignored;

  private CsvMapping(
      Kind kind,
      List<String> header,
      Map<String, From> fields,
      Map<String, Integer> attributes,
      List<String> ignored) {
    this.kind = kind;
    this.header = header;
    this.fields = fields;
    this.attributes = attributes;
    this.ignored = ignored;
  }

  /**
   * A header or field name compared loosely: lower case, without spaces, {@code _} and {@code -}.
   */
  public static String normalise(String name) {
    var sb = new StringBuilder(name.length());
    for (char c : name.trim().toLowerCase(Locale.ROOT).toCharArray()) {
      if (c != '_' && c != '-' && !Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Checks the mapping and constants on their own, before any file is read: every field known, a
   * constant only where one makes sense, no field both mapped and set.
   */
  public static void checkOptions(
      Kind kind, Map<String, String> mapping, Map<String, String> constants) {
    var errors = new ArrayList<FieldError>();
    mapping.forEach((field, header) -> {
      if (field.startsWith(ATTRIBUTE) && !kind.attributes) {
        errors.add(
            new FieldError("map " + field, "a " + kind.key() + " import takes no attributes"));
      } else if (field.startsWith(ATTRIBUTE)) {
        if (field.length() == ATTRIBUTE.length()) {
          errors.add(new FieldError("map " + field, "names no attribute: use attr.NAME=HEADER"));
        }
      } else if (!kind.fields.contains(field)) {
        errors.add(new FieldError("map " + field, unknownField(kind, field)));
      } else if (kind.constantOnly.contains(field)) {
        errors.add(
            new FieldError(
                "map " + field,
                "cannot come from a column; set it for the whole file (" + field + "=VALUE)"));
      }
      if (header.isBlank()) {
        errors.add(new FieldError("map " + field, "names no header"));
      }
      if (constants.containsKey(field)) {
        errors.add(
            new FieldError(
                "map " + field, "is both mapped to a column and set to a constant; choose one"));
      }
    });
    constants.forEach((field, value) -> {
      if (!kind.fields.contains(field) && !field.startsWith(ATTRIBUTE)) {
        errors.add(new FieldError("set " + field, unknownField(kind, field)));
      } else if (!kind.settable.contains(field)) {
        errors.add(
            new FieldError(
                "set " + field,
                "cannot be a constant; a constant may fill " + String.join(", ", kind.settable())));
      }
    });
    if (!errors.isEmpty()) {
      throw CsvFile.fileError(
          "timeline.csv-invalid-mapping",
          "The column mapping has " + errors.size() + " fault(s).",
          errors);
    }
  }

  private static String unknownField(Kind kind, String field) {
    return "'"
        + field
        + "' is not a field of a "
        + kind.key()
        + " import; the fields are "
        + String.join(", ", kind.fields)
        + (kind.attributes ? " and attr.NAME" : "");
  }

  /**
   * The mapping of a file with this header line. Fails, naming the header or field, on a header
   * that appears twice, a mapped header the file lacks, a header that names no field at all, or a
   * required field with neither a column nor a constant.
   */
  public static CsvMapping of(
      Kind kind, List<String> header, Map<String, String> mapping, Map<String, String> constants) {
    checkOptions(kind, mapping, constants);
    checkDuplicates(header);

    var errors = new ArrayList<FieldError>();
    var explicit = new LinkedHashMap<String, Integer>();
    mapping.forEach((field, name) -> {
      Integer index = find(header, name.trim(), errors, "map " + field);
      if (index != null) {
        explicit.put(field, index);
      }
    });
    if (!errors.isEmpty()) {
      throw CsvFile.fileError(
          "timeline.csv-unknown-header",
          (errors.size() == 1
                  ? "The mapping names a header the file does not have."
                  : "The mapping names headers the file does not have.")
              + delimiterHint(header),
          errors);
    }

    var taken = new HashSet<>(explicit.values());
    var fields = new LinkedHashMap<String, From>();
    for (String field : kind.fields) {
      if (constants.containsKey(field)) {
        fields.put(field, new From.Constant(constants.get(field).trim()));
      } else if (explicit.containsKey(field)) {
        fields.put(field, new From.Column(explicit.get(field)));
      } else if (kind.matchesByName(field)) {
        List<Integer> matches =
            IntStream.range(0, header.size())
                .filter(
                    i -> !taken.contains(i) && normalise(header.get(i)).equals(normalise(field)))
                .boxed()
                .toList();
        if (matches.size() > 1) {
          errors.add(
              new FieldError(
                  "header " + quoted(header, matches),
                  "all match field " + field + "; map one explicitly (" + field + "=HEADER)"));
        } else if (matches.size() == 1) {
          fields.put(field, new From.Column(matches.getFirst()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw CsvFile.fileError(
          "timeline.csv-duplicate-header", "Several headers match one field.", errors);
    }
    var attributes = new TreeMap<String, Integer>();
    explicit.forEach((field, index) -> {
      if (field.startsWith(ATTRIBUTE)) {
        attributes.put(field.substring(ATTRIBUTE.length()), index);
      }
    });

    var used = new HashSet<Integer>(attributes.values());
    fields
        .values()
        .forEach(from -> {
          if (from instanceof From.Column c) {
            used.add(c.index());
          }
        });
    if (used.isEmpty()) {
      throw CsvFile.fileError(
          "timeline.csv-missing-header",
          "The first line names no field, so it is not a header line. A CSV import needs a header line naming the"
              + " columns (e.g. "
              + String.join(",", kind.fields)
              + "), or a mapping of fields to the file's headers."
              + delimiterHint(header),
          List.of(new FieldError("line 1", "names no field: " + String.join(", ", header))));
    }

    checkRequired(kind, fields, header);
    var ignored = new ArrayList<String>();
    for (int i = 0; i < header.size(); i++) {
      if (!used.contains(i)) {
        ignored.add(header.get(i).isEmpty() ? "(column " + (i + 1) + ", no name)" : header.get(i));
      }
    }
    return new CsvMapping(kind, header, fields, attributes, List.copyOf(ignored));
  }

  private static void checkDuplicates(List<String> header) {
    var errors = new ArrayList<FieldError>();
    var seen = new HashSet<String>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      String key = name.toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !seen.add(key)) {
        List<Integer> all =
            IntStream.range(0, header.size())
                .filter(j -> header.get(j).toLowerCase(Locale.ROOT).equals(key))
                .boxed()
                .toList();
        if (all.getFirst() < i && all.get(1) == i) {
          errors.add(
              new FieldError(
                  "header " + name,
                  "appears in columns "
                      + String.join(" and ", all.stream().map(j -> String.valueOf(j + 1)).toList())
                      + "; the names in the header line must be unique"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw CsvFile.fileError(
          "timeline.csv-duplicate-header", "The header line names a column twice.", errors);
    }
  }

  /** The column a mapping names: the header as written, else ignoring case, else normalised. */
  private static @Nullable Integer find(
      List<String> header, String name, List<FieldError> errors, String pointer) {
    for (Predicate<String> matches :
        List.<Predicate<String>>of(
            h -> h.equals(name),
            h -> h.equalsIgnoreCase(name),
            h -> normalise(h).equals(normalise(name)))) {
      List<Integer> found =
          IntStream.range(0, header.size())
              .filter(i -> matches.test(header.get(i)))
              .boxed()
              .toList();
      if (found.size() == 1) {
        return found.getFirst();
      }
      if (found.size() > 1) {
        errors.add(
            new FieldError(
                pointer,
                "header '" + name + "' matches several columns: " + quoted(header, found)));
        return null;
      }
    }
    errors.add(
        new FieldError(
            pointer,
            "header '"
                + name
                + "' is not in the file; its headers are: "
                + String.join(", ", header)));
    return null;
  }

  private static void checkRequired(Kind kind, Map<String, From> fields, List<String> header) {
    var errors = new ArrayList<FieldError>();
    Predicate<String> has = fields::containsKey;
    if (kind == Kind.INTERACTIONS) {
      for (String field : List.of("source", "occurredAt", "department", "type")) {
        if (!has.test(field)) {
          errors.add(
              new FieldError(
                  "field " + field,
                  "is required: no column is named "
                      + field
                      + (kind.settable.contains(field)
                          ? "; map a column ("
                              + field
                              + "=HEADER) or set a constant ("
                              + field
                              + "=VALUE)"
                          : "; map a column (" + field + "=HEADER)")));
        }
      }
      if (!has.test("email") && !has.test("personExternalId") && !has.test("personId")) {
        errors.add(
            new FieldError(
                "field email",
                "is required to know the person, unless personExternalId or personId"
                    + " is mapped: no column is named email, personExternalId or personId"));
      }
    } else if (kind == Kind.PEOPLE && !has.test("email") && !has.test("personExternalId")) {
      errors.add(
          new FieldError(
              "field email",
              "is required to know the person, unless personExternalId is mapped:"
                  + " no column is named email or personExternalId"));
    }
    for (String field : kind.required) {
      if (!has.test(field)) {
        errors.add(
            new FieldError(
                "field " + field,
                "is required: no column is named "
                    + field
                    + "; map a column ("
                    + field
                    + "=HEADER)"));
      }
    }
    if (has.test("personExternalId") && !has.test("personSource")) {
      errors.add(
          new FieldError(
              "field personSource",
              "is required with personExternalId: the system the key belongs to;"
                  + " map a column (personSource=HEADER) or set a constant (personSource=VALUE)"));
    }
    if (!errors.isEmpty()) {
      throw CsvFile.fileError(
          "timeline.csv-missing-field",
          "The file has no column for "
              + errors.size()
              + " required field(s)."
              + delimiterHint(header),
          errors);
    }
  }

  /** A header read as one column that holds another delimiter most likely was split by that one. */
  private static String delimiterHint(List<String> header) {
    if (header.size() == 1) {
      for (char c : new char[] {';', ',', '\t', '|'}) {
        if (header.getFirst().indexOf(c) >= 0) {
          return " The header line was read as one column holding '"
              + (c == '\t' ? "\\t" : String.valueOf(c))
              + "': is that the delimiter? Set it with the delimiter option ("
              + (c == '\t' ? "tab" : String.valueOf(c))
              + ").";
        }
      }
    }
    return "";
  }

  private static String quoted(List<String> header, List<Integer> indexes) {
    return String.join(", ", indexes.stream().map(i -> "'" + header.get(i) + "'").toList());
  }

  public Kind kind() {
    return kind;
  }

  /** How many cells a row must have: one per header column. */
  public int width() {
    return header.size();
  }

  /** True when a column or constant fills the field. */
  public boolean has(String field) {
    return fields.containsKey(field);
  }

  /** The field's value in this row, trimmed; null when it is blank or the field is not mapped. */
  public @Nullable String value(String field, List<String> cells) {
    From from = fields.get(field);
    return switch (from) {
      case null -> null;
      case From.Constant c -> c.value().isEmpty() ? null : c.value();
      case From.Column c -> cell(cells, c.index());
    };
  }

  /** The header of the column that fills the field, or null when a constant or nothing fills it. */
  public @Nullable String column(String field) {
    if (field.startsWith(ATTRIBUTE)) {
      Integer index = attributes.get(field.substring(ATTRIBUTE.length()));
      return index == null ? null : header.get(index);
    }
    return fields.get(field) instanceof From.Column c ? header.get(c.index()) : null;
  }

  /** The row's non-blank attribute cells by attribute name, or null when there are none. */
  public @Nullable Map<String, Object> attributes(List<String> cells) {
    Map<String, Object> result = null;
    for (Map.Entry<String, Integer> a : attributes.entrySet()) {
      String value = cell(cells, a.getValue());
      if (value != null) {
        if (result == null) {
          result = new LinkedHashMap<>();
        }
        result.put(a.getKey(), value);
      }
    }
    return result;
  }

  /**
   * The external id of a row that has no externalId column: {@code csv-} and the first 24 hex
   * digits of the SHA-256 of the row's mapped values (constants included) in field order, then its
   * attributes by name. The same row under the same mapping always gets the same id, so importing a
   * file again stores nothing new.
   */
  public String derivedExternalId(List<String> cells) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
    var text = new StringBuilder();
    for (String field : kind.fields) {
      if (!field.equals("externalId") && fields.containsKey(field)) {
        String value = value(field, cells);
        text.append(field).append('=').append(value == null ? "" : value).append('\u001f');
      }
    }
    attributes.forEach((name, index) -> {
      String value = cell(cells, index);
      text.append(ATTRIBUTE)
          .append(name)
          .append('=')
          .append(value == null ? "" : value)
          .append('\u001f');
    });
    byte[] hash = sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    return "csv-" + HexFormat.of().formatHex(hash).substring(0, 24);
  }

  /** The header columns no field takes, in file order. */
  public List<String> ignoredColumns() {
    return ignored;
  }

  /**
   * What fills each field: {@code column 'Event date'} or {@code = marketing}, fields in order,
   * then attributes.
   */
  public Map<String, String> describe() {
    var result = new LinkedHashMap<String, String>();
    fields.forEach((field, from) ->
        result.put(
            field,
            switch (from) {
              case From.Column c -> "column '" + header.get(c.index()) + "'";
              case From.Constant c -> "= " + c.value();
            }));
    attributes.forEach(
        (name, index) -> result.put(ATTRIBUTE + name, "column '" + header.get(index) + "'"));
    if (!fields.containsKey("externalId") && kind == Kind.INTERACTIONS) {
      result.put("externalId", "derived from the row's values");
    }
    return result;
  }

  /**
   * The field a validation pointer names, relative to one item: {@code /occurredAt} gives
   * occurredAt, {@code /person/externalKey/id} gives personExternalId, {@code /person} gives
   * person.
   */
  public static String fieldOf(String pointer) {
    String p = pointer.startsWith("/person") ? pointer.substring("/person".length()) : pointer;
    return switch (p) {
      case "" -> "person";
      case "/email" -> "email";
      case "/id" -> "personId";
      case "/externalKey", "/externalKey/id" -> "personExternalId";
      case "/externalKey/source" -> "personSource";
      default -> p.substring(1);
    };
  }

  private static @Nullable String cell(List<String> cells, int index) {
    if (index >= cells.size()) {
      return null;
    }
    String value = cells.get(index).trim();
    return value.isEmpty() ? null : value;
  }
}
