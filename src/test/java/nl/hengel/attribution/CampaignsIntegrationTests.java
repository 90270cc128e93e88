package nl.hengel.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CampaignsIntegrationTests extends IntegrationTestSupport {

  static Api.Response ok(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isBetween(200, 299);
    return r;
  }

  @Test
  void marketing_creates_a_campaign_and_its_monthly_spend_and_everyone_reads_it_back_exactly() {
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api iris = as(tw, "iris@acme.example", Role.ANALYST);
    ok(
        anna.put(
            "/api/campaigns/2026-q1-webinar",
            Map.of(
                "name", "Webinar: funnel leaks",
                "channel", "event",
                "startsOn", "2026-01-10",
                "endsOn", "2026-03-31")));
    ok(
        anna.put(
            "/api/campaigns/2026-q1-webinar/spend",
            List.of(
                Map.of("month", "2026-03", "amount", 1250.00, "currency", "EUR"),
                Map.of("month", "2026-01", "amount", 99.99, "currency", "EUR"),
                Map.of("month", "2026-02", "amount", 5000, "currency", "JPY"))));
    JsonNode c = ok(iris.get("/api/campaigns/2026-q1-webinar")).json();
    assertThat(c.get("key").asString()).isEqualTo("2026-q1-webinar");
    assertThat(c.get("name").asString()).isEqualTo("Webinar: funnel leaks");
    assertThat(c.get("channel").asString()).isEqualTo("event");
    assertThat(c.get("startsOn").asString()).isEqualTo("2026-01-10");
    assertThat(c.get("endsOn").asString()).isEqualTo("2026-03-31");
    assertThat(c.get("spend")).hasSize(3);
    assertThat(c.get("spend").get(0).get("month").asString()).isEqualTo("2026-01");
    assertThat(c.get("spend").get(0).get("amount").decimalValue()).isEqualByComparingTo("99.99");
    assertThat(c.get("spend").get(0).get("currency").asString()).isEqualTo("EUR");
    assertThat(c.get("spend").get(1).get("currency").asString()).isEqualTo("JPY");
    assertThat(c.get("spend").get(2).get("amount").decimalValue()).isEqualByComparingTo("1250");

    // Replacing the spend replaces it; changing the campaign keeps the spend.
    ok(
        tw.admin()
            .put(
                "/api/campaigns/2026-q1-webinar/spend",
                List.of(Map.of("month", "2026-04", "amount", 10, "currency", "EUR"))));
    ok(
        tw.admin()
            .put("/api/campaigns/2026-q1-webinar", Map.of("name", "Webinar", "channel", "event")));
    JsonNode list = ok(iris.get("/api/campaigns")).json();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("name").asString()).isEqualTo("Webinar");
    assertThat(list.get(0).has("startsOn")).isFalse();
    assertThat(list.get(0).get("spend")).hasSize(1);
    assertThat(list.get(0).get("spend").get(0).get("month").asString()).isEqualTo("2026-04");

    assertThat(ok(newWorkspace().admin().get("/api/campaigns")).json()).isEmpty();
  }

  @Test
  void invalid_campaigns_and_spend_are_refused_with_a_pointer_to_each_fault_and_write_nothing() {
    TestWorkspace tw = newWorkspace();
    Api.Response bad =
        tw.admin()
            .put(
                "/api/campaigns/spring",
                Map.of(
                    "name",
                    " ",
                    "channel",
                    "E mail",
                    "startsOn",
                    "2026-05-01",
                    "endsOn",
                    "2026-04-01"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:attribution.invalid-campaign");
    assertThat(pointers(bad.json())).containsExactly("/name", "/channel", "/endsOn");
    assertThat(tw.admin().get("/api/campaigns/spring").status()).isEqualTo(404);

    ok(tw.admin().put("/api/campaigns/spring", Map.of("name", "Spring", "channel", "email")));
    ok(
        tw.admin()
            .put(
                "/api/campaigns/spring/spend",
                List.of(Map.of("month", "2026-03", "amount", 1, "currency", "EUR"))));
    Api.Response spend =
        tw.admin()
            .put(
                "/api/campaigns/spring/spend",
                List.of(
                    Map.of("month", "2026-3", "amount", 1, "currency", "EUR"),
                    Map.of("month", "2026-04", "amount", 1.005, "currency", "EUR"),
                    Map.of("month", "2026-05", "amount", -1, "currency", "XXQ"),
                    Map.of("month", "2026-06", "amount", 2, "currency", "EUR"),
                    Map.of("month", "2026-06", "amount", 3, "currency", "EUR")));
    assertThat(spend.status()).isEqualTo(422);
    assertThat(spend.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:attribution.invalid-spend");
    assertThat(pointers(spend.json()))
        .containsExactly("/0/month", "/1/amount", "/2/currency", "/2/amount", "/4/month");
    JsonNode kept = ok(tw.admin().get("/api/campaigns/spring")).json().get("spend");
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).get("month").asString()).isEqualTo("2026-03");

    assertThat(
            tw.admin()
                .put(
                    "/api/campaigns/nope/spend",
                    List.of(Map.of("month", "2026-03", "amount", 1, "currency", "EUR")))
                .status())
        .isEqualTo(404);
  }

  @Test
  void only_admin_and_marketing_change_campaigns() {
    TestWorkspace tw = newWorkspace();
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Api iris = as(tw, "iris@acme.example", Role.ANALYST);
    Map<String, String> spec = Map.of("name", "Spring", "channel", "email");
    Api.Response sales = bram.put("/api/campaigns/spring", spec);
    assertThat(sales.status()).isEqualTo(403);
    assertThat(sales.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:attribution.forbidden");
    assertThat(iris.put("/api/campaigns/spring", spec).status()).isEqualTo(403);
    ok(tw.admin().put("/api/campaigns/spring", spec));
    assertThat(
            bram.put(
                    "/api/campaigns/spring/spend",
                    List.of(Map.of("month", "2026-03", "amount", 1, "currency", "EUR")))
                .status())
        .isEqualTo(403);
    assertThat(ok(bram.get("/api/campaigns")).json()).hasSize(1);
  }

  static List<String> pointers(JsonNode problem) {
    var result = new java.util.ArrayList<String>();
    problem.get("errors").forEach(e -> result.add(e.get("pointer").asString()));
    return result;
  }
}
