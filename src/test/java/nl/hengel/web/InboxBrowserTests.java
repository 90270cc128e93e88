package nl.hengel.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.RequestOptions;
import java.util.List;
import nl.hengel.access.Member;
import nl.hengel.access.Workspace;
import nl.hengel.handoff.Inbox;
import nl.hengel.lifecycle.Lifecycle;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Caller;
import nl.hengel.testing.BrowserTestSupport;
import nl.hengel.timeline.PersonId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The sales inbox of the demo workspace, as its sales people and others see it in Chromium. */
class InboxBrowserTests extends BrowserTestSupport {

  static final String BRAM = "bram@demo.hengel.example";
  static final String SARA = "sara@demo.hengel.example";
  static final String MAX = "max@demo.hengel.example";
  static final String IRIS = "iris@demo.hengel.example";

  @Autowired Inbox inbox;
  @Autowired Lifecycle lifecycle;

  private Caller caller(Workspace ws, String email) {
    Member m = members.findByEmail(ws.id(), email).orElseThrow();
    return new Caller(m.id(), m.email(), ws.id(), m.roles());
  }

  /** The user's own open leads in this stage, soonest due first, as the service lists them. */
  private List<Inbox.Entry> mine(Workspace ws, String email, Stage stage) {
    List<Inbox.Entry> entries =
        inbox.list(caller(ws, email), Inbox.Scope.MINE).stream()
            .filter(e -> e.lead().stage() == stage)
            .toList();
    assertThat(entries).as("%s has open %s leads in the demo", email, stage.key()).isNotEmpty();
    return entries;
  }

  /** What the window shows now (the inbox is long; a full-page image is unreadable). */
  private void shot(String name) {
    try {
      java.nio.file.Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  private Locator row(long id) {
    return page.locator("#lead-" + id);
  }

  @Test
  void a_sales_rep_sees_the_business_time_left_and_accepts_a_lead_which_becomes_sal() {
    Workspace demo = demo();
    Inbox.Entry entry = mine(demo, BRAM, Stage.MQL).getFirst();
    long id = entry.lead().person().value();
    login(BRAM, DEMO_PASSWORD, demo);

    page.navigate("/ui/inbox");
    assertThat(page.locator("header nav [aria-current=page]")).hasText("Inbox");
    assertThat(page.locator("#inbox-list")).hasAttribute("hx-trigger", "every 60s");
    Locator row = row(id);
    assertThat(row.locator(".stage")).hasText("mql");
    assertThat(row.locator(".dues li").first()).containsText("Accept");
    assertThat(row.locator(".dues .due").first())
        .hasText(
            java.util.regex.Pattern.compile(
                "(due in|overdue by) (\\d+h )?\\d+m \\(business hours\\)"));
    shot("inbox");
    page.setViewportSize(768, 1024);
    shot("inbox-tablet");
    page.setViewportSize(1280, 900);

    row.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName("Accept"))
        .click();
    assertThat(row.locator(".stage")).hasText("sal");
    assertThat(row.locator(".row-note")).containsText("Accepted");
    assertThat(row.locator(".dues")).not().containsText("Accept");
    assertThat(lifecycle.lead(demo.id(), new PersonId(id)).stage()).isEqualTo(Stage.SAL);

    page.reload();
    assertThat(row(id).locator(".stage")).hasText("sal");
  }

  @Test
  void rejecting_with_a_reason_from_the_keyboard_recycles_the_lead_out_of_the_inbox() {
    Workspace demo = demo();
    Inbox.Entry entry = mine(demo, SARA, Stage.MQL).getFirst();
    long id = entry.lead().person().value();
    login(SARA, DEMO_PASSWORD, demo);
    page.navigate("/ui/inbox");

    Locator row = row(id);
    row.locator("summary", new Locator.LocatorOptions().setHasText("Reject")).focus();
    page.keyboard().press("Enter");
    row.getByLabel("Reason").selectOption("no-budget-or-timing");
    row.getByLabel("Comment").first().fill("next year");
    row.scrollIntoViewIfNeeded();
    shot("inbox-reject");
    row.getByLabel("Comment").first().press("Enter");

    assertThat(row.locator(".stage")).hasText("nurture");
    assertThat(row.locator(".row-note")).containsText("out of the inbox");
    assertThat(row.locator("td.actions button")).hasCount(0);
    var lead = lifecycle.lead(demo.id(), new PersonId(id));
    assertThat(lead.stage()).isEqualTo(Stage.NURTURE);
    assertThat(lifecycle.history(demo.id(), new PersonId(id)).getLast().reason())
        .isEqualTo("no-budget-or-timing");

    page.reload();
    assertThat(row(id)).hasCount(0);
  }

  @Test
  void logging_a_call_meets_the_first_contact_clock() {
    Workspace demo = demo();
    Inbox.Entry entry =
        mine(demo, SARA, Stage.MQL).stream()
            .filter(e -> e.firstContactDue() != null && e.lead().firstContactAt() == null)
            .findFirst()
            .orElseThrow();
    long id = entry.lead().person().value();
    login(SARA, DEMO_PASSWORD, demo);
    page.navigate("/ui/inbox");

    Locator row = row(id);
    assertThat(row.locator(".dues")).containsText("First contact");
    row.locator("summary", new Locator.LocatorOptions().setHasText("Log a call")).click();
    row.getByLabel("Kind").selectOption("call");
    row.locator("textarea[name=note]").fill("left a voicemail, calling back Friday");
    row.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName("Log it"))
        .click();

    assertThat(row.locator(".row-note")).containsText("Logged a call");
    assertThat(row.locator(".dues")).not().containsText("First contact");
    assertThat(lifecycle.lead(demo.id(), new PersonId(id)).firstContactAt()).isNotNull();
  }

