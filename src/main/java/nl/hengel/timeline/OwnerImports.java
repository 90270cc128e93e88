package nl.hengel.timeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Teams;
import nl.hengel.access.Teams.Roster;
import nl.hengel.access.Teams.RosterOutcome;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Role;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.CsvImports.Options;
import nl.hengel.timeline.CsvImports.Outcome;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.internal.CsvMapping;
import nl.hengel.timeline.internal.CsvMapping.Kind;
import nl.hengel.timeline.internal.OwnerFile;
import nl.hengel.timeline.internal.OwnerFile.Agent;
import nl.hengel.timeline.internal.OwnerFile.Person;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Imports a CRM's sales agents and teams, one row per agent, as workspace members and teams (an
 * admin's work). An agent or manager named by e-mail is the member with that e-mail, added as a
 * sales member when new; one named only by name is the member of that display name (ignoring case),
 * or becomes a sales member without a login ({@link Members#ensureSalesMembersWithoutLogin}). Teams
 * are created or updated: each agent joins the team the file gives (leaving the other teams the
 * file names), and a team's manager is the one its rows name. Existing members keep their roles;
 * teams and members the file does not name are left alone. The whole file is checked first; with
 * any error nothing is written. Importing the same file again changes nothing and says so.
 */
@Service
public class OwnerImports {

  /** The fields of an owners import. */
  public static final String FIELDS = "name, email, team, manager, source";

  /** The fields that only a constant fills. */
  public static final String CONSTANTS = "source";

  private final Members members;
  private final Teams teams;
  private final Transactions transactions;

  OwnerImports(Members members, Teams teams, Transactions transactions) {
    this.members = members;
    this.teams = teams;
    this.transactions = transactions;
  }

  /**
   * What an owners import read and did (in a dry run: would do).
   *
   * @param agents different sales agents in the file
   * @param membersAdded agents and managers that became members of the workspace
   * @param membersKnown agents and managers that were members already
   * @param teamsCreated teams created
   * @param teamsUpdated teams whose manager or members changed
   * @param teamsUnchanged teams that already were as the file says
   */
  public record Report(
      Outcome outcome,
      String source,
      long rowsRead,
      long agents,
      long membersAdded,
      long membersKnown,
      long teamsCreated,
      long teamsUpdated,
      long teamsUnchanged,
      Map<String, String> mapping,
      List<String> ignoredColumns,
      List<RowError> errors,
      long errorsNotListed) {

    /** True when no row had an error. */
    public boolean clean() {
      return errors.isEmpty();
    }
  }

  /** Imports the agents and teams of a CSV file as the caller, an admin; see the class comment. */
  public Report run(Caller caller, Path file, Options options) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden(
          "access.forbidden", "Only an admin may import sales owners and teams.");
    }
    if (options.onError() != CsvImports.OnError.ABORT) {
      throw invalidOption("onError", "an owners import writes every row or none (abort)");
    }
    var constants = new LinkedHashMap<>(options.constants());
    constants.putIfAbsent("source", AccountImports.DEFAULT_SOURCE);
    String source = constants.get("source").trim();
    if (source.isEmpty() || source.length() > 100) {
      throw invalidOption("set source", "must be 1-100 characters");
    }
    CsvMapping.checkOptions(Kind.OWNERS, options.mapping(), constants);

    var errors = new ArrayList<RowError>();
    var rows = new ArrayList<Agent>();
    long rowsRead = 0;
    CsvMapping mapping;
    try (CsvFile csv = CsvFile.open(file, options.delimiter())) {
      mapping = CsvMapping.of(Kind.OWNERS, csv.header(), options.mapping(), constants);
      if (mapping.has("manager") && !mapping.has("team")) {
        throw CsvFile.fileError(
            "timeline.csv-missing-field",
            "A manager needs a team: map the team too.",
            List.of(
                new FieldError(
                    "field team",
                    "is required with manager: the team the manager leads; map a column"
                        + " (team=HEADER; team=manager names each team after its manager)")));
      }
      for (CsvFile.Row row; (row = csv.next()) != null; ) {
        rowsRead++;
        Agent agent = OwnerFile.read(row, mapping, errors);
        if (agent != null) {
          rows.add(agent);
        }
      }
    }
    List<Agent> agents = OwnerFile.distinct(rows, mapping, errors);
    long read = rowsRead;
    CsvMapping m = mapping;
    if (!errors.isEmpty()) {
      return new Counts(source, read, agents.size(), m).report(Outcome.REFUSED, errors);
    }
    // A dry run does everything and rolls it back: its counts are exactly what a run would do.
    Outcome done = options.dryRun() ? Outcome.DRY_RUN : Outcome.IMPORTED;
    try {
      return transactions.retryingOnConflict(() -> {
        Report report =
            apply(caller, source, agents, done, new Counts(source, read, agents.size(), m));
        if (!report.clean() || options.dryRun()) {
          throw new Undone(report);
        }
        return report;
      });
    } catch (Undone undone) {
      return undone.report;
    }
  }

  /** Rolls the transaction back, carrying the report of what it did or would have done. */
  private static final class Undone extends RuntimeException {
    final transient Report report;

    Undone(Report report) {
      super(null, null, false, false);
      this.report = report;
    }
  }

  private Report apply(
      Caller caller, String source, List<Agent> agents, Outcome done, Counts counts) {
    WorkspaceId ws = caller.workspace();
    CsvMapping m = counts.mapping;
    List<Member> before = members.list(ws);
    var byEmail = new HashMap<String, Member>();
    var names = new HashMap<String, Long>();
    for (Member member : before) {
      byEmail.put(member.email(), member);
      names.merge(key(member.displayName()), 1L, Long::sum);
    }

    // A manager named by name who is an agent of the file is that agent.
    var agentsByName = new HashMap<String, List<Person>>();
    agents.forEach(a ->
        agentsByName.computeIfAbsent(key(a.agent().name()), k -> new ArrayList<>()).add(a.agent()));
    var errors = new ArrayList<RowError>();
    var managers = new LinkedHashMap<Agent, Person>();
    for (Agent a : agents) {
      if (a.manager() == null) {
        continue;
      }
      Person manager = a.manager();
      if (manager.email() == null) {
        List<Person> same = agentsByName.getOrDefault(key(manager.name()), List.of());
        if (same.size() > 1 && same.stream().map(Person::identity).distinct().count() > 1) {
          errors.add(
              new RowError(
                  a.line(),
                  m.column("manager"),
                  "manager",
                  "'"
                      + manager.name()
                      + "' is the name of "
                      + same.size()
                      + " agents of this file; give the manager's e-mail"));
          continue;
        }
        if (same.size() == 1) {
          manager = same.getFirst();
        }
      }
      managers.put(a, manager);
    }
    if (!errors.isEmpty()) {
      return counts.report(Outcome.REFUSED, errors);
    }

    // Everyone the file names, once.
    var people = new LinkedHashMap<String, Person>();
    agents.forEach(a -> people.putIfAbsent(a.agent().identity(), a.agent()));
    managers.values().forEach(p -> people.putIfAbsent(p.identity(), p));
    var ids = new HashMap<String, UserId>();
    var byName = new LinkedHashSet<String>();
    for (Person p : people.values()) {
      if (p.email() == null) {
        byName.add(p.name());
        if (names.containsKey(key(p.name()))) {
          counts.known++;
        } else {
          counts.added++;
        }
        continue;
      }
      Member member = byEmail.get(p.email());
      if (member == null) {
        member = members.add(ws, p.email(), p.name(), Set.of(Role.SALES));
        counts.added++;
      } else {
        counts.known++;
      }
      ids.put(p.identity(), member.id());
    }
    try {
      members
          .ensureSalesMembersWithoutLogin(ws, source, byName)
          .forEach((name, member) -> ids.put(new Person(null, name).identity(), member.id()));
    } catch (Problem p) {
      if (!p.code().equals(Members.AMBIGUOUS_NAME)) {
        throw p;
      }
      for (FieldError e : p.errors()) {
        String name = key(e.pointer());
        for (Agent a : agents) {
          if (a.agent().email() == null && key(a.agent().name()).equals(name)) {
            errors.add(
                new RowError(
                    a.line(), m.column("name"), "name", "'" + e.pointer() + "' " + e.message()));
          }
          Person manager = managers.get(a);
          if (manager != null && manager.email() == null && key(manager.name()).equals(name)) {
            errors.add(
                new RowError(
                    a.line(),
                    m.column("manager"),
                    "manager",
                    "'" + e.pointer() + "' " + e.message()));
          }
        }
      }
      return counts.report(Outcome.REFUSED, errors);
    }

    var rosters = new LinkedHashMap<String, RosterDraft>();
    for (Agent a : agents) {
      if (a.team() == null) {
        continue;
      }
      RosterDraft draft = rosters.computeIfAbsent(a.team(), t -> new RosterDraft());
      draft.members.add(ids.get(a.agent().identity()));
      Person manager = managers.get(a);
      if (manager != null && draft.manager == null) {
        draft.manager = ids.get(manager.identity());
      }
    }
    Map<String, RosterOutcome> outcomes =
        teams.applyRosters(
            caller,
            rosters.entrySet().stream()
                .map(e -> new Roster(e.getKey(), e.getValue().manager, e.getValue().members))
                .toList());
    outcomes
        .values()
        .forEach(o -> {
          switch (o) {
            case CREATED -> counts.teamsCreated++;
            case UPDATED -> counts.teamsUpdated++;
            case UNCHANGED -> counts.teamsUnchanged++;
          }
        });
    return counts.report(done, List.of());
  }

  /** A team as the rows build it up. */
  private static final class RosterDraft {
    UserId manager;
    final Set<UserId> members = new LinkedHashSet<>();
  }

  /** The counts of one run, and its report. */
  private static final class Counts {
    final String source;
    final long rowsRead;
    final long agents;
    final CsvMapping mapping;
    long added;
    long known;
    long teamsCreated;
    long teamsUpdated;
    long teamsUnchanged;

    Counts(String source, long rowsRead, long agents, CsvMapping mapping) {
      this.source = source;
      this.rowsRead = rowsRead;
      this.agents = agents;
      this.mapping = mapping;
    }

    Report report(Outcome outcome, List<RowError> errors) {
      boolean refused = !errors.isEmpty();
      List<RowError> sorted =
          errors.stream().sorted(Comparator.comparingLong(RowError::line)).toList();
      List<RowError> listed = sorted.subList(0, Math.min(sorted.size(), CsvImports.MAX_ERRORS));
      return new Report(
          refused ? Outcome.REFUSED : outcome,
          source,
          rowsRead,
          agents,
          refused ? 0 : added,
          refused ? 0 : known,
          refused ? 0 : teamsCreated,
          refused ? 0 : teamsUpdated,
          refused ? 0 : teamsUnchanged,
          mapping.describe(),
          mapping.ignoredColumns(),
          List.copyOf(listed),
          sorted.size() - listed.size());
    }
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  private static Problem invalidOption(String option, String message) {
    return new Problem(
        HttpStatus.BAD_REQUEST,
        "timeline.csv-invalid-option",
        option + ": " + message,
        List.of(new FieldError(option, message)));
  }
}
