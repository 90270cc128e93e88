package nl.hengel.access;

import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sales teams of a workspace (a name, an optional manager, members) and each member's availability.
 * Admins change teams; a member sets their own availability, and an admin or the member's team
 * manager may set anyone's.
 */
@Service
public class Teams {

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final Clock clock;

  Teams(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
    this.jdbc = jdbc;
    this.template = template;
    this.clock = clock;
  }

  /** Creates a team; its name must be new in the workspace. */
  @Transactional
  public Team create(Caller caller, TeamSpec spec) {
    requireAdmin(caller, "create teams");
    WorkspaceId ws = caller.workspace();
    Checked team = check(ws, spec);
    if (find(ws, team.name()).isPresent()) {
      throw exists(team.name());
    }
    var keys = new GeneratedKeyHolder();
    try {
      jdbc.sql("insert into team (workspace_id, name, manager_id, created_at) values (?, ?, ?, ?)")
          .params(
              ws.value(),
              team.name(),
              team.manager() == null ? null : team.manager().value(),
              Sql.ts(clock.instant()))
          .update(keys, "id");
    } catch (DuplicateKeyException e) {
      throw exists(team.name());
    }
    long id = keys.getKey().longValue();
    insertMembers(id, team.members());
    return find(ws, new TeamId(id)).orElseThrow();
  }

  /** Replaces a team's name, manager and members at once. */
  @Transactional
  public Team replace(Caller caller, String name, TeamSpec spec) {
    requireAdmin(caller, "change teams");
    WorkspaceId ws = caller.workspace();
    Team current = get(ws, name);
    Checked team = check(ws, spec);
    if (!team.name().equals(current.name()) && find(ws, team.name()).isPresent()) {
      throw exists(team.name());
    }
    try {
      jdbc.sql("update team set name = ?, manager_id = ? where workspace_id = ? and id = ?")
          .params(
              team.name(),
              team.manager() == null ? null : team.manager().value(),
              ws.value(),
              current.id().value())
          .update();
    } catch (DuplicateKeyException e) {
      throw exists(team.name());
    }
    jdbc.sql("delete from team_member where team_id = ?").param(current.id().value()).update();
    insertMembers(current.id().value(), team.members());
    return find(ws, current.id()).orElseThrow();
  }

  /**
   * One team as an import gives it: its name, its manager (null leaves the manager as it is) and
   * the members the import puts in it (workspace members).
   */
  public record Roster(String name, @Nullable UserId manager, Set<UserId> members) {

    public Roster {
      members = Set.copyOf(members);
    }
  }

