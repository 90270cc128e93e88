package nl.hengel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /api/leads/outcomes: lead moves from a CSV file, all or nothing, over real HTTP. */
class OutcomesImportIntegrationTests extends IntegrationTestSupport {

  record Shop(TestWorkspace tw, Api anna, Api bram, Api sam, Api iris) {}

  Shop shop() {
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Api sam = as(tw, "sam@acme.example", Role.SALES);
    Api iris = as(tw, "iris@acme.example", Role.ANALYST);
    activate(tw, anna, bram, Funnel.DEFINITION);
    Funnel.company(tw.admin());
    return new Shop(tw, anna, bram, sam, iris);
  }

  /** People who met the gate: each an MQL nobody owns yet. */
  List<Long> mqls(Shop s, String... emails) {
    Instant t = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
    var batch = new ArrayList<Map<String, Object>>();
    for (String email : emails) {
      batch.add(Funnel.download(email + "-1", email, t, "guide-a"));
      batch.add(Funnel.download(email + "-2", email, t.plusSeconds(600), "guide-b"));
    }
    Api.Response stored = s.tw().admin().post("/api/interactions/batch", batch);
    assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
    var ids = new ArrayList<Long>();
    for (String email : emails) {
      long id = personId(s.tw().admin(), email);
      Funnel.awaitStage(s.tw().admin(), id, "mql");
      ids.add(id);
    }
    return ids;
  }

  static long personId(Api api, String email) {
    return api.get("/api/people?email=" + email).json().get(0).get("id").asLong();
  }

  static Api.Response outcomes(Api api, String csv) {
    return api.send("/api/leads/outcomes", "POST", "text/csv", csv);
  }

  static JsonNode history(Api api, long person) {
    return api.get("/api/people/" + person + "/lead").json().get("history");
  }

  static List<String> stagesOf(JsonNode history) {
    return history.valueStream().map(h -> h.get("to").asString()).toList();
  }

  static List<String> errors(Api.Response r) {
    return r.json()
        .get("errors")
        .valueStream()
        .map(e ->
            e.get("line").asLong()
                + " | "
                + (e.has("column") ? e.get("column").asString() : "-")
                + " | "
                + e.get("message").asString())
        .toList();
  }

  @Test
  void a_file_moving_leads_through_sal_sql_won_and_lost_applies_with_the_caller_as_actor() {
    Shop s = shop();
    List<Long> ids = mqls(s, "eva@acme.example", "finn@acme.example", "gus@acme.example");
    long eva = ids.get(0);
    long finn = ids.get(1);
    long gus = ids.get(2);
    s.tw()
        .admin()
        .post(
            "/api/people",
            Map.of(
                "email", "gus@acme.example", "externalKey", Map.of("source", "crm", "id", "0031")));

    Api.Response r =
        outcomes(
            s.bram(),
            """
            email,personId,personSource,personExternalId,stage,reason,comment
            eva@acme.example,,,,sal,,
            ,%d,,,sal,,
            ,,crm,0031,sal,,
            eva@acme.example,,,,sql,,
            ,%d,,,sql,,
            eva@acme.example,,,,won,,Signed the order
            ,%d,,,lost,price,
            ,,crm,0031,nurture,no-budget-or-timing,Next year
            """
                .formatted(finn, finn, finn));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode summary = r.json();
    assertThat(summary.get("outcome").asString()).isEqualTo("imported");
    assertThat(summary.get("rows").asLong()).isEqualTo(8);
    assertThat(summary.get("applied").asLong()).isEqualTo(8);
    assertThat(summary.get("stages").propertyNames())
        .containsExactly("nurture", "sal", "sql", "won", "lost");
    assertThat(summary.get("stages").get("sal").asLong()).isEqualTo(3);
    assertThat(summary.get("stages").get("sql").asLong()).isEqualTo(2);
    assertThat(summary.get("stages").get("won").asLong()).isEqualTo(1);
    assertThat(summary.get("stages").get("lost").asLong()).isEqualTo(1);
    assertThat(summary.get("stages").get("nurture").asLong()).isEqualTo(1);

    JsonNode evaHistory = history(s.iris(), eva);
    assertThat(stagesOf(evaHistory)).containsExactly("mql", "sal", "sql", "won");
    assertThat(evaHistory.get(3).get("actor").asString()).isEqualTo("user:bram@acme.example");
    assertThat(evaHistory.get(3).get("comment").asString()).isEqualTo("Signed the order");
    JsonNode finnHistory = history(s.iris(), finn);
    assertThat(stagesOf(finnHistory)).containsExactly("mql", "sal", "sql", "lost");
    assertThat(finnHistory.get(3).get("actor").asString()).isEqualTo("user:bram@acme.example");
    assertThat(finnHistory.get(3).get("reason").asString()).isEqualTo("price");
    JsonNode gusHistory = history(s.iris(), gus);
    assertThat(stagesOf(gusHistory)).containsExactly("mql", "sal", "nurture");
    assertThat(gusHistory.get(2).get("reason").asString()).isEqualTo("no-budget-or-timing");
    assertThat(gusHistory.get(2).get("comment").asString()).isEqualTo("Next year");
    // Accepting made the leads bram's, as a move by hand does.
    assertThat(
            s.iris().get("/api/people/" + eva + "/lead").json().get("lead").get("owner").asString())
        .isEqualTo("bram@acme.example");
  }

