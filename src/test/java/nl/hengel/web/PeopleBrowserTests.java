package nl.hengel.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.util.Map;
import nl.hengel.access.Workspace;
import nl.hengel.testing.BrowserTestSupport;
import nl.hengel.testing.Funnel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The lead list and the person page of the demo workspace, in Chromium. */
class PeopleBrowserTests extends BrowserTestSupport {

  static final String ADMIN = "admin@demo.hengel.example";
  static final String IRIS = "iris@demo.hengel.example";

  @Autowired JdbcClient jdbc;

  /** A demo person touched by all three departments on one timeline page, who changed stage. */
  long personOfAllDepartments(Workspace demo) {
    return jdbc.sql(
            """
            select i.person_id from interaction i
             where i.workspace_id = ?
               and exists (select 1 from lead_transition t where t.person_id = i.person_id)
               -- one no other browser test moved (they share the demo and run in any order)
               and not exists (select 1 from lead_transition t
                                where t.person_id = i.person_id and t.actor not like '%generator%')
             group by i.person_id
            having count(distinct i.department) = 3 and count(*) <= 20
             order by i.person_id fetch first 1 rows only
            """)
        .param(demo.id().value())
        .query(Long.class)
        .single();
  }

  @Test
  void the_lead_list_filters_by_stage_and_pages_forward_and_back() {
    Workspace demo = demo();
    login(ADMIN, DEMO_PASSWORD, demo);
    page.locator("nav a[data-nav=leads]").click();
    assertThat(page.locator("nav [aria-current=page]")).hasText("Leads");
    assertThat(page.locator("table.leads tbody tr")).hasCount(LeadsController.PAGE_SIZE);
    screenshot("leads");

    page.getByLabel("Stage").selectOption("sql");
    page.locator("form.filters button[type=submit]").click();
    page.waitForURL("**/ui/leads?*stage=sql*");
    var stages = page.locator("table.leads td.stage");
    assertThat(stages.first()).hasText("sql");
    assertThat(stages.allTextContents()).isNotEmpty().allMatch("sql"::equals);

    // Page forward by the last row's id, then back: the same first page again.
    page.getByLabel("Stage").selectOption("");
    page.locator("form.filters button[type=submit]").click();
    page.waitForURL(url -> !url.contains("stage=sql"));
    String first = page.locator("table.leads tbody tr").first().getAttribute("data-person");
    page.getByText("Older →").click();
    page.waitForURL("**after=*");
    assertThat(page.locator("table.leads tbody tr").first())
        .not()
        .hasAttribute("data-person", first);
    page.getByText("← Newer").click();
    page.waitForURL("**before=*");
    assertThat(page.locator("table.leads tbody tr").first()).hasAttribute("data-person", first);
    assertThat(page.getByText("← Newer")).hasCount(0);

    page.setViewportSize(768, 1024);
    screenshot("leads-tablet");
  }

  @Test
  void a_person_shows_every_department_the_explanation_the_history_and_the_clocks() {
    Workspace demo = demo();
    long id = personOfAllDepartments(demo);
    String email =
        jdbc.sql("select email from person where id = ?").param(id).query(String.class).single();
    login(ADMIN, DEMO_PASSWORD, demo);
    page.navigate("/ui/leads");
    page.getByLabel("Open a person by e-mail").fill(email);
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Open"))
        .click();
    page.waitForURL("**/ui/people/" + id);

    var departments = page.locator("#timeline li.interaction .dept").allTextContents();
    assertThat(departments).contains("marketing", "sales", "service");
    assertThat(page.locator("#timeline .sentiment").first()).containsText("e"); // in words
    assertThat(page.locator("#scores")).containsText("Fit");
    assertThat(page.locator("#scores .gate li").first()).isVisible();
    assertThat(page.locator("#lead table.history tbody tr").first()).isVisible();
    assertThat(page.locator("#lead table.history tbody td").nth(1)).containsText("generator");
    assertThat(
            page.getByRole(
                com.microsoft.playwright.options.AriaRole.BUTTON,
                new com.microsoft.playwright.Page.GetByRoleOptions().setName("Move lead")))
        .isVisible();
    screenshot("person");
    page.setViewportSize(768, 1024);
    screenshot("person-tablet");
  }

  @Test
  void an_analyst_reads_the_pages_without_write_controls_and_a_move_is_refused() {
    Workspace demo = demo();
    long id = personOfAllDepartments(demo);
    String stage =
        jdbc.sql("select stage from lead where person_id = ?")
            .param(id)
            .query(String.class)
            .single();
    login(IRIS, DEMO_PASSWORD, demo);
    page.navigate("/ui/leads");
    assertThat(page.locator("table.leads tbody tr").first()).isVisible();
    page.navigate("/ui/people/" + id);
    assertThat(page.locator("#timeline li").first()).isVisible();
    assertThat(page.locator("form.move")).hasCount(0);
    assertThat(page.locator("main button:not(.secondary)")).hasCount(0);

    // Posting the form anyway: the lifecycle refuses, and nothing moves.
    String csrf = page.locator("meta[name=_csrf]").getAttribute("content");
    String header = page.locator("meta[name=_csrf_header]").getAttribute("content");
    var response =
        page.request()
            .post(
                "/ui/people/" + id + "/moves",
                RequestOptions.create()
                    .setHeader(header, csrf)
                    .setForm(FormData.create().set("to", "suppressed")));
    assertThat(response.status()).isEqualTo(403);
    assertThat(
            jdbc.sql("select stage from lead where person_id = ?")
                .param(id)
                .query(String.class)
                .single())
        .isEqualTo(stage);
  }

  @Test
  void a_person_of_another_workspace_is_not_found() {
    Workspace demo = demo();
    TestWorkspace other = newWorkspace();
    Funnel.ok(other.admin().post("/api/people", Map.of("email", "hidden@elsewhere.example")));
    long hidden = Funnel.personId(other.admin(), "hidden@elsewhere.example");
    login(ADMIN, DEMO_PASSWORD, demo);

    var response = page.navigate("/ui/people/" + hidden);
    assertThat(response.status()).isEqualTo(404);
    assertThat(page.locator(".problem")).containsText("No person with id " + hidden);
    assertThat(page.locator(".problem")).not().containsText("hidden@");
  }
}
