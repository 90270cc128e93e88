package nl.hengel.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hengel.platform.Problem;
import nl.hengel.platform.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Browser passwords of user accounts: stored as Argon2id hashes with an {@code {argon2}} prefix (so
 * a later, stronger hash can replace it on the next login), never stored or logged in clear.
 */
@Service
public class Passwords {

  /** The shortest password accepted. */
  public static final int MIN_LENGTH = 10;

  /** The longest password accepted: hashing is deliberately costly, its input is bounded. */
  public static final int MAX_LENGTH = 200;

  private static final PasswordEncoder ENCODER =
      new DelegatingPasswordEncoder(
          "argon2",
          Map.of(
              "argon2",
              Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
              "bcrypt",
              new BCryptPasswordEncoder()));

  /** Compared against when the account is unknown, so that both cases take as long. */
  private static final String UNKNOWN = ENCODER.encode("no account has this password");

  private final JdbcClient jdbc;

  Passwords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Gives the user this password, replacing any earlier one. */
  @Transactional
  public void set(UserId user, String password) {
    if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
      throw Problem.invalid(
          "access.weak-password",
          "A password needs "
              + MIN_LENGTH
              + " to "
              + MAX_LENGTH
              + " characters (a few words make a good one).",
          List.of(
              new Problem.FieldError(
                  "/password", "must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters")));
    }
    int updated =
        jdbc.sql("update app_user set password_hash = ? where id = ? and deleted_at is null")
            .params(ENCODER.encode(password), user.value())
            .update();
    if (updated == 0) {
      throw Problem.notFound("access.user-not-found", "No user " + user.value() + ".");
    }
  }

  /**
   * The account with this e-mail if it exists, has a password and the password matches; empty
   * otherwise, without telling which part was wrong. Upgrades an outdated hash on success.
   */
  @Transactional
  public Optional<UserId> check(String email, String password) {
    if (email == null || password == null || password.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    var account =
        jdbc.sql(
                "select id, password_hash from app_user where email = ? and deleted_at is null"
                    + " and password_hash is not null")
            .param(email.trim().toLowerCase(java.util.Locale.ROOT))
            .query((rs, n) -> new Stored(new UserId(rs.getLong(1)), rs.getString(2)))
            .optional();
    if (account.isEmpty()) {
      ENCODER.matches(password, UNKNOWN);
      return Optional.empty();
    }
    Stored stored = account.get();
    if (!ENCODER.matches(password, stored.hash())) {
      return Optional.empty();
    }
    if (ENCODER.upgradeEncoding(stored.hash())) {
      jdbc.sql("update app_user set password_hash = ? where id = ?")
          .params(ENCODER.encode(password), stored.user().value())
          .update();
    }
    return Optional.of(stored.user());
  }

  private record Stored(UserId user, String hash) {}
}