  @Test
  void a_file_with_bad_rows_moves_nothing_and_reports_every_bad_line_with_the_policy_text() {
    Shop s = shop();
    List<Long> ids = mqls(s, "hana@acme.example", "ivo@acme.example", "jan@acme.example");

    Api.Response r =
        outcomes(
            s.bram(),
            """
            email,stage,reason,comment
            jan@acme.example,sal,,
            nobody@acme.example,sal,,
            hana@acme.example,sql,,
            ivo@acme.example,sal,,
            ivo@acme.example,sql,,
            ivo@acme.example,lost,,
            jan@acme.example,closed,,
            hana@acme.example,won,,
            jan@acme.example,sql,,
            """);

    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:lifecycle.outcomes-rows-invalid");
    assertThat(r.json().get("detail").asString())
        .isEqualTo("6 of 9 rows failed, so no lead was moved.");
    assertThat(errors(r))
        .containsExactly(
            "3 | email | no person with e-mail nobody@acme.example here",
            "4 | stage | An MQL cannot become SQL without sales accepting it first: accept it (sal),"
                + " then qualify it (sql).",
            "7 | reason | A lost needs a reason code, one of: price, competitor, no-decision,"
                + " timing, product-fit.",
            "8 | stage | 'closed' is not a stage; one of nurture, sal, sql, won, lost,"
                + " disqualified, suppressed",
            "9 | - | not checked: this person's row on line 4 failed, so the stage this row starts"
                + " from is unknown",
            "10 | - | not checked: this person's row on line 8 failed, so the stage this row"
                + " starts from is unknown");
    assertThat(r.json().get("errors").get(1).get("code").asString())
        .isEqualTo("lifecycle.acceptance-required");
    assertThat(r.json().get("errors").get(1).get("pointer").asString())
        .isEqualTo("line 4, column stage");

    // Lines 2, 5 and 6 were fine and were applied inside the transaction; none of it stays.
    for (long id : ids) {
      assertThat(stagesOf(history(s.iris(), id))).containsExactly("mql");
      JsonNode lead = s.iris().get("/api/people/" + id + "/lead").json().get("lead");
      assertThat(lead.get("stage").asString()).isEqualTo("mql");
      assertThat(lead.has("owner")).isFalse();
    }
  }

