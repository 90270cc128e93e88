package nl.hengel.access;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users and their roles per workspace. A user account is global (one e-mail, one person); what it
 * may do is decided per workspace by its membership.
 */
@Service
public class Members {

  private final JdbcClient jdbc;
  private final Clock clock;

  Members(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Makes the user with this e-mail a member of the workspace with these roles, creating the
   * account if it does not exist (or was deleted), and replacing the roles if it was a member.
   */
  @Transactional
  public Member add(WorkspaceId workspace, String email, String displayName, Set<Role> roles) {
    String normalised = normaliseEmail(email);
    if (roles.isEmpty()) {
      throw Problem.invalid(
          "access.no-roles",
          "A member needs at least one role (" + Role.names() + ").",
          List.of(new Problem.FieldError("/roles", "must not be empty")));
    }
    String name = displayName == null || displayName.isBlank() ? normalised : displayName.trim();
    UserId user = findUser(normalised).orElseGet(() -> createUser(normalised, name));
    var now = Sql.ts(clock.instant());
    int updated =
        jdbc.sql("update membership set roles = ? where workspace_id = ? and user_id = ?")
            .params(Role.format(roles), workspace.value(), user.value())
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into membership (workspace_id, user_id, roles, created_at) values (?, ?, ?, ?)")
          .params(workspace.value(), user.value(), Role.format(roles), now)
          .update();
    }
    return get(workspace, user);
  }

  /** Marks a user able to create workspaces (the operator of this Hengel installation). */
  @Transactional
  public void grantInstanceAdmin(UserId user) {
    jdbc.sql("update app_user set instance_admin = true where id = ?").param(user.value()).update();
  }

  public boolean isInstanceAdmin(UserId user) {
    return jdbc.sql("select instance_admin from app_user where id = ? and deleted_at is null")
        .param(user.value())
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  public List<Member> list(WorkspaceId workspace) {
    return jdbc.sql(
            """
            select u.id, u.email, u.display_name, m.roles
              from membership m join app_user u on u.id = m.user_id
             where m.workspace_id = ? and u.deleted_at is null
             order by u.email
            """)
        .param(workspace.value())
        .query((rs, n) ->
            new Member(
                new UserId(rs.getLong("id")),
                rs.getString("email"),
                rs.getString("display_name"),
                Role.parseAll(rs.getString("roles"))))
        .list();
  }

  public Member get(WorkspaceId workspace, UserId user) {
    return find(workspace, user)
        .orElseThrow(() ->
            Problem.notFound(
                "access.member-not-found",
                "User " + user.value() + " is not a member of this workspace."));
  }

  public Optional<Member> find(WorkspaceId workspace, UserId user) {
    return jdbc.sql(
            """
            select u.id, u.email, u.display_name, m.roles
              from membership m join app_user u on u.id = m.user_id
             where m.workspace_id = ? and m.user_id = ? and u.deleted_at is null
            """)
        .params(workspace.value(), user.value())
        .query((rs, n) ->
            new Member(
                new UserId(rs.getLong("id")),
                rs.getString("email"),
                rs.getString("display_name"),
                Role.parseAll(rs.getString("roles"))))
        .optional();
  }

  /** The workspaces the user is a member of, with the roles there, by workspace name. */
  public List<Membership> workspacesOf(UserId user) {
    return jdbc.sql(
            """
            select w.id, w.slug, w.name, w.created_at, m.roles
              from membership m join workspace w on w.id = m.workspace_id
              join app_user u on u.id = m.user_id
             where m.user_id = ? and u.deleted_at is null
             order by w.name, w.slug
            """)
        .param(user.value())
        .query((rs, n) ->
            new Membership(
                new Workspace(
                    new WorkspaceId(rs.getLong("id")),
                    rs.getString("slug"),
                    rs.getString("name"),
                    Sql.instant(rs, "created_at")),
                Role.parseAll(rs.getString("roles"))))
        .list();
  }

  public Optional<Member> findByEmail(WorkspaceId workspace, String email) {
    return findUser(normaliseEmail(email)).flatMap(user -> find(workspace, user));
  }

  /** Changes a member's roles. */
  @Transactional
  public Member changeRoles(WorkspaceId workspace, UserId user, Set<Role> roles) {
    Member member = get(workspace, user);
    return add(workspace, member.email(), member.displayName(), roles);
  }

  /**
   * Removes the user from this workspace: every right there ends at once, its tokens for this
   * workspace included, and it leaves the workspace's teams. The account and its other memberships
   * stay.
   */
  @Transactional
  public void remove(WorkspaceId workspace, UserId user) {
    get(workspace, user);
    jdbc.sql(
            "update api_token set revoked_at = ? where workspace_id = ? and user_id = ? and revoked_at is null")
        .params(Sql.ts(clock.instant()), workspace.value(), user.value())
        .update();
    jdbc.sql(
            "delete from team_member where user_id = ? and team_id in (select id from team where workspace_id = ?)")
        .params(user.value(), workspace.value())
        .update();
    jdbc.sql("update team set manager_id = null where workspace_id = ? and manager_id = ?")
        .params(workspace.value(), user.value())
        .update();
    jdbc.sql("delete from membership where workspace_id = ? and user_id = ?")
        .params(workspace.value(), user.value())
        .update();
  }

  /** Deletes the account everywhere: no token of it works any more. */
  @Transactional
  public void deleteUser(UserId user) {
    var now = Sql.ts(clock.instant());
    jdbc.sql("update api_token set revoked_at = ? where user_id = ? and revoked_at is null")
        .params(now, user.value())
        .update();
    jdbc.sql("delete from team_member where user_id = ?").param(user.value()).update();
    jdbc.sql("update team set manager_id = null where manager_id = ?").param(user.value()).update();
    jdbc.sql("delete from membership where user_id = ?").param(user.value()).update();
    // The e-mail is freed so the person can be invited again later as a new account.
    jdbc.sql(
            "update app_user set deleted_at = ?, email = concat('deleted-', cast(id as varchar), '-', email) where id = ? and deleted_at is null")
        .params(now, user.value())
        .update();
  }

  private Optional<UserId> findUser(String email) {
    return jdbc.sql("select id from app_user where email = ? and deleted_at is null")
        .param(email)
        .query((rs, n) -> new UserId(rs.getLong(1)))
        .optional();
  }

  private UserId createUser(String email, String displayName) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into app_user (email, display_name, created_at) values (?, ?, ?)")
        .params(email, displayName, Sql.ts(clock.instant()))
        .update(keys, "id");
    return new UserId(keys.getKey().longValue());
  }

  static String normaliseEmail(String email) {
    String value = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    int at = value.indexOf('@');
    if (at < 1
        || at != value.lastIndexOf('@')
        || at == value.length() - 1
        || value.length() > 320
        || value.chars().anyMatch(Character::isWhitespace)) {
      throw Problem.invalid(
          "access.invalid-email",
          "'" + email + "' is not an e-mail address.",
          List.of(new Problem.FieldError("/email", "must be an e-mail address")));
    }
    return value;
  }
}
