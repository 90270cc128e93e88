package nl.hengel.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import nl.hengel.platform.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer hgl_…} requests. A presented token that is unknown,
 * revoked, expired or belongs to a removed user ends the request with 401 at once.
 */
public final class TokenAuthenticationFilter extends OncePerRequestFilter {

  private final Function<String, Optional<Caller>> authenticator;
  private final AuthenticationEntryPoint entryPoint;

  public TokenAuthenticationFilter(
      Function<String, Optional<Caller>> authenticator, AuthenticationEntryPoint entryPoint) {
    this.authenticator = authenticator;
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Caller> caller = authenticator.apply(header.substring(7).trim());
    if (caller.isEmpty()) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(
          request,
          response,
          new BadCredentialsException(
              "The token is unknown, revoked or expired, or its user was removed."));
      return;
    }
    var authorities =
        caller.get().roles().stream()
            .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
            .toList();
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(caller.get(), null, authorities));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
