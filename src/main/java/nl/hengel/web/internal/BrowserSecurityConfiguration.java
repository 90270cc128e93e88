package nl.hengel.web.internal;

import nl.hengel.access.Members;
import nl.hengel.access.Passwords;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Role;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Who may see which page of the web UI. Its own filter chain, ahead of the API's token chain: form
 * login at {@code /login} with e-mail and password, a session (timeout {@code
 * server.servlet.session.timeout}) whose principal is a {@link Caller} for one workspace, logout by
 * POST, CSRF tokens on every change (htmx sends them in a header), and strict headers. A user with
 * several workspaces holds an {@link Account} until choosing one at {@code /ui/workspace}. What a
 * role may change is enforced again by the capabilities the pages call.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class BrowserSecurityConfiguration {

  /** The paths of the web UI; everything else (the API) stays on the token chain. */
  static final String[] PATHS = {
    "/", "/login", "/logout", "/ui/**", "/webjars/**", "/css/**", "/js/**", "/favicon.ico"
  };

  static final String[] ROLES = {"ADMIN", "MARKETING", "SALES", "SERVICE", "ANALYST"};

  /** Only this origin's scripts run; styles may be inline (ECharts and htmx set some). */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors"
          + " 'none'";

  @Bean
  @Order(1)
  SecurityFilterChain browser(
      HttpSecurity http, Passwords passwords, Members members, BrowserSessions sessions)
      throws Exception {
    var saved = new SavedRequestAwareAuthenticationSuccessHandler();
    saved.setDefaultTargetUrl("/ui/dashboard");
    // Back to the page asked for after sign-in, at its own address (no "?continue" added).
    var requests = new HttpSessionRequestCache();
    requests.setMatchingRequestParameterName(null);
    saved.setRequestCache(requests);
    http.securityMatcher(PATHS)
        .securityContext(c -> c.securityContextRepository(sessions.contexts()))
        .requestCache(c -> c.requestCache(requests))
        .authenticationProvider(new PasswordLogin(passwords, members))
        .addFilterAfter(new MembershipCheck(members, sessions), SecurityContextHolderFilter.class)
        .formLogin(form ->
            form.loginPage("/login")
                .usernameParameter("email")
                .passwordParameter("password")
                .failureUrl("/login?error")
                .successHandler((request, response, authentication) -> {
                  if (authentication.getPrincipal() instanceof Caller) {
                    saved.onAuthenticationSuccess(request, response, authentication);
                  } else {
                    response.sendRedirect(request.getContextPath() + "/ui/workspace");
                  }
                })
                .permitAll())
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
        .exceptionHandling(e ->
            e.accessDeniedHandler((request, response, denied) -> {
              var auth = SecurityContextHolder.getContext().getAuthentication();
              if (auth != null && auth.getPrincipal() instanceof Account) {
                response.sendRedirect(request.getContextPath() + "/ui/workspace");
              } else {
                request.setAttribute("hengel.denied", Boolean.TRUE);
                response.sendError(403, "Your roles in this workspace do not allow this.");
              }
            }))
        .headers(h ->
            h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(
                    r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
        .authorizeHttpRequests(auth ->
            auth.requestMatchers("/webjars/**", "/css/**", "/js/**", "/favicon.ico")
                .permitAll()
                .requestMatchers("/ui/workspace")
                .authenticated()
                .anyRequest()
                .hasAnyRole(ROLES));
    return http.build();
  }

  /** The authorities of a caller: one {@code ROLE_} per role, for {@code hasRole} checks. */
  static java.util.List<org.springframework.security.core.GrantedAuthority> authorities(
      Caller caller) {
    return caller.roles().stream()
        .map(Role::name)
        .sorted()
        .<org.springframework.security.core.GrantedAuthority>map(r ->
            new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_" + r))
        .toList();
  }
}
