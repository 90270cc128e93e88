package nl.hengel.timeline.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.CsvImports.RowError;
import org.jspecify.annotations.Nullable;

/**
 * The sales agents of a CRM's sales-teams file, read and checked without the database: each row's
 * name, e-mail, team and manager; the same agent twice with other values; a team given two
 * managers.
 */
public final class OwnerFile {

  /** The longest name of a member, as an account holds it. */
  public static final int MAX_NAME = nl.hengel.access.Members.MAX_NAME;

  /** The longest team name. */
  public static final int MAX_TEAM = 100;

  private OwnerFile() {}

  /** A person the file names: by e-mail, or by name only. */
  public record Person(@Nullable String email, String name) {

    /** Who this is, for telling people apart: the e-mail, else the name in lower case. */
    public String identity() {
      return email != null ? email : "name:" + name.toLowerCase(Locale.ROOT);
    }

    /** As the file wrote it. */
    public String shown() {
      return email != null ? email : name;
    }
  }

  /**
   * One agent as a row gives it.
   *
   * @param line the line the row starts on
   * @param agent the agent: the name, and the e-mail where the file has one
   * @param team the team the agent is in, or null when the row names none
   * @param manager the team's manager, by e-mail or by name, or null
   */
  public record Agent(long line, Person agent, @Nullable String team, @Nullable Person manager) {}

  /** The agent of a row, or null with its faults added to {@code errors}. */
  public static @Nullable Agent read(CsvFile.Row row, CsvMapping m, List<RowError> errors) {
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
      errors.add(error(line, m, "name", "is empty: every sales agent needs a name"));
    } else if (name.length() > MAX_NAME) {
      errors.add(error(line, m, "name", "is longer than " + MAX_NAME + " characters"));
    }
    String email = null;
    String written = m.value("email", cells);
    if (written != null) {
      email = Emails.normalise(written).orElse(null);
      if (email == null) {
        errors.add(error(line, m, "email", "'" + written + "' is not an e-mail address"));
      }
    }
    String team = m.value("team", cells);
    if (team != null && (team.length() > MAX_TEAM || team.contains("/"))) {
      errors.add(
          error(line, m, "team", "a team name is 1-" + MAX_TEAM + " characters without '/'"));
    }
    Person manager = null;
    String boss = m.value("manager", cells);
    if (boss != null) {
      if (boss.indexOf('@') >= 0) {
        String address = Emails.normalise(boss).orElse(null);
        if (address == null) {
          errors.add(error(line, m, "manager", "'" + boss + "' is not an e-mail address"));
        } else {
          manager = new Person(address, address);
        }
      } else if (boss.length() > MAX_NAME) {
        errors.add(error(line, m, "manager", "is longer than " + MAX_NAME + " characters"));
      } else {
        manager = new Person(null, boss);
      }
    }
    if (errors.size() > before) {
      return null;
    }
    return new Agent(line, new Person(email, name), team, manager);
  }

  /**
   * The agents of the file, one per person, in file order. The same agent again with the same team
   * and manager is one agent; with others it is an error on the later line. All rows of a team that
   * name a manager must name the same one.
   */
  public static List<Agent> distinct(List<Agent> rows, CsvMapping m, List<RowError> errors) {
    var agents = new LinkedHashMap<String, Agent>();
    var managers = new HashMap<String, Agent>();
    for (Agent row : rows) {
      Agent first = agents.get(row.agent().identity());
      if (first != null) {
        if (!Objects.equals(first.team(), row.team())) {
          errors.add(
              error(
                  row.line(),
                  m,
                  "team",
                  row.agent().shown()
                      + " is on line "
                      + first.line()
                      + " too, in team "
                      + shown(first.team())
                      + ", not "
                      + shown(row.team())));
        } else if (!Objects.equals(identity(first.manager()), identity(row.manager()))) {
          errors.add(
              error(
                  row.line(),
                  m,
                  "manager",
                  row.agent().shown()
                      + " is on line "
                      + first.line()
                      + " too, with manager "
                      + shown(first.manager())
                      + ", not "
                      + shown(row.manager())));
        }
        continue;
      }
      if (row.team() != null && row.manager() != null) {
        Agent other = managers.putIfAbsent(row.team(), row);
        if (other != null && !other.manager().identity().equals(row.manager().identity())) {
          errors.add(
              error(
                  row.line(),
                  m,
                  "manager",
                  "team '"
                      + row.team()
                      + "' has manager "
                      + other.manager().shown()
                      + " on line "
                      + other.line()
                      + ", not "
                      + row.manager().shown()));
          continue;
        }
      }
      agents.put(row.agent().identity(), row);
    }
    return List.copyOf(agents.values());
  }

  private static @Nullable String identity(@Nullable Person person) {
    return person == null ? null : person.identity();
  }

  private static String shown(@Nullable Object value) {
    return switch (value) {
      case null -> "(none)";
      case Person p -> p.shown();
      default -> "'" + value + "'";
    };
  }

  private static RowError error(long line, CsvMapping m, String field, String message) {
    return new RowError(line, m.column(field), field, message);
  }

  /** The manager of each team, from the agents' rows (the first row of a team that names one). */
  public static Map<String, Person> managers(List<Agent> agents) {
    var result = new LinkedHashMap<String, Person>();
    for (Agent a : agents) {
      if (a.team() != null && a.manager() != null) {
        result.putIfAbsent(a.team(), a.manager());
      }
    }
    return result;
  }
}
