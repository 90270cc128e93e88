package nl.hengel.timeline.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import nl.hengel.engine.Definition.AttributeType;
import nl.hengel.engine.Variables;
import nl.hengel.timeline.AccountImports;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.CsvImports.RowError;
import org.jspecify.annotations.Nullable;

/**
 * The accounts of a CRM's accounts file, read and checked without the database: each row's name,
 * id, domain, parent and attributes, numbers typed as the lead definition reads them; the same
 * account twice with other values; two accounts sharing a key; a parent that is no account.
 */
public final class AccountFile {

  /**
   * Company attributes the lead definition reads as numbers ({@code company.employees} a whole
   * number, {@code company.revenue} a number), by attribute name: stored as JSON numbers, so a rule
   * like {@code company.employees >= 50} compares numbers, and a cell that is no number is an error
   * instead of a silent zero.
   */
  public static final Map<String, AttributeType> NUMBERS = numbers();

  private AccountFile() {}

  /**
   * One account as a row gives it.
   *
   * @param line the line the row starts on
   * @param name the account's name, which is also a key
   * @param id the account's id in the CRM, the key it is known by when there is one
   * @param domain its web domain, normalised (no scheme, path or www.)
   * @param parent the key of the account it belongs to
   * @param attributes the mapped attributes, numbers typed (see {@link #NUMBERS})
   */
  public record Account(
      long line,
      String name,
      @Nullable String id,
      @Nullable String domain,
      @Nullable String parent,
      Map<String, Object> attributes) {

    public Account {
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The key the account is known by: its id where the row has one, else its name. */
    public String key() {
      return id != null ? id : name;
    }

    /** Every key of the account: its id, if any, and its name. */
    public List<String> keys() {
      return id == null || id.equals(name) ? List.of(name) : List.of(id, name);
    }

    /** The attributes to store: the row's, and the parent's key under {@code parent}. */
    public Map<String, Object> stored() {
      var result = new LinkedHashMap<String, Object>(attributes);
      if (parent != null) {
        result.put(AccountImports.PARENT, parent);
      }
      return result;
    }

    private boolean sameAs(Account other) {
      return name.equals(other.name)
          && Objects.equals(id, other.id)
          && Objects.equals(domain, other.domain)
          && Objects.equals(parent, other.parent)
          && attributes.equals(other.attributes);
    }
  }

  /** The account of a row, or null with its faults added to {@code errors}. */
  public static @Nullable Account read(CsvFile.Row row, CsvMapping m, List<RowError> errors) {
    long line = row.line();
    if (row.cells().size() != m.width()) {
      errors.add(
          new RowError(
              line,
              null,
              "row",
              "has "
                  + row.cells().size()
                  + " cells where the header has "
                  + m.width()
                  + " (a missing or extra delimiter, or an unquoted one inside a value?)"));
      return null;
    }
    List<String> cells = row.cells();
    int before = errors.size();
    String name = m.value("name", cells);
    if (name == null) {
      errors.add(error(line, m, "name", "is empty: every account needs its name"));
    } else if (name.length() > AccountImports.MAX_KEY) {
      errors.add(
          error(line, m, "name", "is longer than " + AccountImports.MAX_KEY + " characters"));
    }
    String id = m.value("id", cells);
    if (id != null && id.length() > AccountImports.MAX_KEY) {
      errors.add(error(line, m, "id", "is longer than " + AccountImports.MAX_KEY + " characters"));
    }
    String domain = null;
    String website = m.value("domain", cells);
    if (website != null) {
      domain = domain(website);
      if (domain == null) {
        errors.add(
            error(line, m, "domain", "'" + website + "' is not an internet domain, e.g. acme.com"));
      } else if (Emails.isFreeMail(domain)) {
        errors.add(error(line, m, "domain", domain + " is a free-mail domain, not a company's"));
      }
    }
    String parent = m.value("parent", cells);
    var attributes = new LinkedHashMap<String, Object>();
    Map<String, Object> raw = m.attributes(cells);
    if (raw != null) {
      raw.forEach((attribute, value) -> {
        AttributeType type = NUMBERS.get(attribute);
        if (type == null) {
          attributes.put(attribute, value);
          return;
        }
        Object number = number((String) value, type);
        if (number == null) {
          errors.add(
              error(
                  line,
                  m,
                  CsvMapping.ATTRIBUTE + attribute,
                  "'"
                      + value
                      + "' is not "
                      + (type == AttributeType.INT
                          ? "a whole number, e.g. 250"
                          : "a number, e.g. 1137.16 (a point before decimals, no thousands"
                              + " separators)")
                      + ": company."
                      + attribute
                      + " is read as a number"));
        } else {
          attributes.put(attribute, number);
        }
      });
    }
    if (errors.size() > before) {
      return null;
    }
    return new Account(line, name, id, domain, parent, attributes);
  }

  /**
   * The accounts of the file, one per key, in file order. A key given again with the same values is
   * the same account; with other values it is an error on the later line, as is a key (a name or an
   * id) that two accounts share.
   */
  public static List<Account> distinct(List<Account> rows, CsvMapping m, List<RowError> errors) {
    var byKey = new LinkedHashMap<String, Account>();
    var owner = new HashMap<String, Account>();
    for (Account row : rows) {
      Account first = byKey.get(row.key());
      if (first != null) {
        if (!first.sameAs(row)) {
          String field = firstDifference(first, row);
          errors.add(
              error(
                  row.line(),
                  m,
                  field,
                  "account '"
                      + row.key()
                      + "' is on line "
                      + first.line()
                      + " too, with other values: "
                      + differences(first, row)));
        }
        continue;
      }
      boolean clash = false;
      for (String key : row.keys()) {
        Account other = owner.get(key);
        if (other != null) {
          String field = key.equals(row.name()) ? "name" : "id";
          errors.add(
              error(
                  row.line(),
                  m,
                  field,
                  "'"
                      + key
                      + "' is also "
                      + (key.equals(other.name()) ? "the name" : "the id")
                      + " of account '"
                      + other.name()
                      + "' on line "
                      + other.line()
                      + "; names and ids are keys of one account each"));
          clash = true;
        }
      }
      if (clash) {
        continue;
      }
      byKey.put(row.key(), row);
      row.keys().forEach(k -> owner.put(k, row));
    }
    return List.copyOf(byKey.values());
  }

  /**
   * What a row says about accounts, even when it is invalid otherwise: the keys it gives (its name
   * and id) and its parent's key. Parents are checked against every row, so a row with a bad number
   * still shows its unknown parent, and still counts as an account others may name.
   */
  public record Reference(long line, List<String> keys, @Nullable String parent) {}

  /** The reference of a row, or null when its cells do not fit the header. */
  public static @Nullable Reference reference(CsvFile.Row row, CsvMapping m) {
    if (row.cells().size() != m.width()) {
      return null;
    }
    var keys = new ArrayList<String>(2);
    for (String field : List.of("id", "name")) {
      String key = m.value(field, row.cells());
      if (key != null) {
        keys.add(key);
      }
    }
    return new Reference(row.line(), List.copyOf(keys), m.value("parent", row.cells()));
  }

  /**
   * Each parent must be an account of the file or one known before under the same source ({@code
   * known}), and not the account itself.
   */
  public static void checkParents(
      List<Reference> rows, Set<String> known, String source, CsvMapping m, List<RowError> errors) {
    var keys = new java.util.HashSet<String>(known);
    rows.forEach(r -> keys.addAll(r.keys()));
    for (Reference row : rows) {
      String parent = row.parent();
      if (parent == null) {
        continue;
      }
      if (row.keys().contains(parent)) {
        errors.add(error(row.line(), m, "parent", "an account cannot be its own parent"));
      } else if (!keys.contains(parent)) {
        errors.add(
            error(
                row.line(),
                m,
                "parent",
                "'"
                    + parent
                    + "' is no account of this file, nor one known from "
                    + source
                    + " before"));
      }
    }
  }

  /**
   * A web domain as a CRM's website column writes it ({@code https://www.Acme.com/about}), as the
   * domain alone ({@code acme.com}); null when it is none.
   */
  public static @Nullable String domain(String website) {
    String value = website.trim().toLowerCase(Locale.ROOT);
    int scheme = value.indexOf("://");
    if (scheme >= 0) {
      value = value.substring(scheme + 3);
    }
    for (char end : new char[] {'/', '?', '#', ':'}) {
      int at = value.indexOf(end);
      if (at >= 0) {
        value = value.substring(0, at);
      }
    }
    if (value.startsWith("www.")) {
      value = value.substring(4);
    }
    if (value.endsWith(".")) {
      value = value.substring(0, value.length() - 1);
    }
    String domain = value;
    return Emails.normalise("x@" + domain).isPresent() && domain.length() <= 253 ? domain : null;
  }

  /** The cell as the number the engine reads, or null when it is none. */
  public static @Nullable Object number(String text, AttributeType type) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (type == AttributeType.INT) {
      try {
        return value.stripTrailingZeros().scale() <= 0 ? value.longValueExact() : null;
      } catch (ArithmeticException e) {
        return null;
      }
    }
    double d = value.doubleValue();
    return Double.isInfinite(d) ? null : d;
  }

