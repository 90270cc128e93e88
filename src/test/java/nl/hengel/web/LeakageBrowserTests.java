package nl.hengel.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import nl.hengel.access.Workspace;
import nl.hengel.testing.BrowserTestSupport;
import org.junit.jupiter.api.Test;

/** The leakage report of the demo workspace in Chromium: counts, leads and the CSV. */
class LeakageBrowserTests extends BrowserTestSupport {

  static final String IRIS = "iris@demo.hengel.example";

  @Test
  void the_report_counts_leaking_leads_per_group_and_category_and_the_csv_lists_them() {
    Workspace demo = demo();
    login(IRIS, DEMO_PASSWORD, demo);
    page.locator("#leakage a.big-number").click();
    page.waitForURL("**/ui/leakage");

    assertThat(page.locator("header nav [aria-current=page]")).hasText("Leakage");
    long leaking = Long.parseLong(page.locator("#groups-title span").first().textContent());
    assertThat(leaking).isPositive();
    assertThat(DashboardBrowserTests.largest(page.locator("#groups table.numbers"))).isPositive();
    assertThat(page.locator("#groups tfoot td").last()).hasText(String.valueOf(leaking));
    assertThat(page.locator("#leads tbody tr").first()).isVisible();
    screenshot("leakage");

    var download = page.waitForDownload(() -> page.locator("#groups a.csv").click());
    List<String> lines = read(download.path()).lines().toList();
    assertThat(lines.getFirst())
        .isEqualTo(
            "personId,email,name,stage,stageSince,daysInStage,owner,source,campaign,cohort,"
                + "category,breachedAt");
    // One row per lead and category; the leads are those the page counted (up to the CSV's limit).
    long people =
        lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count();
    assertThat(people).isEqualTo(Math.min(leaking, 1000));
  }

  @Test
  void one_category_by_source_updates_in_place_and_the_csv_keeps_the_filter() {
    Workspace demo = demo();
    login(IRIS, DEMO_PASSWORD, demo);
    page.navigate("/ui/leakage");

    page.getByLabel("Group by").selectOption("source");
    page.getByLabel("sla-breached").check();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
    assertThat(page).hasURL(Pattern.compile(".*groupBy=source.*category=sla-breached.*"));
    assertThat(page.locator("#groups thead th"))
        .hasText(new String[] {"source", "sla-breached", "leads"});
    Locator csv = page.locator("#groups a.csv");
    assertThat(csv).hasAttribute("href", Pattern.compile(".*category=sla-breached.*"));

    var download = page.waitForDownload(csv::click);
    List<String> rows = read(download.path()).lines().skip(1).toList();
    assertThat(rows).isNotEmpty();
    assertThat(rows).allSatisfy(r -> assertThat(r).contains(",sla-breached,"));
    screenshot("leakage-by-source");
  }

  @Test
  void a_bad_threshold_shows_the_problem_with_its_parameter() {
    Workspace demo = demo();
    login(IRIS, DEMO_PASSWORD, demo);
    page.navigate("/ui/leakage?salDays=soon");
    assertThat(page.locator(".problem .field-errors")).containsText("salDays");
  }

  private static String read(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