  @Test
  void the_manager_sees_the_team_with_owners_and_breaches_and_a_rep_may_not_reassign() {
    Workspace demo = demo();
    login(MAX, DEMO_PASSWORD, demo);
    page.navigate("/ui/inbox?scope=team");

    assertThat(page.locator(".tabs [aria-current=page]")).hasText("My team's leads");
    Locator rows = page.locator("#inbox-list tbody tr");
    assertThat(rows.first()).isVisible();
    String owners =
        String.join(" ", page.locator("#inbox-list tbody td:nth-child(3)").allTextContents());
    assertThat(owners).contains(BRAM).contains(SARA);
    assertThat(page.locator("#inbox-list tbody tr.breached").first()).containsText("SLA breached");
    assertThat(page.locator("#inbox-title .badge.bad")).containsText("SLA breached");
    shot("inbox-team");

    // Bram is in the team but manages nobody: the service refuses, the page shows its detail.
    page.context().clearCookies();
    login(BRAM, DEMO_PASSWORD, demo);
    page.navigate("/ui/inbox?scope=team");
    Locator first = page.locator("#inbox-list tbody tr").first();
    first.locator("summary", new Locator.LocatorOptions().setHasText("Reassign")).click();
    first.getByLabel("New owner's e-mail").fill(SARA);
    first
        .getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName("Reassign"))
        .click();
    Locator problem = page.locator("#problems .problem");
    assertThat(problem)
        .containsText(
            "Only a manager", new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
    assertThat(problem).containsText("handoff.not-a-manager");
  }

  @Test
  void an_analyst_has_no_inbox_and_the_server_refuses_her_accept() {
    Workspace demo = demo();
    long id = mine(demo, BRAM, Stage.MQL).getFirst().lead().person().value();
    login(IRIS, DEMO_PASSWORD, demo);
    assertThat(page.locator("nav")).not().containsText("Inbox");

    page.navigate("/ui/inbox?scope=team");
    assertThat(page.locator("#read-only")).containsText("only let you look");
    assertThat(page.locator("td.actions")).hasCount(0);

    // What a hand-made request from her session gets: the lifecycle's refusal.
    String token = page.locator("meta[name=_csrf]").getAttribute("content");
    String header = page.locator("meta[name=_csrf_header]").getAttribute("content");
    var response =
        page.request()
            .post(
                "/ui/inbox/" + id + "/accept",
                RequestOptions.create().setHeader(header, token).setHeader("HX-Request", "true"));
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.text()).contains("lifecycle.role-not-allowed");
    assertThat(lifecycle.lead(demo.id(), new PersonId(id)).stage()).isEqualTo(Stage.MQL);
  }
}
