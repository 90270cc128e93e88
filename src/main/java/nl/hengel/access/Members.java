package nl.hengel.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
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
  private final JdbcTemplate template;
  private final Workspaces workspaces;
  private final Clock clock;

  Members(JdbcClient jdbc, JdbcTemplate template, Workspaces workspaces, Clock clock) {
    this.jdbc = jdbc;
    this.template = template;
    this.workspaces = workspaces;
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
            select u.id, u.email, u.display_name, m.roles, u.password_hash is not null as can_sign_in
              from membership m join app_user u on u.id = m.user_id
             where m.workspace_id = ? and u.deleted_at is null
             order by u.email
            """)
        .param(workspace.value())
        .query((rs, n) -> member(rs))
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
            select u.id, u.email, u.display_name, m.roles, u.password_hash is not null as can_sign_in
              from membership m join app_user u on u.id = m.user_id
             where m.workspace_id = ? and m.user_id = ? and u.deleted_at is null
            """)
        .params(workspace.value(), user.value())
        .query((rs, n) -> member(rs))
        .optional();
  }

  private static Member member(ResultSet rs) throws SQLException {
    return new Member(
        new UserId(rs.getLong("id")),
        rs.getString("email"),
        rs.getString("display_name"),
        Role.parseAll(rs.getString("roles")),
        rs.getBoolean("can_sign_in"));
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

  /** The longest display name. */
  public static final int MAX_NAME = 200;

  /** The code of the problem thrown when a display name belongs to several members. */
  public static final String AMBIGUOUS_NAME = "access.ambiguous-member-name";

  /**
   * The member whose display name is this one, ignoring case and surrounding spaces; empty when no
   * member has it. Throws a {@link Problem} with code {@value #AMBIGUOUS_NAME} (409) naming their
   * e-mails when several members have it: such a member must be named by e-mail.
   */
  public Optional<Member> findByName(WorkspaceId workspace, String displayName) {
    List<Member> matches = byName(list(workspace)).getOrDefault(nameKey(displayName), List.of());
    if (matches.size() > 1) {
      throw new Problem(
          HttpStatus.CONFLICT,
          AMBIGUOUS_NAME,
          matches.size()
              + " members are called '"
              + displayName.trim()
              + "': name the member by e-mail.",
          List.of(ambiguity(displayName, matches)));
    }
    return matches.stream().findFirst();
  }

  /**
   * The member of each of these display names (matched as {@link #findByName} does), making each
   * name no member has a sales member without a login: no password, and, since a CRM gives only the
   * name, the e-mail {@code <name>@<workspace>.<source>.invalid} (e.g. {@code
   * moses-frase@acme.crm.invalid}; an account's e-mail is unique across the installation, hence the
   * workspace in it, and {@code .invalid} never receives mail). Existing members keep their roles.
   * The result maps each name as given. Throws a {@link Problem} with code {@value #AMBIGUOUS_NAME}
   * (409) listing each name several members have, one error per name, before anything is created.
   */
  @Transactional
  public Map<String, Member> ensureSalesMembersWithoutLogin(
      WorkspaceId workspace, String source, Collection<String> names) {
    var invalid = new ArrayList<Problem.FieldError>();
    for (String name : names) {
      if (name == null || name.isBlank() || name.trim().length() > MAX_NAME) {
        invalid.add(
            new Problem.FieldError(
                String.valueOf(name), "a member's name is 1-" + MAX_NAME + " characters"));
      }
    }
    if (source == null || source.isBlank()) {
      invalid.add(new Problem.FieldError("source", "must not be blank"));
    }
    if (!invalid.isEmpty()) {
      throw Problem.invalid(
          "access.invalid-member-name", invalid.size() + " member name(s) are invalid.", invalid);
    }
    Map<String, List<Member>> byName = byName(list(workspace));
    var ambiguous = new ArrayList<Problem.FieldError>();
    var missing = new TreeMap<String, String>();
    for (String name : names) {
      List<Member> matches = byName.getOrDefault(nameKey(name), List.of());
      if (matches.size() > 1) {
        ambiguous.add(ambiguity(name, matches));
      } else if (matches.isEmpty()) {
        missing.putIfAbsent(nameKey(name), name.trim());
      }
    }
    if (!ambiguous.isEmpty()) {
      throw new Problem(
          HttpStatus.CONFLICT,
          AMBIGUOUS_NAME,
          ambiguous.size() + " name(s) belong to several members: name them by e-mail.",
          ambiguous);
    }
    if (!missing.isEmpty()) {
      createWithoutLogin(workspace, source, missing.values());
      byName = byName(list(workspace));
    }
    var result = new LinkedHashMap<String, Member>();
    for (String name : names) {
      result.put(name, byName.get(nameKey(name)).getFirst());
    }
    return result;
  }

  /**
   * The e-mail of a member created from a name only: the name's slug at the workspace's slug and
   * the source's, under {@code .invalid}; {@code n > 1} tells apart names with the same slug.
   */
  static String generatedEmail(String name, String workspaceSlug, String source, int n) {
    String local = slug(name, 60);
    if (local.isEmpty()) {
      local =
          "member-"
              + java.util.HexFormat.of()
                  .formatHex(sha256(name.trim().toLowerCase(Locale.ROOT)), 0, 4);
    }
    String system = slug(source, 40);
    return (n > 1 ? local + "-" + n : local)
        + "@"
        + workspaceSlug
        + "."
        + (system.isEmpty() ? "source" : system)
        + ".invalid";
  }

  private static final String[][] LETTERS = {
    {"ł", "l"},
    {"ø", "o"},
    {"ı", "i"},
    {"đ", "d"},
    {"ð", "d"},
    {"ß", "ss"},
    {"æ", "ae"},
    {"œ", "oe"},
    {"þ", "th"}
  };

  /** Lower case a-z, 0-9 and single dashes, accents dropped, at most {@code max} characters. */
  static String slug(String text, int max) {
    String plain =
        java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT);
    // Letters that no decomposition turns into ASCII (Łucja, Søren, Yılmaz, Straße).
    for (String[] pair : LETTERS) {
      plain = plain.replace(pair[0], pair[1]);
    }
    var sb = new StringBuilder();
    for (char c : plain.toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        sb.append(c);
      } else if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '-') {
        sb.append('-');
      }
    }
    String result = sb.length() > max ? sb.substring(0, max) : sb.toString();
    while (result.endsWith("-")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  /**
   * Creates accounts without a password for these names, members with the sales role who are away
   * for routing; an account of the same name already at the e-mail (a member removed before)
   * becomes a member again.
   */
  private void createWithoutLogin(WorkspaceId workspace, String source, Collection<String> names) {
    String slug = workspaces.get(workspace).slug();
    String domain = generatedEmail("x", slug, source, 1).substring(2);
    // Every account at this domain, by e-mail: only this workspace's imports make such e-mails.
    Map<String, String> taken = new HashMap<>();
    jdbc.sql("select email, display_name from app_user where email like ? and deleted_at is null")
        .param("%@" + domain)
        .query(rs -> {
          taken.put(rs.getString("email"), rs.getString("display_name"));
        });
    var emails = new LinkedHashMap<String, String>();
    for (String name : names) {
      String email;
      int n = 1;
      do {
        email = generatedEmail(name, slug, source, n++);
      } while ((taken.containsKey(email) && !nameKey(taken.get(email)).equals(nameKey(name)))
          || emails.containsKey(email));
      emails.put(email, name);
    }
    var now = Sql.ts(clock.instant());
    template.batchUpdate(
        "insert into app_user (email, display_name, created_at) values (?, ?, ?) on conflict do nothing",
        emails.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue(), now}).toList(),
        new int[] {Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE});
    var ids = new ArrayList<Long>();
    var in = Sql.oneOf("email", "emails", "varchar", emails.keySet());
    jdbc.sql("select id from app_user where deleted_at is null and " + in.sql())
        .param("emails", in.parameter())
        .query(rs -> {
          ids.add(rs.getLong(1));
        });
    // Away for routing: round-robin would otherwise hand live leads to someone who cannot sign in
    // to take them. An admin makes them available once they have a password.
    template.batchUpdate(
        "insert into membership (workspace_id, user_id, roles, created_at, available)"
            + " values (?, ?, ?, ?, false) on conflict do nothing",
        ids.stream()
            .sorted()
            .map(id -> new Object[] {workspace.value(), id, Role.format(Set.of(Role.SALES)), now})
            .toList(),
        new int[] {Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE});
  }

  private static Map<String, List<Member>> byName(List<Member> members) {
    var result = new HashMap<String, List<Member>>();
    members.forEach(
        m -> result.computeIfAbsent(nameKey(m.displayName()), k -> new ArrayList<>()).add(m));
    return result;
  }

  private static String nameKey(String name) {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
  }

  private static Problem.FieldError ambiguity(String name, List<Member> matches) {
    return new Problem.FieldError(
        name.trim(),
        "is the name of "
            + matches.size()
            + " members ("
            + String.join(", ", matches.stream().map(Member::email).sorted().toList())
            + "); name the member by e-mail");
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
