package nl.hengel.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.hengel.platform.Caller;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Puts a {@link Caller} into the browser session, as sign-in and the workspace choice do. A bean in
 * every context (the CLI's too, where the controllers using it exist but serve nothing).
 */
@Component
public final class BrowserSessions {

  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

  BrowserSessions() {}

  /** Where the sessions keep their security context (the browser filter chain reads it there). */
  SecurityContextRepository contexts() {
    return contexts;
  }

  /** The session's caller from now on; a new session id, as the rights changed. */
  public void enter(Caller caller, HttpServletRequest request, HttpServletResponse response) {
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication(caller));
    SecurityContextHolder.setContext(context);
    if (request.getSession(false) != null) {
      request.changeSessionId();
    }
    contexts.saveContext(context, request, response);
  }

  /** Ends the session: the next page asks to sign in again. */
  void end(HttpServletRequest request) {
    SecurityContextHolder.clearContext();
    var session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  static Authentication authentication(Caller caller) {
    return UsernamePasswordAuthenticationToken.authenticated(
        caller, null, BrowserSecurityConfiguration.authorities(caller));
  }
}
