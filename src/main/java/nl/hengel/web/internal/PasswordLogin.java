package nl.hengel.web.internal;

import java.util.List;
import nl.hengel.access.Members;
import nl.hengel.access.Membership;
import nl.hengel.access.Passwords;
import nl.hengel.platform.Caller;
import nl.hengel.platform.UserId;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks an e-mail and password; a member of one workspace signs in as its {@link Caller}, a member
 * of several as an {@link Account} that must choose. A wrong e-mail and a wrong password fail
 * alike.
 */
final class PasswordLogin implements AuthenticationProvider {

  static final String CHOOSING = "CHOOSING_WORKSPACE";

  private final Passwords passwords;
  private final Members members;

  PasswordLogin(Passwords passwords, Members members) {
    this.passwords = passwords;
    this.members = members;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String email = String.valueOf(authentication.getPrincipal());
    Object credentials = authentication.getCredentials();
    UserId user =
        passwords
            .check(email, credentials == null ? null : credentials.toString())
            .orElseThrow(() -> new BadCredentialsException("Wrong e-mail or password."));
    List<Membership> memberships = members.workspacesOf(user);
    if (memberships.isEmpty()) {
      throw new DisabledException("This account is not a member of any workspace.");
    }
    String normalised = email.trim().toLowerCase(java.util.Locale.ROOT);
    if (memberships.size() == 1) {
      return BrowserSessions.authentication(
          new Caller(
              user,
              normalised,
              memberships.getFirst().workspace().id(),
              memberships.getFirst().roles()));
    }
    return UsernamePasswordAuthenticationToken.authenticated(
        new Account(user, normalised), null, List.of(new SimpleGrantedAuthority(CHOOSING)));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