  private static String firstDifference(Account a, Account b) {
    if (!a.name().equals(b.name())) {
      return "name";
    }
    if (!Objects.equals(a.domain(), b.domain())) {
      return "domain";
    }
    if (!Objects.equals(a.parent(), b.parent())) {
      return "parent";
    }
    for (String attribute : attributeNames(a, b)) {
      if (!Objects.equals(a.attributes().get(attribute), b.attributes().get(attribute))) {
        return CsvMapping.ATTRIBUTE + attribute;
      }
    }
    return "row";
  }

  private static String differences(Account a, Account b) {
    var parts = new ArrayList<String>();
    difference(parts, "name", a.name(), b.name());
    difference(parts, "domain", a.domain(), b.domain());
    difference(parts, "parent", a.parent(), b.parent());
    for (String attribute : attributeNames(a, b)) {
      difference(parts, attribute, a.attributes().get(attribute), b.attributes().get(attribute));
    }
    return String.join(", ", parts);
  }

  private static void difference(
      List<String> parts, String what, @Nullable Object there, @Nullable Object here) {
    if (!Objects.equals(there, here)) {
      parts.add(what + " " + shown(there) + " there, " + shown(here) + " here");
    }
  }

  private static String shown(@Nullable Object value) {
    return value == null ? "empty" : "'" + value + "'";
  }

  private static Set<String> attributeNames(Account a, Account b) {
    var names = new java.util.TreeSet<String>(a.attributes().keySet());
    names.addAll(b.attributes().keySet());
    return names;
  }

  private static RowError error(long line, CsvMapping m, String field, String message) {
    return new RowError(line, m.column(field), field, message);
  }

  private static Map<String, AttributeType> numbers() {
    var result = new TreeMap<String, AttributeType>();
    Variables.DEFAULT_ATTRIBUTES.forEach((name, type) -> {
      if (name.startsWith("company.")
          && (type == AttributeType.INT || type == AttributeType.DOUBLE)) {
        result.put(name.substring("company.".length()), type);
      }
    });
    return Collections.unmodifiableMap(result);
  }
}
