package nl.hengel.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import java.util.UUID;
import nl.hengel.access.Workspace;
import nl.hengel.platform.Role;
import nl.hengel.testing.BrowserTestSupport;
import org.junit.jupiter.api.Test;

/** Signing in and out of the web UI, sessions, CSRF and the workspace choice, in Chromium. */
class SignInBrowserTests extends BrowserTestSupport {

  static final String PASSWORD = "correct horse battery";

  Workspace workspace() {
    return newWorkspace().workspace();
  }

  String email(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@signin.example";
  }

  @Test
  void a_wrong_password_shows_an_error_that_names_neither_field_and_stays_on_login() {
    Workspace ws = workspace();
    String email = email("anna");
    member(ws, email, PASSWORD, Role.MARKETING);

    page.navigate("/login");
    page.getByLabel("E-mail").fill(email);
    page.getByLabel("Password").fill("not the password");
    page.getByRole(
            AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign in"))
        .click();

    assertThat(page).hasURL(baseUrl() + "/login?error");
    assertThat(page.locator("#login-error"))
        .hasText("That e-mail and password do not match an account. Check both and try again.");
    screenshot("login-error");

    // An unknown e-mail reads exactly the same.
    page.getByLabel("E-mail").fill(email("nobody"));
    page.getByLabel("Password").fill(PASSWORD);
    page.getByRole(
            AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign in"))
        .click();
    assertThat(page.locator("#login-error")).isVisible();
  }

  @Test
  void a_page_without_a_session_redirects_to_login_and_returns_there_after_signing_in() {
    Workspace ws = workspace();
    String email = email("iris");
    member(ws, email, PASSWORD, Role.ANALYST);

    page.navigate("/ui/dashboard?groupBy=source");
    assertThat(page).hasURL(baseUrl() + "/login");
    screenshot("login");
    page.getByLabel("E-mail").fill(email);
    page.getByLabel("Password").fill(PASSWORD);
    page.getByRole(
            AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign in"))
        .click();
    assertThat(page).hasURL(baseUrl() + "/ui/dashboard?groupBy=source");
    assertThat(page.locator("#groupBy")).hasValue("source");
  }

  @Test
  void logging_out_ends_the_session_and_pages_then_ask_to_sign_in_again() {
    Workspace ws = workspace();
    String email = email("bram");
    member(ws, email, PASSWORD, Role.SALES);
    login(email, PASSWORD, ws);

    page.getByRole(
            AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Log out"))
        .click();
    assertThat(page).hasURL(baseUrl() + "/login?logout");
    assertThat(page.getByText("You are signed out.")).isVisible();
    page.navigate("/ui/dashboard");
    assertThat(page).hasURL(baseUrl() + "/login");
  }

  @Test
  void a_post_without_the_csrf_token_is_refused_and_the_session_stays() {
    Workspace ws = workspace();
    String email = email("sara");
    member(ws, email, PASSWORD, Role.SALES);
    login(email, PASSWORD, ws);

    // The browser's cookies go along; only the form's token is missing.
    var refused =
        page.request().post(baseUrl() + "/logout", RequestOptions.create().setMaxRedirects(0));
    assertThat(refused.status()).isEqualTo(403);
    page.navigate("/ui/dashboard");
    assertThat(page).hasURL(baseUrl() + "/ui/dashboard");
  }

  @Test
  void a_browser_session_does_not_open_the_api_which_wants_a_token() {
    Workspace ws = workspace();
    String email = email("max");
    member(ws, email, PASSWORD, Role.ADMIN);
    login(email, PASSWORD, ws);

    var api = page.request().get(baseUrl() + "/api/people");
    assertThat(api.status()).isEqualTo(401);
  }

  @Test
  void the_api_description_leaves_the_pages_out() {
    var paths = newWorkspace().admin().get("/v3/api-docs").json().get("paths");
    var names = new java.util.ArrayList<String>();
    paths.propertyNames().forEach(names::add);
    assertThat(names).contains("/api/analytics/waterfall");
    assertThat(names).noneMatch(p -> p.startsWith("/ui") || p.equals("/login") || p.equals("/"));
  }

  @Test
  void a_member_of_two_workspaces_chooses_one_and_can_switch() {
    Workspace first = workspace();
    Workspace second = workspace();
    String email = email("both");
    member(first, email, PASSWORD, Role.ANALYST);
    member(second, email, PASSWORD, Role.SALES);

    page.navigate("/login");
    page.getByLabel("E-mail").fill(email);
    page.getByLabel("Password").fill(PASSWORD);
    page.getByRole(
            AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign in"))
        .click();
    assertThat(page).hasURL(baseUrl() + "/ui/workspace");
    // Nothing but the choice until one is chosen.
    page.navigate("/ui/dashboard");
    assertThat(page).hasURL(baseUrl() + "/ui/workspace");
    screenshot("workspace-choice");

    page.locator("button[data-slug='" + second.slug() + "']").click();
    assertThat(page).hasURL(baseUrl() + "/ui/dashboard");
    assertThat(page.locator("header .workspace")).hasText(second.name());
    assertThat(page.locator("header .roles")).hasText("sales");

    page.getByRole(
            AriaRole.LINK,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Switch workspace"))
        .click();
    page.locator("button[data-slug='" + first.slug() + "']").click();
    assertThat(page.locator("header .workspace")).hasText(first.name());
    assertThat(page.locator("header .roles")).hasText("analyst");
  }

  @Test
  void a_member_removed_from_the_workspace_is_signed_out_at_the_next_page() {
    Workspace ws = workspace();
    String email = email("gone");
    var member = member(ws, email, PASSWORD, Role.MARKETING);
    login(email, PASSWORD, ws);

    members.remove(ws.id(), member.id());
    page.navigate("/ui/dashboard");
    assertThat(page).hasURL(baseUrl() + "/login");
  }
}
