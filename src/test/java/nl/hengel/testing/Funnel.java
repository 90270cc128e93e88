package nl.hengel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The common ground of the lifecycle and handoff scenarios: a definition with SLA and recycle
 * rules, the company every lead works for, interactions, and leads that meet the gate.
 */
public final class Funnel {

  private Funnel() {}

  /**
   * {@link DefinitionTexts#SIMPLE} with an SLA in Mon–Fri 09:00–17:30 Europe/Amsterdam business
   * hours (accept in 8h, first contact in 24h) and a 30-day minimum nurture for recycled leads.
   */
  public static final String DEFINITION =
      DefinitionTexts.SIMPLE
          + """
          sla:
            accept_within: 8h
            first_contact_within: 24h
            business_hours: { zone: Europe/Amsterdam, days: MON-FRI, from: "09:00", to: "17:30", holidays: [2026-12-25, 2026-12-26] }
          recycle: { on_reject: nurture, min_nurture: 30d }
          """;

  /** The campaign of every download made here. */
  public static final String CAMPAIGN = "q4-guide";

  /** Acme, Dutch with 120 employees: fit 25 under {@link #DEFINITION}. */
  public static void company(Api admin) {
    ok(
        admin.post(
            "/api/companies",
            Map.of(
                "domain",
                "acme.example",
                "name",
                "Acme",
                "attributes",
                Map.of("country", "NL", "employees", 120))));
  }

  public static Map<String, Object> interaction(
      String externalId,
      String email,
      Instant at,
      String department,
      String type,
      @Nullable String content) {
    var m = new HashMap<String, Object>();
    m.put("source", "web");
    m.put("externalId", externalId);
    m.put("person", Map.of("email", email));
    m.put("occurredAt", at.toString());
    m.put("department", department);
    m.put("type", type);
    if (content != null) {
      m.put("content", content);
      m.put("campaign", CAMPAIGN);
    }
    return m;
  }

  public static Map<String, Object> download(
      String externalId, String email, Instant at, String content) {
    return interaction(externalId, email, at, "marketing", "content_download", content);
  }

  /**
   * Two downloads of new content, at {@code at} and a minute later: the lead of an Acme person
   * meets the gate of {@link #DEFINITION} (fit 25, engagement 20, two contents) at the second.
   * Waits until it is an MQL and answers its person id.
   */
  public static long qualify(Api admin, String email, Instant at) {
    String tag = email + "@" + at.toEpochMilli();
    ok(
        admin.post(
            "/api/interactions/batch",
            List.of(
                download(tag + "-1", email, at, tag + "-a"),
                download(tag + "-2", email, at.plusSeconds(60), tag + "-b"))));
    long id = personId(admin, email);
    awaitStage(admin, id, "mql");
    return id;
  }

  public static long personId(Api api, String email) {
    return api.get("/api/people?email=" + email).json().get(0).get("id").asLong();
  }

  public static JsonNode lead(Api api, long person) {
    return api.get("/api/people/" + person + "/lead").json().get("lead");
  }

  public static String stage(Api api, long person) {
    return lead(api, person).get("stage").asString();
  }

  /** Waits until the lead is in the stage; answers the lead with its history. */
  public static JsonNode awaitStage(Api api, long person, String stage) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> stage(api, person).equals(stage));
    return api.get("/api/people/" + person + "/lead").json();
  }

  public static Api.Response ok(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isBetween(200, 299);
    return r;
  }
}
