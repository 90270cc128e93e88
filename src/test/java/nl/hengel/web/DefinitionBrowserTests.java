package nl.hengel.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.hengel.access.Workspace;
import nl.hengel.definition.Definitions;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.testing.BrowserTestSupport;
import nl.hengel.testing.DefinitionTexts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The lead definition's pages in Chromium: versions, upload with lint, approval, backtest, diff.
 */
class DefinitionBrowserTests extends BrowserTestSupport {

  static final String ANNA = "anna@demo.hengel.example";
  static final String PASSWORD = "a long test password";

  @Autowired Definitions definitions;
  @Autowired JdbcClient jdbc;

  /**
   * A workspace of its own with a marketing owner, a sales owner, another sales member and an
   * analyst.
   */
  record People(Workspace ws, String marketing, String sales, String otherSales, String analyst) {

    String definition(String yaml) {
      return yaml.replace("anna@acme.example", marketing).replace("bram@acme.example", sales);
    }
  }

  People people() {
    Workspace ws = newWorkspace().workspace();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    var p =
        new People(
            ws,
            "mia-" + tag + "@ui.example",
            "bob-" + tag + "@ui.example",
            "sid-" + tag + "@ui.example",
            "ivy-" + tag + "@ui.example");
    member(ws, p.marketing(), PASSWORD, Role.MARKETING);
    member(ws, p.sales(), PASSWORD, Role.SALES);
    member(ws, p.otherSales(), PASSWORD, Role.SALES);
    member(ws, p.analyst(), PASSWORD, Role.ANALYST);
    return p;
  }

  private Locator button(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
  }

  private void logout() {
    button("Log out").click();
    page.waitForURL("**/login**");
  }

  /** A POST the page does not offer, with the session's CSRF token, as a forged form would send. */
  private APIResponse forgedPost(String path, FormData form) {
    String header = page.locator("meta[name=_csrf_header]").getAttribute("content");
    String token = page.locator("meta[name=_csrf]").getAttribute("content");
    return page.request()
        .post(
            baseUrl() + path,
            RequestOptions.create().setHeader(header, token).setForm(form).setMaxRedirects(0));
  }

