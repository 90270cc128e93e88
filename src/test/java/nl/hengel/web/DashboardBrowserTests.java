package nl.hengel.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import nl.hengel.access.Workspace;
import nl.hengel.platform.Role;
import nl.hengel.testing.BrowserTestSupport;
import org.junit.jupiter.api.Test;

/** The dashboard of the demo workspace, as its users see it in Chromium. */
class DashboardBrowserTests extends BrowserTestSupport {

  static final String ANNA = "anna@demo.hengel.example";
  static final String IRIS = "iris@demo.hengel.example";

  /** The largest number in a table's body cells. */
  static long largest(Locator table) {
    return table.locator("tbody td").allTextContents().stream()
        .map(t -> t.replaceAll("[^0-9]", ""))
        .filter(t -> !t.isEmpty() && t.length() < 12)
        .mapToLong(Long::parseLong)
        .max()
        .orElse(0);
  }

  @Test
  void the_demo_dashboard_shows_every_report_as_a_chart_and_a_table_with_numbers() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);

    for (String report : new String[] {"waterfall", "velocity", "sla", "experience"}) {
      Locator card = page.locator("#" + report);
      // ECharts drew into the chart (SVG renderer) from the data embedded in the page.
      assertThat(card.locator(".chart[data-drawn] svg path").first()).isAttached();
      assertThat(largest(card.locator("table.numbers"))).as(report).isPositive();
    }
    assertThat(page.locator("#waterfall tfoot th")).hasText("(all)");
    assertThat(page.locator("#experience tbody th"))
        .containsText(new String[] {"marketing", "sales", "service"});
    String leaking = page.locator("#leakage .big-number strong").textContent();
    assertThat(Long.parseLong(leaking)).isPositive();
    assertThat(page.locator("#leakage a.big-number")).hasAttribute("href", "/ui/leakage");
    assertThat(page.locator("nav [aria-current=page]")).hasText("Dashboard");
    screenshot("dashboard");

    // A tablet: one column, the charts redrawn to its width.
    page.setViewportSize(768, 1024);
    page.waitForTimeout(300);
    assertThat(page.locator("#waterfall .chart svg").first()).isAttached();
    screenshot("dashboard-tablet");
  }

  @Test
  void the_filters_update_the_reports_in_place_and_the_csv_has_the_same_numbers() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);

    page.getByLabel("Group by").selectOption("source");
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Show"))
        .click();
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*groupBy=source.*"));
    assertThat(page.locator("#waterfall thead th").first()).hasText("source");
    assertThat(page.locator("#waterfall .chart[data-drawn] svg path").first()).isAttached();

    String total = page.locator("#waterfall tfoot td").first().textContent();
    var download = page.waitForDownload(() -> page.locator("#waterfall a.csv").click());
    String csv;
    try {
      csv = java.nio.file.Files.readString(download.path(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(csv).startsWith("key,leads,nurture,mql");
    assertThat(csv.lines().filter(l -> l.startsWith("(all),")).findFirst().orElseThrow())
        .startsWith("(all)," + total + ",");
    screenshot("dashboard-by-source");

    // Keeping to one source leaves one group in the waterfall, and a source nobody has none.
    page.getByLabel("Source").fill("(none)");
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Show"))
        .click();
    assertThat(page).hasURL(java.util.regex.Pattern.compile(".*source=(\\(none\\)|%28none%29).*"));
    assertThat(page.locator("#waterfall tbody tr")).hasCount(1);
    assertThat(page.locator("#waterfall tbody th").first()).hasText("(none)");
  }

  @Test
  void a_bad_filter_shows_the_problem_with_its_field() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);

    page.navigate("/ui/dashboard?from=2026-05-01&to=2026-01-01");
    Locator problem = page.locator(".problem");
    assertThat(problem).containsText("Invalid parameter");
    assertThat(problem.locator(".field-errors")).containsText("must be after from");
    screenshot("dashboard-problem");
  }

  @Test
  void an_address_no_page_claims_shows_not_found_in_the_layout() {
    Workspace demo = demo();
    login(ANNA, DEMO_PASSWORD, demo);

    var response = page.navigate("/ui/no-such-page");
    assertThat(response.status()).isEqualTo(404);
    assertThat(page.locator(".problem h2")).hasText("Page not found");
    assertThat(page.locator("header .workspace")).hasText(demo.name());
  }

  @Test
  void an_analyst_sees_the_dashboard_without_the_inbox() {
    Workspace demo = demo();
    login(IRIS, DEMO_PASSWORD, demo);

    assertThat(page.locator("nav")).containsText("Dashboard");
    assertThat(page.locator("nav")).not().containsText("Inbox");
    assertThat(page.locator("header .roles")).hasText("analyst");
    // A sales member of the same workspace does see the inbox.
    String rep = "rep-" + UUID.randomUUID().toString().substring(0, 8) + "@demo.example";
    member(demo, rep, "a long sales password", Role.SALES);
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new com.microsoft.playwright.Page.GetByRoleOptions().setName("Log out"))
        .click();
    login(rep, "a long sales password", demo);
    assertThat(page.locator("nav")).containsText("Inbox");
  }
}
