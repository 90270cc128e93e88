package nl.hengel.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.cli.HengelCommand;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A CRM's pipeline export through the generic import, over HTTP and the CLI: dated history with
 * implied stages marked, owners and deal values, re-runs that change nothing, newer exports that
 * apply only what is new, and faults named by line and column with nothing written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineImportIntegrationTests extends IntegrationTestSupport {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static final String EXPORT =
      """
      opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
      1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054
      Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Won,2016-10-25,2017-03-11,4514.50
      MV1LWRNH,Moses Frase,GTX Basic,Codehow,Lost,2016-10-25,2017-03-09,0
      PE84CX4O,Zane Levy,GTX Basic,Hatfan,Engaging,2016-10-25,,
      ZZ999999,Zane Levy,GTX Basic,,Prospecting,,,
      """;

  /** The mapping a user of this export gives, as API query parameters. */
  static final String MAPPING =
      "map=id:opportunity_id&map=stage:deal_stage&map=owner:sales_agent&map=amount:close_value"
          + "&set=currency:USD&map=attr.product:product&map=date.sal:engage_date"
          + "&map=date.won:close_date&map=date.lost:close_date&stage=Prospecting:new"
          + "&stage=Engaging:sal&zone=America/New_York";

  @Autowired JdbcClient jdbc;

  static Api.Response post(Api api, String query, String csv) {
    return api.send("/api/imports/pipeline?" + query, "POST", "text/csv", csv);
  }

  static Instant day(String date) {
    return LocalDate.parse(date).atStartOfDay(NEW_YORK).toInstant();
  }

  record Step(String from, String to, Instant at, boolean implied, String reason, String actor) {}

  List<Step> steps(long ws, String opportunity) {
    return jdbc.sql(
            """
            select t.from_stage, t.to_stage, t.at, t.implied, t.reason_code, t.actor
              from lead_transition t join person_key k on k.person_id = t.person_id
             where k.workspace_id = ? and k.source = 'crm' and k.external_id = ?
             order by t.at, t.id
            """)
        .params(ws, opportunity)
        .query((rs, n) ->
            new Step(
                rs.getString(1),
                rs.getString(2),
                rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                rs.getBoolean(4),
                rs.getString(5),
                rs.getString(6)))
        .list();
  }

  Map<String, Object> lead(long ws, String opportunity) {
    return jdbc.sql(
            """
            select l.stage, l.deal_amount_minor, l.deal_currency, u.email as owner, l.new_since
              from lead l join person_key k on k.person_id = l.person_id
              left join app_user u on u.id = l.owner_user_id
             where k.workspace_id = ? and k.source = 'crm' and k.external_id = ?
            """)
        .params(ws, opportunity)
        .query()
        .singleRow();
  }

  long count(String sql, long ws) {
    return jdbc.sql(sql).param(ws).query(Long.class).single();
  }

  @Test
  void a_crm_export_goes_in_as_dated_history_and_the_same_file_again_changes_nothing() {
    TestWorkspace tw = newWorkspace();
    long ws = tw.workspace().id().value();

    Api.Response first = post(tw.admin(), MAPPING + "&createOwners=true", EXPORT);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode report = first.json();
    assertThat(report.get("outcome").asString()).isEqualTo("IMPORTED");
    assertThat(report.get("opportunities").asLong()).isEqualTo(5);
    assertThat(report.get("zone").asString()).isEqualTo("America/New_York");
    assertThat(report.get("ownersCreated").asInt()).isEqualTo(3);
    assertThat(report.get("leads").get("recorded").asInt()).isEqualTo(5);
    assertThat(report.get("accountsCreated").asInt()).isEqualTo(4);
    // Accounts by their CRM name: the opportunity's person belongs to that company.
    assertThat(
            jdbc.sql(
                    """
                    select ck.external_id from person_key k join person p on p.id = k.person_id
                      join company_key ck on ck.company_id = p.company_id
                     where k.workspace_id = ? and k.external_id = 'MV1LWRNH'
                    """)
                .params(ws)
                .query(String.class)
                .single())
        .isEqualTo("Codehow");

    // A won deal: accepted at engagement, won at the close; mql and sql implied, never invented.
    String actor = "import:crm by admin@" + tw.workspace().slug() + ".example";
    assertThat(steps(ws, "1C1I7A6R"))
        .containsExactly(
            new Step("new", "mql", day("2016-10-20"), true, null, actor),
            new Step("mql", "sal", day("2016-10-20"), false, null, actor),
            new Step("sal", "sql", day("2017-03-01"), true, null, actor),
            new Step("sql", "won", day("2017-03-01"), false, null, actor));
    // Lost without a recorded reason: the built-in not-recorded, counted as such.
    assertThat(steps(ws, "MV1LWRNH").getLast())
        .isEqualTo(new Step("sql", "lost", day("2017-03-09"), false, "not-recorded", actor));
    assertThat(steps(ws, "PE84CX4O")).extracting(Step::to).containsExactly("mql", "sal");
    // Never left the first stage: a lead in new with its owner, no step, no date.
    assertThat(steps(ws, "ZZ999999")).isEmpty();
    Map<String, Object> prospect = lead(ws, "ZZ999999");
    assertThat(prospect.get("stage")).isEqualTo("new");
    assertThat(prospect.get("new_since")).isNull();
    assertThat((String) prospect.get("owner"))
        .isEqualTo("zane-levy@" + tw.workspace().slug() + ".crm.invalid");

    Map<String, Object> won = lead(ws, "Z063OYW0");
    assertThat(won.get("stage")).isEqualTo("won");
    assertThat(((Number) won.get("deal_amount_minor")).longValue()).isEqualTo(451_450L);
    assertThat(won.get("deal_currency").toString().trim()).isEqualTo("USD");
    assertThat((String) won.get("owner"))
        .isEqualTo("darcel-schlecht@" + tw.workspace().slug() + ".crm.invalid");
    // Owners that exist only as names in the CRM: sales members who cannot sign in.
    assertThat(
            count(
                "select count(*) from app_user u join membership m on m.user_id = u.id"
                    + " where m.workspace_id = ? and u.email like '%.crm.invalid'"
                    + " and u.password_hash is null and lower(m.roles) = 'sales'"
                    + " and not m.available",
                ws))
        .isEqualTo(3);
    long transitions = count("select count(*) from lead_transition where workspace_id = ?", ws);
    assertThat(transitions).isEqualTo(4 + 4 + 4 + 2);

    Api.Response second = post(tw.admin(), MAPPING + "&createOwners=true", EXPORT);

    assertThat(second.status()).as(second.body()).isEqualTo(200);
    JsonNode leads = second.json().get("leads");
    assertThat(leads.get("recorded").asInt()).isZero();
    assertThat(leads.get("extended").asInt()).isZero();
    assertThat(leads.get("alreadyKnown").asInt()).isEqualTo(5);
    assertThat(second.json().get("ownersCreated").asInt()).isZero();
    assertThat(second.json().get("accountsKnown").asInt()).isEqualTo(4);
    assertThat(second.json().get("accountsCreated").asInt()).isZero();
    assertThat(count("select count(*) from lead_transition where workspace_id = ?", ws))
        .isEqualTo(transitions);
  }

  @Test
  void a_newer_export_applies_only_what_is_new() {
    TestWorkspace tw = newWorkspace();
    long ws = tw.workspace().id().value();
    assertThat(post(tw.admin(), MAPPING + "&createOwners=true", EXPORT).status()).isEqualTo(200);
    String newer =
        EXPORT
            .replace(
                "PE84CX4O,Zane Levy,GTX Basic,Hatfan,Engaging,2016-10-25,,",
                "PE84CX4O,Zane Levy,GTX Basic,Hatfan,Won,2016-10-25,2017-04-02,1200")
            .replace(
                "ZZ999999,Zane Levy,GTX Basic,,Prospecting,,,",
                "ZZ999999,Zane Levy,GTX Basic,,Engaging,2017-04-01,,");

    Api.Response response = post(tw.admin(), MAPPING, newer);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode leads = response.json().get("leads");
    assertThat(leads.get("recorded").asInt()).isZero();
    assertThat(leads.get("extended").asInt()).isEqualTo(2);
    assertThat(leads.get("alreadyKnown").asInt()).isEqualTo(3);
    assertThat(steps(ws, "PE84CX4O"))
        .extracting(Step::to, Step::at, Step::implied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("mql", day("2016-10-25"), true),
            org.assertj.core.groups.Tuple.tuple("sal", day("2016-10-25"), false),
            org.assertj.core.groups.Tuple.tuple("sql", day("2017-04-02"), true),
            org.assertj.core.groups.Tuple.tuple("won", day("2017-04-02"), false));
    assertThat(((Number) lead(ws, "PE84CX4O").get("deal_amount_minor")).longValue())
        .isEqualTo(120_000L);
    assertThat(lead(ws, "ZZ999999").get("stage")).isEqualTo("sal");
  }

  @Test
  void a_stage_the_recorded_history_contradicts_is_refused_by_line_and_nothing_is_written() {
    TestWorkspace tw = newWorkspace();
    long ws = tw.workspace().id().value();
    assertThat(post(tw.admin(), MAPPING + "&createOwners=true", EXPORT).status()).isEqualTo(200);
    long people = count("select count(*) from person where workspace_id = ?", ws);
    long transitions = count("select count(*) from lead_transition where workspace_id = ?", ws);
    String contradicting =
        """
        opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
        NEW00001,Moses Frase,GTX Basic,Cancity,Engaging,2017-05-01,,
        1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Lost,2016-10-20,2017-03-05,0
        """;

    Api.Response response = post(tw.admin(), MAPPING, contradicting);

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    JsonNode error = response.json().get("errors").get(0);
    assertThat(error.get("line").asLong()).isEqualTo(3);
    assertThat(error.get("column").asString()).isEqualTo("deal_stage");
    assertThat(error.get("message").asString())
        .contains("1C1I7A6R", "won at " + day("2017-03-01"), "lost at " + day("2017-03-05"));
    assertThat(count("select count(*) from person where workspace_id = ?", ws)).isEqualTo(people);
    assertThat(count("select count(*) from lead_transition where workspace_id = ?", ws))
        .isEqualTo(transitions);
  }

  @Test
  void bad_rows_are_named_by_line_and_column_and_nothing_is_written() {
    TestWorkspace tw = newWorkspace();
    long ws = tw.workspace().id().value();
    members.add(
        tw.workspace().id(), "moses@acme.example", "Moses Frase", java.util.Set.of(Role.SALES));
    String bad =
        """
        opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
        A1,Moses Frase,GTX,Cancity,Negotiation,2017-01-01,,
        A2,Moses Frase,GTX,Cancity,Won,2017-01-01,01/03/2017,10
        A3,Nobody Known,GTX,Cancity,Engaging,2017-01-01,,
        A4,Moses Frase,GTX,Cancity,Won,2017-02-01,2017-01-15,10
        A5,Moses Frase,GTX,Cancity,Won,2017-01-01,2017-02-01,12.345
        A6,Moses Frase,GTX,Cancity,Engaging,2017-01-01,,
        A6,Moses Frase,GTX,Cancity,Won,2017-01-01,2017-02-01,10
        A7,moses@acme.example,GTX,Cancity,Won,2017-01-01,2017-02-01,10
        """;

    Api.Response response = post(tw.admin(), MAPPING, bad);

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    var seen = new ArrayList<String>();
    response
        .json()
        .get("errors")
        .forEach(e -> seen.add(e.get("line").asLong() + " " + e.get("column").asString()));
    // The owner check comes after the rows are read whole, so it needs rows without other faults:
    // A3's unknown owner is found once the file is otherwise clean (see the next request).
    assertThat(seen)
        .containsExactly(
            "2 deal_stage", "3 close_date", "5 close_date", "6 close_value", "8 opportunity_id");
    assertThat(response.json().get("errors").get(0).get("message").asString())
        .contains("'Negotiation' is not a stage", "--stage \"Negotiation=STAGE\"");
    assertThat(response.json().get("errors").get(2).get("message").asString())
        .contains("close_date (won) is before engage_date (sal)");

    Api.Response owner =
        post(
            tw.admin(),
            MAPPING,
            """
            opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
            A3,Nobody Known,GTX,Cancity,Engaging,2017-01-01,,
            A7,moses@acme.example,GTX,Cancity,Won,2017-01-01,2017-02-01,10
            """);
    assertThat(owner.status()).as(owner.body()).isEqualTo(422);
    assertThat(owner.json().get("errors")).hasSize(1);
    assertThat(owner.json().get("errors").get(0).get("line").asLong()).isEqualTo(2);
    assertThat(owner.json().get("errors").get(0).get("message").asString())
        .contains("'Nobody Known' is not a member", "--create-owners");
    assertThat(count("select count(*) from person where workspace_id = ?", ws)).isZero();
    assertThat(count("select count(*) from lead where workspace_id = ?", ws)).isZero();
  }

  @Test
  void one_row_per_stage_change_reads_zone_less_times_in_the_zone_named() {
    TestWorkspace tw = newWorkspace();
    long ws = tw.workspace().id().value();
    members.add(tw.workspace().id(), "ann@acme.example", "Ann", java.util.Set.of(Role.SALES));
    String history =
        """
        deal_id;owner_email;stage;changed_at;amount;currency\r
        D1;ann@acme.example;mql;2024-03-01 09:15:00;;\r
        D1;ann@acme.example;sql;2024-03-04 16:00:00;;\r
        D1;ann@acme.example;won;2024-03-20 11:30:00;"2500.00";EUR\r
        D2;ann@acme.example;sal;2024-03-02T10:00:00Z;;\r
        """;

    Api.Response response =
        post(
            tw.admin(),
            "map=id:deal_id&map=owner:owner_email&map=at:changed_at&zone=Europe/Amsterdam"
                + "&delimiter="
                + URLEncoder.encode(";", StandardCharsets.UTF_8),
            "\uFEFF" + history);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    ZoneId amsterdam = ZoneId.of("Europe/Amsterdam");
    List<Step> d1 =
        jdbc.sql(
                """
                select t.from_stage, t.to_stage, t.at, t.implied, t.reason_code, t.actor
                  from lead_transition t join person_key k on k.person_id = t.person_id
                 where k.workspace_id = ? and k.external_id = 'D1' order by t.at, t.id
                """)
            .params(ws)
            .query((rs, n) ->
                new Step(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                    rs.getBoolean(4),
                    rs.getString(5),
                    rs.getString(6)))
            .list();
    assertThat(d1)
        .extracting(Step::to, Step::at, Step::implied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "mql",
                LocalDateTime.parse("2024-03-01T09:15").atZone(amsterdam).toInstant(),
                false),
            org.assertj.core.groups.Tuple.tuple(
                "sal", LocalDateTime.parse("2024-03-04T16:00").atZone(amsterdam).toInstant(), true),
            org.assertj.core.groups.Tuple.tuple(
                "sql",
                LocalDateTime.parse("2024-03-04T16:00").atZone(amsterdam).toInstant(),
                false),
            org.assertj.core.groups.Tuple.tuple(
                "won",
                LocalDateTime.parse("2024-03-20T11:30").atZone(amsterdam).toInstant(),
                false));
    assertThat(
            jdbc.sql(
                    "select l.deal_amount_minor from lead l join person_key k on k.person_id ="
                        + " l.person_id where k.workspace_id = ? and k.external_id = 'D1'")
                .params(ws)
                .query(Long.class)
                .single())
        .isEqualTo(250_000L);
    assertThat(response.json().get("quirks").toString()).contains("times without a zone");
  }

  @Test
  void only_an_admin_imports_a_pipeline() {
    TestWorkspace tw = newWorkspace();
    Api marketing = as(tw, "mia@" + tw.workspace().slug() + ".example", Role.MARKETING);
    Api analyst = as(tw, "ian@" + tw.workspace().slug() + ".example", Role.ANALYST);

    assertThat(post(marketing, MAPPING, EXPORT).status()).isEqualTo(403);
    assertThat(post(analyst, MAPPING, EXPORT).status()).isEqualTo(403);
    assertThat(post(anonymous(), MAPPING, EXPORT).status()).isEqualTo(401);
    assertThat(
            count(
                "select count(*) from person where workspace_id = ?", tw.workspace().id().value()))
        .isZero();
  }

  @Test
  void the_cli_prints_faults_as_file_line_column_and_exits_1(@TempDir Path dir) throws Exception {
    TestWorkspace tw = newWorkspace();
    Path file = dir.resolve("pipeline.csv");
    Files.writeString(
        file,
        """
        opportunity_id,sales_agent,deal_stage,engage_date,close_date
        B1,,Won,2017-01-01,not-a-date
        """);
    var out = new StringWriter();
    var err = new StringWriter();

    int exit =
        HengelCommand.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "import",
            "pipeline",
            file.toString(),
            "-w",
            tw.workspace().slug(),
            "--as",
            "admin@" + tw.workspace().slug() + ".example",
            "--map",
            "id=opportunity_id",
            "--map",
            "stage=deal_stage",
            "--map",
            "date.sal=engage_date",
            "--map",
            "date.won=close_date");

    assertThat(exit).as(out + "\n" + err).isEqualTo(1);
    assertThat(err.toString()).contains(file + ":2: close_date: 'not-a-date' is not a date");
    assertThat(out.toString()).contains("Refused " + file + ": 1 error(s), so nothing was written");
  }
}