  @Test
  void the_list_shows_the_demo_versions_with_status_and_approvals() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);
    page.locator("nav").getByText("Definitions").click();

    Locator v1 = page.locator("tr[data-version='1']");
    Locator v2 = page.locator("tr[data-version='2']");
    assertThat(v1.locator(".badge.status")).hasText(Pattern.compile("active|retired"));
    assertThat(v1).containsText("marketing: anna@demo.hengel.example");
    assertThat(v1).containsText("sales: bram@demo.hengel.example");
    assertThat(v2).containsText("stricter engagement");
    assertThat(page.locator("nav [aria-current=page]")).hasText("Definitions");
    screenshot("definitions-list");

    v2.getByRole(AriaRole.LINK).click();
    assertThat(page).hasURL(Pattern.compile(".*/ui/definitions/2$"));
    assertThat(page.locator("ol.yaml > li")).not().hasCount(0);
    assertThat(
            page.locator("ol.yaml code", new Page.LocatorOptions().setHasText("name: Brightlane")))
        .hasText("name: Brightlane lead definition (stricter engagement)");
  }

  @Test
  void an_upload_with_an_unknown_attribute_shows_the_error_at_line_5_and_stores_nothing() {
    People p = people();
    login(p.marketing(), PASSWORD, p.ws());
    page.navigate("/ui/definitions/new");
    page.getByLabel("Definition (YAML)")
        .fill(p.definition(DefinitionTexts.UNKNOWN_ATTRIBUTE_ON_LINE_5));

    // Check: the lint's findings at their line, nothing stored.
    button("Check").click();
    Locator line5 = page.locator("#lint #line-5");
    assertThat(line5).hasClass(Pattern.compile("\\berror\\b"));
    assertThat(line5.locator(".issues"))
        .containsText(
            "line 5, column "
                + DefinitionTexts.UNKNOWN_ATTRIBUTE_COLUMN
                + " error unknown attribute 'company.size'");
    assertThat(page.locator("#lint li.error[id^=line-]")).hasCount(1);

    // Upload: refused, the same error at line 5, the text kept in the form.
    button("Upload").click();
    assertThat(page.locator("#lint .message.error")).containsText("nothing was stored");
    assertThat(page.locator("#lint #line-5 .issues"))
        .containsText("unknown attribute 'company.size'");
    assertThat(page.getByLabel("Definition (YAML)"))
        .hasValue(p.definition(DefinitionTexts.UNKNOWN_ATTRIBUTE_ON_LINE_5).stripTrailing() + "\n");
    assertThat(definitions.list(p.ws().id())).isEmpty();
    screenshot("definition-upload-lint-error");

    // Fixed: stored as version 1, a draft.
    page.getByLabel("Definition (YAML)").fill(p.definition(DefinitionTexts.DESIGN));
    button("Upload").click();
    assertThat(page).hasURL(Pattern.compile(".*/ui/definitions/1$"));
    assertThat(page.locator("#version-status .badge.status")).hasText("draft");
    assertThat(definitions.list(p.ws().id())).hasSize(1);
  }

  @Test
  void marketing_and_sales_approve_with_two_logins_and_the_version_is_activated() {
    People p = people();
    definitions.upload(
        p.ws().id(), caller(p.ws(), p.marketing()), p.definition(DefinitionTexts.DESIGN));

    login(p.marketing(), PASSWORD, p.ws());
    page.navigate("/ui/definitions/1");
    assertThat(button("Approve for sales")).hasCount(0);
    button("Approve for marketing").click();
    assertThat(page.locator("#version-status [data-side=marketing]")).containsText(p.marketing());
    assertThat(page.locator("#version-status .badge.status")).hasText("draft");
    logout();

    // Another sales member is not the owner the version names: the service refuses, the page says
    // why.
    login(p.otherSales(), PASSWORD, p.ws());
    page.navigate("/ui/definitions/1");
    assertThat(button("Approve for marketing")).hasCount(0);
    button("Approve for sales").click();
    assertThat(page.locator("#problems .problem"))
        .containsText("definition.approval.not-an-approver");
    // A forged POST for the marketing side is refused by the server.
    APIResponse forged = forgedPost("/ui/definitions/1/approve?side=marketing", FormData.create());
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.text()).contains("definition.approval");
    logout();

    login(p.sales(), PASSWORD, p.ws());
    page.navigate("/ui/definitions/1");
    button("Approve for sales").click();
    assertThat(page.locator("#version-status .badge.status")).hasText("approved");
    button("Activate").click();
    // Polled every second until the (empty) workspace is re-evaluated and the version is in force.
    assertThat(page.locator("#version-status .badge.status"))
        .hasText(
            "active",
            new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(30_000));
    assertThat(definitions.active(p.ws().id()).orElseThrow().number()).isEqualTo(1);
  }

  @Test
  void the_version_page_follows_the_qualifying_of_its_leads_until_the_activation_is_done() {
    People p = people();
    definitions.upload(
        p.ws().id(), caller(p.ws(), p.marketing()), p.definition(DefinitionTexts.DESIGN));
    // As a re-evaluation stands right after its switch: the version in force, 1 of 3 listed leads
    // qualified. Its heartbeat is fresh, so no worker takes it up while the page is looked at.
    long ws = p.ws().id().value();
    var now = Sql.ts(clock.instant());
    long version =
        jdbc.sql("select id from definition_version where workspace_id = ? and number = 1")
            .param(ws)
            .query(Long.class)
            .single();
    jdbc.sql("update definition_version set status = 'active', activated_at = ? where id = ?")
        .params(now, version)
        .update();
    jdbc.sql(
            "insert into active_definition (workspace_id, version_id, activated_at) values (?, ?, ?)")
        .params(ws, version, now)
        .update();
    jdbc.sql(
            """
            insert into reevaluation (workspace_id, version_id, status, phase, total, done, qualify_total, qualify_done, actor, started_at, heartbeat_at)
            values (?, ?, 'running', 'qualifying', 5, 5, 3, 1, 'user:test', ?, ?)
            """)
        .params(ws, version, now, now)
        .update();

    login(p.marketing(), PASSWORD, p.ws());
    page.navigate("/ui/definitions/1");
    assertThat(page.locator("#version-status .badge.status")).hasText("active");
    Locator qualifying = page.locator("#version-status .reevaluation[data-phase=qualifying]");
    assertThat(qualifying).containsText("Moving the leads it qualifies to MQL: 1 of 3");
    assertThat(qualifying.locator("progress")).hasAttribute("value", "1");
    assertThat(page.locator("#version-status")).hasAttribute("data-poll", "true");
    screenshot("definition-activation-qualifying");

    jdbc.sql(
            "update reevaluation set status = 'done', qualify_done = 3, finished_at = ? where workspace_id = ?")
        .params(now, ws)
        .update();
    // The next poll shows it done: no progress, no more polling.
    assertThat(page.locator("#version-status .reevaluation"))
        .hasCount(
            0,
            new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions()
                .setTimeout(10_000));
    assertThat(page.locator("#version-status")).not().hasAttribute("data-poll", "true");
  }

  @Test
  void an_analyst_sees_no_upload_approve_or_activate_and_forged_posts_are_refused() {
    People p = people();
    definitions.upload(
        p.ws().id(), caller(p.ws(), p.marketing()), p.definition(DefinitionTexts.DESIGN));

    login(p.analyst(), PASSWORD, p.ws());
    page.navigate("/ui/definitions");
    assertThat(page.getByText("Upload a draft")).hasCount(0);
    page.navigate("/ui/definitions/1");
    assertThat(page.locator("#version-status button")).hasCount(0);
    assertThat(page.getByText("Edit as a new draft")).hasCount(0);
    page.navigate("/ui/definitions/new");
    assertThat(button("Upload")).hasCount(0);

    APIResponse upload =
        forgedPost(
            "/ui/definitions/new",
            FormData.create().set("yaml", p.definition(DefinitionTexts.DESIGN)));
    assertThat(upload.status()).isEqualTo(403);
    APIResponse approve = forgedPost("/ui/definitions/1/approve?side=sales", FormData.create());
    assertThat(approve.status()).isEqualTo(403);
    APIResponse activate = forgedPost("/ui/definitions/1/activate", FormData.create());
    assertThat(activate.status()).isIn(403, 409);
    assertThat(definitions.list(p.ws().id())).hasSize(1);
    assertThat(definitions.approvals(p.ws().id(), 1)).isEmpty();
  }

  @Test
  void suggested_weights_land_as_a_new_draft_with_held_out_figures() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);
    page.navigate("/ui/definitions/1");
    button("Suggest weights").click();

    Locator suggestion = page.locator("#suggestion");
    assertThat(suggestion.getByText("Stored as draft"))
        .isVisible(
            new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                .setTimeout(120_000));
    assertThat(suggestion).containsText("Held-out AUC");
    assertThat(suggestion.locator("tbody tr").first()).isVisible();
    screenshot("definition-suggest-weights");
    suggestion.getByRole(AriaRole.LINK).first().click();
    assertThat(page.locator("#version-status .badge.status")).hasText("draft");
    assertThat(page.locator("h1")).containsText("(suggested weights)");
  }

  @Test
  void a_backtest_of_the_demo_draft_shows_both_versions_side_by_side() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);
    page.navigate("/ui/definitions/2");
    button("Run backtest").click();

    Locator table = page.locator("#backtest table.backtest-table");
    assertThat(table)
        .isVisible(
            new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                .setTimeout(120_000));
    assertThat(table.locator("thead th"))
        .containsText(new String[] {"figure", "version 2", "version 1 (baseline)"});
    Locator mqls = table.locator("tr", new Locator.LocatorOptions().setHasText("MQLs")).first();
    long draft = Long.parseLong(mqls.locator("td").nth(0).textContent().replace(",", ""));
    long active = Long.parseLong(mqls.locator("td").nth(1).textContent().replace(",", ""));
    assertThat(active).isPositive();
    assertThat(draft).isLessThanOrEqualTo(active); // the draft's gate is stricter
    assertThat(page.locator("#backtest .chart[data-drawn] svg path").first()).isAttached();
    assertThat(page.locator("#backtest .lift")).containsText("sql ×");
    assertThat(page.locator("#backtest a.csv"))
        .hasAttribute("href", Pattern.compile("/ui/backtests/\\d+/differences.csv"));
    screenshot("definition-backtest");
    // Reloaded, the page lists the run and shows its report again.
    page.reload();
    assertThat(page.locator("table.runs tbody tr")).not().hasCount(0);
    assertThat(table).isVisible();

    var download = page.waitForDownload(() -> page.locator("#backtest a.csv").click());
    try {
      assertThat(java.nio.file.Files.readString(download.path()))
          .startsWith("person_id,email,flagged_by");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void the_diff_of_the_demo_versions_shows_the_stricter_gate_side_by_side() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);
    page.navigate("/ui/definitions");
    page.getByLabel("From version").selectOption("1");
    page.getByLabel("To version").selectOption("2");
    button("Compare").click();

    assertThat(page).hasURL(Pattern.compile(".*/ui/definitions/1/diff/2$"));
    assertThat(page.locator(".change-list")).containsText("gate-changed");
    Locator changed = page.locator("table.diff tr.changed");
    assertThat(changed.first()).isVisible();
    assertThat(page.locator("table.diff tr.changed td.right"))
        .containsText(new String[] {"stricter engagement", "engagement >= 20"});
    assertThat(page.locator("table.diff tr.changed td.left").last())
        .containsText("engagement >= 15");
    screenshot("definition-diff");
  }

  private nl.hengel.platform.Caller caller(Workspace ws, String email) {
    var m = members.findByEmail(ws.id(), email).orElseThrow();
    return new nl.hengel.platform.Caller(m.id(), m.email(), ws.id(), m.roles());
  }
}
