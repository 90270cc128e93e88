package nl.hengel.web.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.platform.Caller;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-reads the session caller's membership on every request, as the API does for every token: a
 * member removed from the workspace (or a deleted user) is signed out at once, changed roles apply
 * from the next request.
 */
final class MembershipCheck extends OncePerRequestFilter {

  private final Members members;
  private final BrowserSessions sessions;

  MembershipCheck(Members members, BrowserSessions sessions) {
    this.members = members;
    this.sessions = sessions;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.getPrincipal() instanceof Caller caller) {
      Member member = members.find(caller.workspace(), caller.user()).orElse(null);
      if (member == null) {
        sessions.end(request);
      } else if (!member.roles().equals(caller.roles())) {
        sessions.enter(
            new Caller(caller.user(), caller.email(), caller.workspace(), member.roles()),
            request,
            response);
      }
    }
    chain.doFilter(request, response);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/webjars/") || path.startsWith("/css/") || path.startsWith("/js/");
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return true;
  }
}
