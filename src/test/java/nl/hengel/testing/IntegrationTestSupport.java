package nl.hengel.testing;

import java.util.Set;
import java.util.UUID;
import nl.hengel.access.ApiTokens;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Workspace;
import nl.hengel.access.Workspaces;
import nl.hengel.platform.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Base of every {@code *IntegrationTests}: the whole application on a real port, on the database
 * {@link TestDatabase} chose for this JVM, with a clock the test controls. Each test works in
 * workspaces of its own, so tests share one server and one database without seeing each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
public abstract class IntegrationTestSupport {

  static {
    TestDatabase.configure();
  }

  @LocalServerPort protected int port;
  @Autowired protected Workspaces workspaces;
  @Autowired protected Members members;
  @Autowired protected ApiTokens tokens;
  @Autowired protected MutableClock clock;

  /** A fresh workspace and an API client of its admin. */
  protected TestWorkspace newWorkspace() {
    String slug = "t-" + UUID.randomUUID().toString().substring(0, 12);
    Workspace ws = workspaces.create(slug, "Test " + slug);
    TestWorkspace tw = new TestWorkspace(ws, null);
    return new TestWorkspace(ws, as(tw, "admin@" + slug + ".example", Role.ADMIN));
  }

  /** An API client of a (new) member of the workspace with these roles. */
  protected Api as(TestWorkspace tw, String email, Role... roles) {
    Member member = members.add(tw.workspace().id(), email, email, Set.of(roles));
    return new Api(port, tokens.issue(tw.workspace().id(), member.id(), "test", null).token());
  }

  /**
   * Puts a definition in force the way people do: uploaded by the admin, approved by its marketing
   * owner and its sales owner (clients of members named in its {@code owners}), activated, and
   * waited for.
   */
  protected void activate(TestWorkspace tw, Api marketingOwner, Api salesOwner, String yaml) {
    int number = startActivation(tw, marketingOwner, salesOwner, yaml).number();
    awaitActivated(tw.admin(), number);
  }

  /**
   * Waits until the activation of a version is over, the leads it qualifies qualified; fails unless
   * it is done and the version in force.
   */
  public static void awaitActivated(Api api, int number) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(50))
        .until(() -> {
          var reevaluation = api.get("/api/definitions/" + number).json().get("reevaluation");
          return reevaluation != null && !reevaluation.get("status").asString().equals("running");
        });
    var version = api.get("/api/definitions/" + number).json();
    if (!version.get("reevaluation").get("status").asString().equals("done")
        || !version.get("status").asString().equals("active")) {
      throw new AssertionError("activation of version " + number + " did not finish: " + version);
    }
  }

  /** A version being activated: its number and its re-evaluation's id. */
  protected record Activation(int number, long reevaluation) {}

  /**
   * Uploads, approves (by the two owners) and activates a definition, without waiting for the
   * re-evaluation.
   */
  protected Activation startActivation(
      TestWorkspace tw, Api marketingOwner, Api salesOwner, String yaml) {
    Api.Response uploaded = tw.admin().send("/api/definitions", "POST", "application/yaml", yaml);
    if (uploaded.status() != 201) {
      throw new AssertionError("upload failed: " + uploaded);
    }
    int number = uploaded.json().get("version").get("number").asInt();
    for (Api owner : java.util.List.of(marketingOwner, salesOwner)) {
      Api.Response approved = owner.post("/api/definitions/" + number + "/approve", "");
      if (approved.status() != 200) {
        throw new AssertionError("approval failed: " + approved);
      }
    }
    Api.Response started = tw.admin().post("/api/definitions/" + number + "/activate", "");
    if (started.status() != 202) {
      throw new AssertionError("activation failed: " + started);
    }
    return new Activation(number, started.json().get("id").asLong());
  }

  /** A client with no token at all. */
  protected Api anonymous() {
    return new Api(port, null);
  }

  /** A workspace of a test, with the API client of its admin. */
  public record TestWorkspace(Workspace workspace, Api admin) {}
}