  @Test
  void quoted_cells_and_a_comment_with_commas_quotes_and_line_breaks_keep_their_line_numbers() {
    Shop s = shop();
    long kim = mqls(s, "kim@acme.example").getFirst();
    String csv =
        """
        "E-mail";"Stage";"Reason";"Comment"
        "kim@acme.example";"sal";"";"Met at the fair; Utrecht, hall 3
        wants a ""real"" demo"
        "kim@acme.example";"sql";;
        "kim@acme.example";"lost";"cheap";
        """;

    Api.Response dry =
        s.bram().send("/api/leads/outcomes?delimiter=;&dryRun=true", "POST", "text/csv", csv);
    assertThat(dry.status()).as(dry.toString()).isEqualTo(422);
    assertThat(errors(dry))
        .containsExactly(
            "5 | Reason | 'cheap' is not a lost reason here; use one of: price, competitor,"
                + " no-decision, timing, product-fit.");

    Api.Response r =
        s.bram()
            .send(
                "/api/leads/outcomes?delimiter=;",
                "POST",
                "text/csv; charset=utf-8",
                csv.replace("\"cheap\"", "\"price\""));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("applied").asLong()).isEqualTo(3);
    JsonNode history = history(s.iris(), kim);
    assertThat(stagesOf(history)).containsExactly("mql", "sal", "sql", "lost");
    assertThat(history.get(1).get("comment").asString())
        .isEqualTo("Met at the fair; Utrecht, hall 3\nwants a \"real\" demo");
  }

  @Test
  void a_dry_run_of_a_clean_file_reports_the_moves_and_writes_nothing() {
    Shop s = shop();
    long lea = mqls(s, "lea@acme.example").getFirst();

    Api.Response r =
        s.bram()
            .send(
                "/api/leads/outcomes?dryRun=true",
                "POST",
                "text/csv",
                "email,stage\nlea@acme.example,sal\nlea@acme.example,sql\n");

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("outcome").asString()).isEqualTo("dry-run");
    assertThat(r.json().get("applied").asLong()).isEqualTo(2);
    assertThat(stagesOf(history(s.iris(), lea))).containsExactly("mql");
  }

  @Test
  void another_workspaces_people_are_not_found() {
    Shop s = shop();
    long theirs = mqls(s, "mia@acme.example").getFirst();
    TestWorkspace other = newWorkspace();

    Api.Response r =
        outcomes(
            other.admin(),
            "email,personId,stage\nmia@acme.example,,sal\n,%d,sal\n".formatted(theirs));

    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(errors(r))
        .containsExactly(
            "2 | email | no person with e-mail mia@acme.example here",
            "3 | personId | no person with id " + theirs + " here");
    assertThat(r.json().get("errors").get(0).get("code").asString())
        .isEqualTo("lifecycle.outcomes-person-not-found");
    assertThat(stagesOf(history(s.iris(), theirs))).containsExactly("mql");
  }

  @Test
  void an_analyst_gets_403_and_sales_moves_only_its_own_leads() {
    Shop s = shop();
    long noor = mqls(s, "noor@acme.example").getFirst();
    String accept = "email,stage\nnoor@acme.example,sal\n";

    Api.Response analyst = outcomes(s.iris(), accept);
    assertThat(analyst.status()).as(analyst.toString()).isEqualTo(403);
    assertThat(analyst.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:access.forbidden");

    Api.Response marketing = outcomes(s.anna(), accept);
    assertThat(marketing.status()).isEqualTo(422);
    assertThat(errors(marketing))
        .containsExactly("2 | stage | Moving a lead from mql to sal is for sales.");

    assertThat(outcomes(s.bram(), accept).status()).isEqualTo(200);
    Api.Response sam = outcomes(s.sam(), "email,stage\nnoor@acme.example,sql\n");
    assertThat(sam.status()).isEqualTo(422);
    assertThat(errors(sam))
        .containsExactly(
            "2 | stage | This lead is owned by bram@acme.example; sales acts only on its own or"
                + " its team's leads.");
    assertThat(sam.json().get("errors").get(0).get("code").asString())
        .isEqualTo("lifecycle.not-your-lead");
    assertThat(stagesOf(history(s.iris(), noor))).containsExactly("mql", "sal");
  }

  @Test
  void a_file_without_a_stage_column_is_a_fault_of_the_file() {
    TestWorkspace tw = newWorkspace();

    Api.Response r = outcomes(tw.admin(), "email,outcome\nanna@acme.example,won\n");

    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:lifecycle.outcomes-invalid-header");
    assertThat(r.json().get("errors").get(0).get("pointer").asString()).isEqualTo("field stage");
  }
}
