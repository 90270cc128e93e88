package nl.hengel.access.internal;

import java.util.List;
import nl.hengel.access.ApiTokens;
import nl.hengel.platform.ProblemDetails;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Only health and the error page are open; the API wants a token; analysts
 * (read-only) may only read, and run backtests; user and token management wants an admin. Only in
 * the web server: the CLI commands run the application without one, where there is no {@code
 * HttpSecurity}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

  private static final String[] WRITERS = {"ADMIN", "MARKETING", "SALES", "SERVICE"};

  @Bean
  SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, JsonMapper json) throws Exception {
    AuthenticationEntryPoint unauthenticated =
        (request, response, e) -> {
          response.setStatus(HttpStatus.UNAUTHORIZED.value());
          response.setHeader("WWW-Authenticate", "Bearer");
          response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
          json.writeValue(
              response.getOutputStream(),
              ProblemDetails.of(
                  HttpStatus.UNAUTHORIZED,
                  "access.unauthenticated",
                  e.getMessage() != null && e.getMessage().startsWith("The token")
                      ? e.getMessage()
                      : "Send an API token: Authorization: Bearer hgl_…",
                  List.of()));
        };
    AccessDeniedHandler denied =
        (request, response, e) -> {
          response.setStatus(HttpStatus.FORBIDDEN.value());
          response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
          json.writeValue(
              response.getOutputStream(),
              ProblemDetails.of(
                  HttpStatus.FORBIDDEN,
                  "access.forbidden",
                  "Your roles in this workspace do not allow this.",
                  List.of()));
        };
    http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .addFilterBefore(
            new TokenAuthenticationFilter(tokens::authenticate, unauthenticated),
            AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
        .authorizeHttpRequests(auth ->
            auth.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
                .permitAll()
                .requestMatchers(
                    HttpMethod.GET,
                    "/api/**",
                    "/v3/api-docs/**",
                    "/swagger-ui/**",
                    "/swagger-ui.html")
                .authenticated()
                // A backtest reads history and stores only its own result: analysts may run one.
                .requestMatchers(HttpMethod.POST, "/api/definitions/*/backtests")
                .authenticated()
                .requestMatchers("/api/users/**", "/api/settings/**")
                .hasRole("ADMIN")
                .requestMatchers("/api/**")
                .hasAnyRole(WRITERS)
                .anyRequest()
                .authenticated());
    return http.build();
  }
}
