package nl.hengel.handoff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Team;
import nl.hengel.access.TeamId;
import nl.hengel.access.TeamMember;
import nl.hengel.access.Teams;
import nl.hengel.handoff.RoutingDecision.Routed;
import nl.hengel.handoff.RoutingDecision.Unrouted;
import nl.hengel.handoff.internal.RoundRobinCursors;
import nl.hengel.handoff.internal.StoredRules;
import nl.hengel.handoff.internal.StoredTerritory;
import nl.hengel.handoff.internal.TerritoryMatch;
import nl.hengel.handoff.internal.TerritoryRules;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.Companies;
import nl.hengel.timeline.Company;
import nl.hengel.timeline.People;
import nl.hengel.timeline.Person;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides who gets a new qualified lead, in this order: the account owner of the lead's company
 * (skipped when unavailable or no longer a member); else the first territory rule that matches (a
 * named user who is unavailable, or a team with no available member, passes the lead on to the next
 * rule); else the fallback team. A team hands out its leads round-robin: members in user id order,
 * the next available one after the member who got the team's previous lead.
 */
@Service
public class Routing {

  private final TerritoryRules rules;
  private final RoundRobinCursors cursors;
  private final AccountOwners owners;
  private final Teams teams;
  private final Members members;
  private final People people;
  private final Companies companies;

  Routing(
      TerritoryRules rules,
      RoundRobinCursors cursors,
      AccountOwners owners,
      Teams teams,
      Members members,
      People people,
      Companies companies) {
    this.rules = rules;
    this.cursors = cursors;
    this.owners = owners;
    this.teams = teams;
    this.members = members;
    this.people = people;
    this.companies = companies;
  }

  /**
   * Routes the person's lead and advances the chosen team's round-robin cursor. Runs in the
   * caller's transaction, which holds the team's cursor lock until it ends: the hand-over and the
   * cursor commit or roll back together.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public RoutingDecision route(WorkspaceId ws, PersonId person) {
    return decide(ws, person, true);
  }

  /** Where the person's lead would go now, without advancing any cursor. */
  @Transactional(readOnly = true)
  public RoutingDecision preview(WorkspaceId ws, PersonId person) {
    return decide(ws, person, false);
  }

  /** The workspace's routing rules, with teams by name and users by e-mail. */
  @Transactional(readOnly = true)
  public RoutingRules rules(WorkspaceId ws) {
    StoredRules stored = rules.load(ws);
    return new RoutingRules(
        stored.territories().stream()
            .map(t ->
                new Territory(
                    t.name(),
                    t.countries(),
                    t.minEmployees(),
                    t.maxEmployees(),
                    t.teamName(),
                    t.userEmail()))
            .toList(),
        stored.fallbackName());
  }

