package nl.hengel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hengel.access.Member;
import nl.hengel.access.Passwords;
import nl.hengel.access.Workspace;
import nl.hengel.demo.DemoWorkspaces;
import nl.hengel.platform.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Base of every {@code *BrowserTests}: the whole server as in {@link IntegrationTestSupport}, and a
 * real headless Chromium (Debian's {@code /usr/bin/chromium}, or {@code HENGEL_TEST_CHROMIUM})
 * driven by Playwright: one browser per test class, a fresh context (no cookies) and {@link #page}
 * per test. {@link #login} signs in through the login form, {@link #screenshot} writes {@code
 * target/screenshots/NAME.png} for people to look at, {@link #demo} is the demo workspace.
 */
public abstract class BrowserTestSupport extends IntegrationTestSupport {

  /** Where screenshots go, for a person to look at after the build. */
  public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private static Playwright playwright;
  private static Browser browser;

  @Autowired protected ApplicationContext context;
  @Autowired protected Passwords passwords;

  protected BrowserContext browserContext;
  protected Page page;

  @BeforeAll
  static void startBrowser() {
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    String chromium = System.getenv().getOrDefault("HENGEL_TEST_CHROMIUM", "/usr/bin/chromium");
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get(chromium))
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void openPage() {
    browserContext =
        browser.newContext(
            new Browser.NewContextOptions()
                .setBaseURL(baseUrl())
                .setViewportSize(1280, 900)
                .setLocale("en-GB"));
    browserContext.setDefaultTimeout(15_000);
    page = browserContext.newPage();
  }

  @AfterEach
  void closePage() {
    if (browserContext != null) {
      browserContext.close();
    }
  }

  protected String baseUrl() {
    return "http://localhost:" + port;
  }

  /** The demo workspace (made once per test JVM); its users sign in with {@link #DEMO_PASSWORD}. */
  protected Workspace demo() {
    return DemoWorkspaces.shared(context);
  }

  protected static final String DEMO_PASSWORD = DemoWorkspaces.PASSWORD;

  /** A new member of the workspace with these roles and this browser password. */
  protected Member member(Workspace ws, String email, String password, Role... roles) {
    Member member = members.add(ws.id(), email, email, Set.of(roles));
    passwords.set(member.id(), password);
    return member;
  }

  /**
   * Signs in through the form and, for a member of several workspaces, chooses {@code workspace} on
   * the picker; ends on the dashboard.
   */
  protected void login(String email, String password, Workspace workspace) {
    page.navigate("/login");
    page.getByLabel("E-mail").fill(email);
    page.getByLabel("Password").fill(password);
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName("Sign in"))
        .click();
    page.waitForURL(url -> !url.contains("/login"));
    if (page.url().endsWith("/ui/workspace")) {
      page.locator("button[data-slug='" + workspace.slug() + "']").click();
    }
    page.waitForURL("**/ui/dashboard");
    assertThat(page.locator("header .workspace").textContent()).isEqualTo(workspace.name());
  }

  /** Writes the page as it looks now to {@code target/screenshots/NAME.png}. */
  protected Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }
}
