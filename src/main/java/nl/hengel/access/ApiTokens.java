package nl.hengel.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: 256 random bits, shown once, stored as their SHA-256 (a token is not a password, it
 * has full entropy, so a fast hash is the right one), scoped to one member of one workspace.
 */
@Service
public class ApiTokens {

  /** Every token starts with this, so secret scanners and people can recognise it. */
  public static final String PREFIX = "hgl_";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Members members;
  private final SecureRandom random = new SecureRandom();

  ApiTokens(JdbcClient jdbc, Clock clock, Members members) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.members = members;
  }

  /** Makes a token for a member of the workspace. */
  @Transactional
  public IssuedToken issue(
      WorkspaceId workspace, UserId user, String name, @Nullable Instant expiresAt) {
    members.get(workspace, user);
    if (name == null || name.isBlank() || name.length() > 100) {
      throw Problem.invalid(
          "access.invalid-token-name",
          "A token needs a name of 1-100 characters.",
          List.of(new Problem.FieldError("/name", "must be 1-100 characters")));
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String prefix = token.substring(0, PREFIX.length() + 6);
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into api_token (workspace_id, user_id, name, token_hash, token_prefix, created_at, expires_at)
            values (?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            workspace.value(),
            user.value(),
            name.trim(),
            hash(token),
            prefix,
            Sql.ts(clock.instant()),
            Sql.ts(expiresAt))
        .update(keys, "id");
    return new IssuedToken(keys.getKey().longValue(), name.trim(), token, prefix);
  }

  /**
   * The caller a presented token stands for, if it is known, unexpired, unrevoked and its user
   * still a member.
   */
  public Optional<Caller> authenticate(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select t.workspace_id, t.user_id, u.email, m.roles
              from api_token t
              join app_user u on u.id = t.user_id and u.deleted_at is null
              join membership m on m.workspace_id = t.workspace_id and m.user_id = t.user_id
             where t.token_hash = ? and t.revoked_at is null
               and (t.expires_at is null or t.expires_at > ?)
            """)
        .params(hash(token), Sql.ts(clock.instant()))
        .query((rs, n) ->
            new Caller(
                new UserId(rs.getLong("user_id")),
                rs.getString("email"),
                new WorkspaceId(rs.getLong("workspace_id")),
                Role.parseAll(rs.getString("roles"))))
        .optional();
  }

  public List<TokenInfo> list(WorkspaceId workspace, @Nullable UserId onlyOf) {
    String sql =
        """
        select t.id, t.name, t.token_prefix, t.user_id, u.email, t.created_at, t.expires_at, t.revoked_at
          from api_token t join app_user u on u.id = t.user_id
         where t.workspace_id = :workspace
        """
            + (onlyOf == null ? "" : " and t.user_id = :user")
            + " order by t.id";
    var statement = jdbc.sql(sql).param("workspace", workspace.value());
    if (onlyOf != null) {
      statement = statement.param("user", onlyOf.value());
    }
    return statement
        .query((rs, n) ->
            new TokenInfo(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("token_prefix"),
                new UserId(rs.getLong("user_id")),
                rs.getString("email"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "expires_at"),
                Sql.instant(rs, "revoked_at")))
        .list();
  }

  public TokenInfo get(WorkspaceId workspace, long id) {
    return list(workspace, null).stream()
        .filter(t -> t.id() == id)
        .findFirst()
        .orElseThrow(() ->
            Problem.notFound("access.token-not-found", "No token " + id + " in this workspace."));
  }

  /** Revokes a token at once; revoking twice is harmless. */
  @Transactional
  public void revoke(WorkspaceId workspace, long id) {
    get(workspace, id);
    jdbc.sql(
            "update api_token set revoked_at = ? where workspace_id = ? and id = ? and revoked_at is null")
        .params(Sql.ts(clock.instant()), workspace.value(), id)
        .update();
  }

  /** Revokes every token of the user in this workspace whose name is the given one. */
  @Transactional
  public int revokeNamed(WorkspaceId workspace, UserId user, String name) {
    return jdbc.sql(
            "update api_token set revoked_at = ? where workspace_id = ? and user_id = ? and name = ? and revoked_at is null")
        .params(Sql.ts(clock.instant()), workspace.value(), user.value(), name)
        .update();
  }

  static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