  /**
   * Replaces the workspace's routing rules (admin). Every fault is reported with its JSON pointer,
   * and nothing changes when there is one.
   */
  @Transactional
  public RoutingRules replaceRules(Caller caller, RoutingRules document) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden("access.forbidden", "Only an admin may change the routing rules.");
    }
    rules.replace(caller.workspace(), check(caller.workspace(), document));
    return rules(caller.workspace());
  }

  private StoredRules check(WorkspaceId ws, RoutingRules document) {
    var errors = new ArrayList<FieldError>();
    var territories = new ArrayList<StoredTerritory>();
    var names = new HashSet<String>();
    List<@Nullable Territory> given = document.territories();
    for (int i = 0; i < given.size(); i++) {
      String at = "/territories/" + i;
      Territory t = given.get(i);
      if (t == null) {
        errors.add(new FieldError(at, "must be a territory rule"));
        continue;
      }
      int before = errors.size();
      String name = t.name() == null ? "" : t.name().trim();
      if (name.isEmpty() || name.length() > 200) {
        errors.add(new FieldError(at + "/name", "must be 1-200 characters"));
      } else if (!names.add(name)) {
        errors.add(new FieldError(at + "/name", "'" + name + "' names an earlier rule too"));
      }
      var countries = new ArrayList<String>();
      List<@Nullable String> givenCountries = t.countries() == null ? List.of() : t.countries();
      for (int c = 0; c < givenCountries.size(); c++) {
        String country = givenCountries.get(c);
        if (country == null || country.isBlank() || country.trim().length() > 100) {
          errors.add(new FieldError(at + "/countries/" + c, "must be 1-100 characters"));
        } else {
          countries.add(country.trim());
        }
      }
      if (t.minEmployees() != null && t.minEmployees() < 0) {
        errors.add(new FieldError(at + "/minEmployees", "must not be negative"));
      }
      if (t.maxEmployees() != null && t.maxEmployees() < 0) {
        errors.add(new FieldError(at + "/maxEmployees", "must not be negative"));
      }
      if (t.minEmployees() != null
          && t.maxEmployees() != null
          && t.minEmployees() > t.maxEmployees()) {
        errors.add(new FieldError(at + "/maxEmployees", "is less than minEmployees"));
      }
      boolean hasTeam = t.team() != null && !t.team().isBlank();
      boolean hasUser = t.user() != null && !t.user().isBlank();
      Team team = null;
      Member user = null;
      if (hasTeam == hasUser) {
        errors.add(new FieldError(at, "needs exactly one target: a team or a user"));
      } else if (hasTeam) {
        team = teams.find(ws, t.team()).orElse(null);
        if (team == null) {
          errors.add(new FieldError(at + "/team", "no team '" + t.team() + "' in this workspace"));
        }
      } else {
        user = member(ws, t.user()).orElse(null);
        if (user == null) {
          errors.add(
              new FieldError(at + "/user", "'" + t.user() + "' is not a member of this workspace"));
        }
      }
      if (errors.size() == before) {
        territories.add(
            new StoredTerritory(
                name,
                countries,
                t.minEmployees(),
                t.maxEmployees(),
                team == null ? null : team.id(),
                team == null ? null : team.name(),
                user == null ? null : user.id(),
                user == null ? null : user.email()));
      }
    }
    Team fallback = null;
    if (document.fallbackTeam() != null && !document.fallbackTeam().isBlank()) {
      fallback = teams.find(ws, document.fallbackTeam()).orElse(null);
      if (fallback == null) {
        errors.add(
            new FieldError(
                "/fallbackTeam", "no team '" + document.fallbackTeam() + "' in this workspace"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "handoff.invalid-routing",
          "The routing rules have " + errors.size() + " fault(s); nothing was changed.",
          errors);
    }
    return new StoredRules(
        territories,
        fallback == null ? null : fallback.id(),
        fallback == null ? null : fallback.name());
  }

  private Optional<Member> member(WorkspaceId ws, String email) {
    try {
      return members.findByEmail(ws, email);
    } catch (Problem notAnEmail) {
      return Optional.empty();
    }
  }

  private RoutingDecision decide(WorkspaceId ws, PersonId id, boolean advance) {
    Person person = people.get(ws, id);
    Company company =
        person.company() == null ? null : companies.find(ws, person.company()).orElse(null);
    // Why earlier candidates did not take the lead, to explain the decision.
    var passed = new ArrayList<String>();
    if (company != null) {
      Optional<AccountOwner> owner = owners.find(ws, company.id());
      if (owner.isPresent()) {
        String email = owner.get().ownerEmail();
        Optional<String> away = away(ws, owner.get().owner(), email);
        if (away.isEmpty()) {
          return new Routed(owner.get().owner(), email, null, "account owner of " + label(company));
        }
        passed.add("account owner " + away.get());
      }
    }
    StoredRules stored = rules.load(ws);
    Map<String, Object> attributes = company == null ? null : company.attributes();
    boolean matched = false;
    for (StoredTerritory territory : stored.territories()) {
      if (!TerritoryMatch.matches(territory, attributes)) {
        continue;
      }
      matched = true;
      String rule = "territory '" + territory.name() + "': ";
      if (territory.user() != null) {
        Optional<String> away = away(ws, territory.user(), territory.userEmail());
        if (away.isEmpty()) {
          return new Routed(
              territory.user(),
              territory.userEmail(),
              null,
              rule + "user " + territory.userEmail() + also(passed));
        }
        passed.add(rule + away.get());
      } else {
        Optional<Routed> routed = roundRobin(ws, territory.team(), rule, passed, advance);
        if (routed.isPresent()) {
          return routed.get();
        }
      }
    }
    if (stored.fallback() != null) {
      Optional<Routed> routed = roundRobin(ws, stored.fallback(), "fallback ", passed, advance);
      if (routed.isPresent()) {
        return routed.get();
      }
    } else {
      passed.add(matched ? "no fallback team" : "no territory matched and no fallback team");
    }
    return new Unrouted(String.join("; ", passed));
  }

  /** Why the user cannot take a lead now, or empty when they can. */
  private Optional<String> away(WorkspaceId ws, UserId user, String email) {
    if (members.find(ws, user).isEmpty()) {
      return Optional.of(email + " is no longer a member of this workspace");
    }
    if (!teams.isAvailable(ws, user)) {
      return Optional.of(email + " is unavailable");
    }
    return Optional.empty();
  }

  private Optional<Routed> roundRobin(
      WorkspaceId ws, TeamId id, String prefix, List<String> passed, boolean advance) {
    // The lock comes first, so the members read after it are the ones the pick is made among.
    UserId last = advance ? cursors.lock(id) : cursors.peek(id);
    Team team = teams.find(ws, id).orElseThrow();
    List<TeamMember> available = team.members().stream().filter(TeamMember::available).toList();
    if (available.isEmpty()) {
      passed.add(prefix + "team " + team.name() + " has no available member");
      return Optional.empty();
    }
    TeamMember next =
        available.stream()
            .filter(m -> last == null || m.user().value() > last.value())
            .findFirst()
            .orElse(available.getFirst());
    if (advance) {
      cursors.advance(id, next.user());
    }
    return Optional.of(
        new Routed(
            next.user(),
            next.email(),
            team.id(),
            prefix + "team " + team.name() + ", round-robin" + also(passed)));
  }

  private static String also(List<String> passed) {
    return passed.isEmpty() ? "" : " (" + String.join("; ", passed) + ")";
  }

  private static String label(Company company) {
    if (company.domain() != null) {
      return company.domain();
    }
    return company.name() != null ? company.name() : "company " + company.id().value();
  }
}