  /** What {@link #applyRosters} did to one team. */
  public enum RosterOutcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * Brings teams in line with an import, as an admin: creates the teams that do not exist, sets the
   * manager of each roster that names one, and adds each roster's members to its team. A member
   * that a roster puts in one team leaves the other teams of this call (the import moved them);
   * members no roster names stay where they are, and teams no roster names are left alone. The
   * outcome per team name, in roster order.
   */
  @Transactional
  public Map<String, RosterOutcome> applyRosters(Caller caller, List<Roster> rosters) {
    requireAdmin(caller, "change teams");
    WorkspaceId ws = caller.workspace();
    var errors = new ArrayList<FieldError>();
    var home = new HashMap<UserId, String>();
    var names = new HashSet<String>();
    for (int i = 0; i < rosters.size(); i++) {
      Roster roster = rosters.get(i);
      String name = roster.name() == null ? "" : roster.name().trim();
      if (name.isEmpty() || name.length() > 100 || name.contains("/")) {
        errors.add(new FieldError("/" + i + "/name", "must be 1-100 characters without '/'"));
      } else if (!names.add(name)) {
        errors.add(new FieldError("/" + i + "/name", "team '" + name + "' is given twice"));
      }
      for (UserId member : roster.members()) {
        String other = home.putIfAbsent(member, name);
        if (other != null && !other.equals(name)) {
          errors.add(
              new FieldError(
                  "/" + i + "/members",
                  "user " + member.value() + " is in team '" + other + "' of this import too"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "access.invalid-team", "The teams have " + errors.size() + " fault(s).", errors);
    }
    Map<String, Team> existing = new HashMap<>();
    list(ws).forEach(t -> existing.put(t.name(), t));
    var outcomes = new LinkedHashMap<String, RosterOutcome>();
    var now = Sql.ts(clock.instant());
    var added = new ArrayList<Object[]>();
    var removed = new ArrayList<Object[]>();
    for (Roster roster : rosters) {
      String name = roster.name().trim();
      Team team = existing.get(name);
      long id;
      boolean changed = false;
      Set<UserId> current = new HashSet<>();
      if (team == null) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(
                "insert into team (workspace_id, name, manager_id, created_at) values (?, ?, ?, ?)")
            .params(
                ws.value(), name, roster.manager() == null ? null : roster.manager().value(), now)
            .update(keys, "id");
        id = keys.getKey().longValue();
        outcomes.put(name, RosterOutcome.CREATED);
      } else {
        id = team.id().value();
        team.members().forEach(m -> current.add(m.user()));
        UserId manager = team.manager() == null ? null : team.manager().user();
        if (roster.manager() != null && !roster.manager().equals(manager)) {
          jdbc.sql("update team set manager_id = ? where workspace_id = ? and id = ?")
              .params(roster.manager().value(), ws.value(), id)
              .update();
          changed = true;
        }
        for (UserId member : current) {
          String moved = home.get(member);
          if (moved != null && !moved.equals(name)) {
            removed.add(new Object[] {id, member.value()});
            changed = true;
          }
        }
      }
      for (UserId member : roster.members()) {
        if (!current.contains(member)) {
          added.add(new Object[] {id, member.value()});
          changed = true;
        }
      }
      outcomes.putIfAbsent(name, changed ? RosterOutcome.UPDATED : RosterOutcome.UNCHANGED);
    }
    if (!removed.isEmpty()) {
      template.batchUpdate(
          "delete from team_member where team_id = ? and user_id = ?",
          removed,
          new int[] {Types.BIGINT, Types.BIGINT});
    }
    if (!added.isEmpty()) {
      template.batchUpdate(
          "insert into team_member (team_id, user_id) values (?, ?)",
          added,
          new int[] {Types.BIGINT, Types.BIGINT});
    }
    return outcomes;
  }

  /** Deletes a team; refused while something else (a routing rule) still points at it. */
  @Transactional
  public void delete(Caller caller, String name) {
    requireAdmin(caller, "delete teams");
    Team team = get(caller.workspace(), name);
    try {
      jdbc.sql("delete from team where workspace_id = ? and id = ?")
          .params(caller.workspace().value(), team.id().value())
          .update();
    } catch (DataIntegrityViolationException e) {
      throw Problem.conflict(
          "access.team-in-use",
          "Team '"
              + team.name()
              + "' is still the target of a routing rule or the fallback team; change the routing"
              + " rules first.");
    }
  }

  public Optional<Team> find(WorkspaceId ws, String name) {
    return teams(ws, "t.name = :key", name == null ? "" : name.trim()).stream().findFirst();
  }

  public Optional<Team> find(WorkspaceId ws, TeamId id) {
    return teams(ws, "t.id = :key", id.value()).stream().findFirst();
  }

  /** The team of this name, or a 404 problem. */
  public Team get(WorkspaceId ws, String name) {
    return find(ws, name)
        .orElseThrow(() ->
            Problem.notFound("access.team-not-found", "No team '" + name + "' in this workspace."));
  }

  /** Every team of the workspace, by name. */
  public List<Team> list(WorkspaceId ws) {
    return teams(ws, "1 = :key", 1);
  }

  /** The teams the user is a member or the manager of, by name. */
  public List<Team> teamsOf(WorkspaceId ws, UserId user) {
    return teams(
        ws,
        "(t.manager_id = :key or t.id in (select team_id from team_member where user_id = :key))",
        user.value());
  }

  /** True when {@code manager} manages a team of this workspace that {@code member} belongs to. */
  public boolean isManagerOf(WorkspaceId ws, UserId manager, UserId member) {
    return jdbc.sql(
                """
                select count(*) from team t join team_member tm on tm.team_id = t.id
                 where t.workspace_id = ? and t.manager_id = ? and tm.user_id = ?
                """)
            .params(ws.value(), manager.value(), member.value())
            .query(Long.class)
            .single()
        > 0;
  }

  /** True when the user is a member of the workspace and not marked unavailable. */
  public boolean isAvailable(WorkspaceId ws, UserId user) {
    return jdbc.sql(
            """
            select m.available from membership m join app_user u on u.id = m.user_id
             where m.workspace_id = ? and m.user_id = ? and u.deleted_at is null
            """)
        .params(ws.value(), user.value())
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /** The members of the workspace marked unavailable. */
  public Set<UserId> unavailable(WorkspaceId ws) {
    return jdbc.sql("select user_id from membership where workspace_id = ? and available = false")
        .param(ws.value())
        .query((rs, n) -> new UserId(rs.getLong(1)))
        .set();
  }

  /**
   * Marks the member with this e-mail available or not (on holiday). A member may set their own; an
   * admin, or a manager of a team the member is in, may set anyone's.
   */
  @Transactional
  public TeamMember setAvailable(Caller caller, String email, boolean available) {
    WorkspaceId ws = caller.workspace();
    TeamMember member =
        member(ws, email)
            .orElseThrow(() ->
                Problem.notFound(
                    "access.member-not-found", email + " is not a member of this workspace."));
    if (!member.user().equals(caller.user())
        && !caller.has(Role.ADMIN)
        && !isManagerOf(ws, caller.user(), member.user())) {
      throw Problem.forbidden(
          "access.forbidden",
          "Only "
              + member.email()
              + ", an admin or a manager of their team may change their availability.");
    }
    jdbc.sql("update membership set available = ? where workspace_id = ? and user_id = ?")
        .params(available, ws.value(), member.user().value())
        .update();
    return new TeamMember(member.user(), member.email(), available);
  }

  /** A team as validated: trimmed name, resolved manager and members (no duplicates). */
  private record Checked(String name, @Nullable UserId manager, List<UserId> members) {}

  private Checked check(WorkspaceId ws, TeamSpec spec) {
    var errors = new ArrayList<FieldError>();
    String name = spec.name() == null ? "" : spec.name().trim();
    if (name.isEmpty() || name.length() > 100 || name.contains("/")) {
      errors.add(new FieldError("/name", "must be 1-100 characters without '/'"));
    }
    UserId manager = null;
    if (spec.manager() != null && !spec.manager().isBlank()) {
      Optional<TeamMember> found = member(ws, spec.manager());
      if (found.isEmpty()) {
        errors.add(new FieldError("/manager", notAMember(spec.manager())));
      } else {
        manager = found.get().user();
      }
    }
    var members = new LinkedHashSet<UserId>();
    List<@Nullable String> emails = spec.members() == null ? List.of() : spec.members();
    for (int i = 0; i < emails.size(); i++) {
      String email = emails.get(i);
      Optional<TeamMember> found = email == null ? Optional.empty() : member(ws, email);
      if (found.isEmpty()) {
        errors.add(new FieldError("/members/" + i, notAMember(email)));
      } else {
        members.add(found.get().user());
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "access.invalid-team", "The team has " + errors.size() + " invalid field(s).", errors);
    }
    return new Checked(name, manager, List.copyOf(members));
  }

  private static String notAMember(@Nullable String email) {
    return "'" + email + "' is not a member of this workspace";
  }

  private Optional<TeamMember> member(WorkspaceId ws, String email) {
    return jdbc.sql(
            """
            select u.id, u.email, m.available from membership m join app_user u on u.id = m.user_id
             where m.workspace_id = ? and u.email = ? and u.deleted_at is null
            """)
        .params(ws.value(), email.trim().toLowerCase(Locale.ROOT))
        .query((rs, n) ->
            new TeamMember(
                new UserId(rs.getLong("id")), rs.getString("email"), rs.getBoolean("available")))
        .optional();
  }

  private void insertMembers(long team, List<UserId> members) {
    for (UserId member : members) {
      jdbc.sql("insert into team_member (team_id, user_id) values (?, ?)")
          .params(team, member.value())
          .update();
    }
  }

  private record TeamRow(long id, String name, @Nullable TeamMember manager) {}

  /** Teams of the workspace matching {@code condition} on {@code :key}, with their members. */
  private List<Team> teams(WorkspaceId ws, String condition, Object key) {
    List<TeamRow> rows =
        jdbc.sql(
                """
                select t.id, t.name, u.id as manager_id, u.email as manager_email,
                       m.available as manager_available
                  from team t
                  left join membership m on m.workspace_id = t.workspace_id and m.user_id = t.manager_id
                  left join app_user u on u.id = m.user_id and u.deleted_at is null
                 where t.workspace_id = :ws and %s
                 order by t.name
                """
                    .formatted(condition))
            .param("ws", ws.value())
            .param("key", key)
            .query((rs, n) -> {
              Long manager = Sql.nullableLong(rs, "manager_id");
              return new TeamRow(
                  rs.getLong("id"),
                  rs.getString("name"),
                  manager == null
                      ? null
                      : new TeamMember(
                          new UserId(manager),
                          rs.getString("manager_email"),
                          rs.getBoolean("manager_available")));
            })
            .list();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, List<TeamMember>> members = new HashMap<>();
    jdbc.sql(
            """
            select tm.team_id, u.id, u.email, m.available
              from team_member tm
              join team t on t.id = tm.team_id
              join membership m on m.workspace_id = t.workspace_id and m.user_id = tm.user_id
              join app_user u on u.id = tm.user_id and u.deleted_at is null
             where t.workspace_id = :ws and tm.team_id in (:teams)
             order by tm.team_id, u.id
            """)
        .param("ws", ws.value())
        .param("teams", rows.stream().map(TeamRow::id).collect(Collectors.toList()))
        .query(rs -> {
          members
              .computeIfAbsent(rs.getLong("team_id"), id -> new ArrayList<>())
              .add(
                  new TeamMember(
                      new UserId(rs.getLong("id")),
                      rs.getString("email"),
                      rs.getBoolean("available")));
        });
    return rows.stream()
        .map(r ->
            new Team(
                new TeamId(r.id()), r.name(), r.manager(), members.getOrDefault(r.id(), List.of())))
        .toList();
  }

  private static void requireAdmin(Caller caller, String what) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden("access.forbidden", "Only an admin may " + what + ".");
    }
  }

  private static Problem exists(String name) {
    return Problem.conflict("access.team-exists", "A team '" + name + "' exists already.");
  }
}
