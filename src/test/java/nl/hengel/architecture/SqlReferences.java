package nl.hengel.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tables and views that SQL in Java sources names: every string literal and text block is read
 * as SQL, and a name counts when it follows {@code from}, {@code join}, {@code into}, {@code
 * update} or {@code table} (or a comma in a {@code from} list) and is one of the schema's names, so
 * English in messages ("from the file") is never mistaken for a table.
 */
final class SqlReferences {

  /** {@code capability}'s source {@code file} names {@code table} on {@code line}. */
  record Reference(String capability, Path file, int line, String table) {
    @Override
    public String toString() {
      return capability + " reads " + table + " (" + file + ":" + line + ")";
    }
  }

  private static final Pattern NAMED =
      Pattern.compile("(?i)\\b(from|join|into|update|table)\\s+([a-z_][a-z0-9_]*)");
  private static final Pattern FROM_LIST_REST =
      Pattern.compile(
          "(?i)^(?:\\s+(?:as\\s+)?[a-z_][a-z0-9_]*)?((?:\\s*,\\s*[a-z_][a-z0-9_]*(?:\\s+(?:as\\s+)?[a-z_][a-z0-9_]*)?)+)");
  private static final Pattern LIST_ITEM = Pattern.compile(",\\s*([a-z_][a-z0-9_]*)");

  private SqlReferences() {}

  /**
   * Every reference to one of {@code tables} in the Java files under {@code sourceRoot}, whose
   * capability is the first package below {@code rootPackage}.
   */
  static List<Reference> in(Path sourceRoot, String rootPackage, Set<String> tables) {
    Path base = sourceRoot.resolve(rootPackage.replace('.', '/'));
    List<Reference> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(base)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        Path relative = base.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // a class at the root belongs to no capability
        }
        String capability = relative.getName(0).toString();
        for (Literal literal : literals(Files.readString(file))) {
          for (Name name : names(literal.text())) {
            if (tables.contains(name.value())) {
              int line = literal.line() + newlines(literal.text(), name.offset());
              found.add(new Reference(capability, sourceRoot.relativize(file), line, name.value()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private record Literal(int line, String text) {}

  private record Name(int offset, String value) {}

  private static List<Name> names(String sql) {
    List<Name> names = new ArrayList<>();
    Matcher m = NAMED.matcher(sql);
    while (m.find()) {
      names.add(new Name(m.start(2), m.group(2).toLowerCase(Locale.ROOT)));
      if (m.group(1).equalsIgnoreCase("from")) {
        Matcher rest = FROM_LIST_REST.matcher(sql.substring(m.end(2)));
        if (rest.find()) {
          Matcher item = LIST_ITEM.matcher(rest.group(1));
          while (item.find()) {
            int offset = m.end(2) + rest.start(1) + item.start(1);
            names.add(new Name(offset, item.group(1).toLowerCase(Locale.ROOT)));
          }
        }
      }
    }
    return names;
  }

  /** The string literals and text blocks of a Java source, each with the line it starts on. */
  private static List<Literal> literals(String source) {
    List<Literal> literals = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (source.startsWith("//", i)) {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        line += newlines(source.substring(i, end), end - i);
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && source.charAt(end - 1) == '\\') {
          end = source.indexOf("\"\"\"", end + 1);
        }
        end = end < 0 ? n : end;
        literals.add(new Literal(line, source.substring(i + 3, end)));
        line += newlines(source.substring(i, end), end - i);
        i = Math.min(n, end + 3);
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        StringBuilder text = new StringBuilder();
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          if (source.charAt(j) == '\\' && j + 1 < n) {
            char escaped = source.charAt(j + 1);
            text.append(Character.isLetter(escaped) ? ' ' : escaped); // \n, \t: white space
            j += 2;
          } else {
            text.append(source.charAt(j++));
          }
        }
        if (c == '"') {
          literals.add(new Literal(line, text.toString()));
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return literals;
  }

  private static int newlines(String text, int upTo) {
    int count = 0;
    for (int k = 0; k < upTo && k < text.length(); k++) {
      if (text.charAt(k) == '\n') {
        count++;
      }
    }
    return count;
  }
}
