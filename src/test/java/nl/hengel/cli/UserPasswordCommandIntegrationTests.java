package nl.hengel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import nl.hengel.access.Passwords;
import nl.hengel.platform.Role;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code hengel user password}: the web UI's sign-in password, hashed, at least 10 characters. */
class UserPasswordCommandIntegrationTests extends IntegrationTestSupport {

  @Autowired Passwords passwords;
  @Autowired JdbcClient jdbc;

  record Run(int exit, String out, String err) {}

  static Run hengel(String stdin, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Run(exit, out.toString(), err.toString());
    } finally {
      System.setIn(before);
    }
  }

  @Test
  void a_password_from_stdin_is_stored_as_an_argon2_hash_and_signs_in() {
    TestWorkspace tw = newWorkspace();
    String email = "anna@" + tw.workspace().slug() + ".example";
    as(tw, email, Role.MARKETING);

    Run set =
        hengel(
            "a long enough password\n",
            "user",
            "password",
            "-w",
            tw.workspace().slug(),
            email,
            "--password-stdin");

    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).contains("Password set for " + email);
    String hash =
        jdbc.sql("select password_hash from app_user where email = ?")
            .param(email)
            .query(String.class)
            .single();
    assertThat(hash).startsWith("{argon2}$argon2id$").doesNotContain("a long enough password");
    assertThat(passwords.check(email, "a long enough password")).isPresent();
    assertThat(passwords.check(email.toUpperCase(), "a long enough password")).isPresent();
    assertThat(passwords.check(email, "a long enough passworD")).isEmpty();
    assertThat(passwords.check("nobody@nowhere.example", "a long enough password")).isEmpty();
  }

  @Test
  void a_password_shorter_than_ten_characters_is_refused_and_nothing_changes() {
    TestWorkspace tw = newWorkspace();
    String email = "bram@" + tw.workspace().slug() + ".example";
    as(tw, email, Role.SALES);

    Run refused =
        hengel(
            "too short\n",
            "user",
            "password",
            "-w",
            tw.workspace().slug(),
            email,
            "--password-stdin");

    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("at least 10 characters");
    assertThat(passwords.check(email, "too short")).isEmpty();
    assertThat(
            jdbc.sql("select password_hash from app_user where email = ?")
                .param(email)
                .query(String.class)
                .optional())
        .isEmpty();
  }
}
