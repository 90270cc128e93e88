package nl.hengel.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class CsvImportIntegrationTests extends IntegrationTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired CsvImports imports;

  /** A header and 60 rows (lines 2 to 61); the row on line 57 has occurredAt 'yesterday'. */
  static String sixtyRowsWithABadLine57() {
    var csv = new StringBuilder("source,externalId,email,occurred_at,department,type\n");
    for (int line = 2; line <= 61; line++) {
      csv.append("fair,row-")
          .append(line)
          .append(",visitor")
          .append(line % 20)
          .append("@firm")
          .append(line % 7)
          .append(".example,")
          .append(
              line == 57
                  ? "yesterday"
                  : "2026-10-01T10:" + String.format("%02d", line % 60) + ":00Z")
          .append(",marketing,event_visit\n");
    }
    return csv.toString();
  }

  static Api.Response importCsv(Api api, String kind, String query, String csv) {
    return api.send("/api/imports/" + kind + query, "POST", "text/csv", csv);
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  long interactions(TestWorkspace tw) {
    return jdbc.sql("select count(*) from interaction where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  long people(TestWorkspace tw) {
    return jdbc.sql("select count(*) from person where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  JsonNode onlyInteractionOf(TestWorkspace tw, String email) {
    JsonNode person = tw.admin().get("/api/people?email=" + q(email)).json().get(0);
    JsonNode items =
        tw.admin()
            .get("/api/people/" + person.get("id").asLong() + "/timeline")
            .json()
            .get("items");
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  @Test
  void a_bad_row_on_line_57_is_reported_as_line_57_with_its_column_and_abort_writes_nothing() {
    TestWorkspace tw = newWorkspace();

    Api.Response r = importCsv(tw.admin(), "interactions", "", sixtyRowsWithABadLine57());

    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode body = r.json();
    assertThat(body.get("type").asString())
        .isEqualTo("urn:hengel:problem:timeline.csv-rows-invalid");
    assertThat(body.get("errors")).hasSize(1);
    JsonNode error = body.get("errors").get(0);
    assertThat(error.get("line").asLong()).isEqualTo(57);
    assertThat(error.get("column").asString()).isEqualTo("occurred_at");
    assertThat(error.get("field").asString()).isEqualTo("occurredAt");
    assertThat(error.get("pointer").asString()).isEqualTo("line 57, column occurred_at");
    assertThat(error.get("message").asString())
        .isEqualTo("'yesterday' is not an ISO-8601 time with offset, e.g. 2026-11-20T14:03:00Z");
    assertThat(body.get("summary").get("rowsRead").asLong()).isEqualTo(60);
    assertThat(body.get("summary").get("valid").asLong()).isEqualTo(59);
    assertThat(interactions(tw)).isZero();
    assertThat(people(tw)).isZero();
  }

  @Test
  void with_on_error_skip_the_other_59_rows_are_stored_and_line_57_is_reported() {
    TestWorkspace tw = newWorkspace();

    Api.Response r =
        importCsv(tw.admin(), "interactions", "?onError=skip", sixtyRowsWithABadLine57());

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode summary = r.json();
    assertThat(summary.get("outcome").asString()).isEqualTo("imported");
    assertThat(summary.get("rowsRead").asLong()).isEqualTo(60);
    assertThat(summary.get("stored").asLong()).isEqualTo(59);
    assertThat(summary.get("duplicates").asLong()).isZero();
    assertThat(summary.get("rejected").asLong()).isEqualTo(1);
    assertThat(summary.get("errors").get(0).get("line").asLong()).isEqualTo(57);
    assertThat(summary.get("errors").get(0).get("column").asString()).isEqualTo("occurred_at");
    assertThat(interactions(tw)).isEqualTo(59);
    assertThat(
            jdbc.sql(
                    "select count(*) from interaction where workspace_id = ? and external_id = 'row-57'")
                .param(tw.workspace().id().value())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void a_quoted_field_spanning_lines_earlier_in_the_file_keeps_later_line_numbers_right() {
    TestWorkspace tw = newWorkspace();
    String csv =
        """
        email,occurredAt,content,notes
        anna@acme.example,2026-10-01T10:00:00Z,whitepaper,"met at the stand,
        said: ""call me
        in January\"\"\"
        bram@acme.example,2026-10-01T11:00:00Z,demo,

        cees@acme.example,2026-10-01T12:00:00Z,"a ""quoted"" title",short
        dirk@acme.example,not a time,webinar,late
        """;

    Api.Response r =
        importCsv(
            tw.admin(),
            "interactions",
            "?set=source:fair&set=department:marketing&set=type:event_visit&onError=skip",
            csv);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("errors")).hasSize(1);
    assertThat(r.json().get("errors").get(0).get("line").asLong()).isEqualTo(8);
    assertThat(r.json().get("errors").get(0).get("column").asString()).isEqualTo("occurredAt");
    assertThat(r.json().get("stored").asLong()).isEqualTo(3);
    assertThat(r.json().get("ignoredColumns").values())
        .extracting(JsonNode::asString)
        .containsExactly("notes");
    assertThat(onlyInteractionOf(tw, "cees@acme.example").get("content").asString())
        .isEqualTo("a \"quoted\" title");
  }

  @Test
  void a_dry_run_writes_nothing_but_reports_the_same_errors() {
    TestWorkspace tw = newWorkspace();
    Api.Response refused = importCsv(tw.admin(), "interactions", "", sixtyRowsWithABadLine57());

    Api.Response dry =
        importCsv(tw.admin(), "interactions", "?dryRun=true", sixtyRowsWithABadLine57());

    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().get("outcome").asString()).isEqualTo("dry-run");
    assertThat(dry.json().get("valid").asLong()).isEqualTo(59);
    assertThat(dry.json().get("rejected").asLong()).isEqualTo(1);
    assertThat(dry.json().get("stored").asLong()).isEqualTo(59);
    assertThat(dry.json().get("errors")).isEqualTo(refused.json().get("errors"));
    assertThat(interactions(tw)).isZero();
    assertThat(people(tw)).isZero();
  }

  @Test
  void importing_the_same_interactions_file_twice_stores_nothing_the_second_time() {
    TestWorkspace tw = newWorkspace();
    String csv =
        """
        Email,Occurred At,Webinar
        anna@acme.example,2026-09-20T14:03:00Z,Lead scoring 101
        bram@acme.example,2026-09-20T14:05:00+01:00,Lead scoring 101
        anna@acme.example,2026-09-27T14:03:00Z,Nurture 201
        """;
    String query =
        "?set=source:webinar-tool&set=department:marketing&set=type:webinar_attended&map=content:Webinar";

    Api.Response first = importCsv(tw.admin(), "interactions", query, csv);
    Api.Response dryAgain = importCsv(tw.admin(), "interactions", query + "&dryRun=true", csv);
    Api.Response second = importCsv(tw.admin(), "interactions", query, csv);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().get("stored").asLong()).isEqualTo(3);
    assertThat(dryAgain.json().get("duplicates").asLong()).isEqualTo(3);
    assertThat(dryAgain.json().get("stored").asLong()).isZero();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("stored").asLong()).isZero();
    assertThat(second.json().get("duplicates").asLong()).isEqualTo(3);
    assertThat(second.json().get("mapping").get("externalId").asString())
        .isEqualTo("derived from the row's values");
    assertThat(interactions(tw)).isEqualTo(3);
    assertThat(
            jdbc.sql("select external_id from interaction where workspace_id = ?")
                .param(tw.workspace().id().value())
                .query(String.class)
                .list())
        .allSatisfy(id -> assertThat(id).matches("csv-[0-9a-f]{24}"));
  }

  @Test
  void
      columns_map_by_explicit_map_by_normalised_header_and_by_set_with_attributes_and_ignored_columns_listed() {
    TestWorkspace tw = newWorkspace();
    String csv =
        """
        E-Mail,"Event date, local",TYPE,campaign,URL,Notes,Phone
        anna@acme.example,2026-09-20T14:03:00+01:00,page_view,2026-q4-pricing,/pricing,liked it,+31 20 1234567
        """;
    String query =
        "?map="
            + q("occurredAt:Event date, local")
            + "&map="
            + q("attr.path:URL")
            + "&set=source:website&set=department:marketing&set=sentiment:positive";

    Api.Response r = importCsv(tw.admin(), "interactions", query, csv);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("stored").asLong()).isEqualTo(1);
    assertThat(r.json().get("ignoredColumns").values())
        .extracting(JsonNode::asString)
        .containsExactly("Notes", "Phone");
    JsonNode mapping = r.json().get("mapping");
    assertThat(mapping.get("occurredAt").asString()).isEqualTo("column 'Event date, local'");
    assertThat(mapping.get("email").asString()).isEqualTo("column 'E-Mail'");
    assertThat(mapping.get("department").asString()).isEqualTo("= marketing");
    JsonNode stored = onlyInteractionOf(tw, "anna@acme.example");
    assertThat(stored.get("occurredAt").asString()).isEqualTo("2026-09-20T13:03:00Z");
    assertThat(stored.get("source").asString()).isEqualTo("website");
    assertThat(stored.get("department").asString()).isEqualTo("marketing");
    assertThat(stored.get("type").asString()).isEqualTo("page_view");
    assertThat(stored.get("campaign").asString()).isEqualTo("2026-q4-pricing");
    assertThat(stored.get("sentiment").asString()).isEqualTo("positive");
    assertThat(stored.get("attributes").get("path").asString()).isEqualTo("/pricing");
    assertThat(stored.get("attributes").size()).isEqualTo(1);
  }

  @Test
  void a_mapped_header_the_file_lacks_is_a_400_naming_it_and_nothing_is_read() {
    TestWorkspace tw = newWorkspace();

    Api.Response r =
        importCsv(
            tw.admin(),
            "interactions",
            "?map=" + q("occurredAt:Event date"),
            sixtyRowsWithABadLine57());

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("type").asString())
        .isEqualTo("urn:hengel:problem:timeline.csv-unknown-header");
    assertThat(r.json().get("errors").get(0).get("pointer").asString()).isEqualTo("map occurredAt");
    assertThat(r.json().get("errors").get(0).get("message").asString())
        .startsWith("header 'Event date' is not in the file");
    assertThat(interactions(tw)).isZero();
  }

  @Test
  void faults_of_the_whole_file_are_400s_naming_the_header_or_field() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();

    assertThat(code(importCsv(api, "interactions", "", ""))).isEqualTo("timeline.csv-empty");
    Api.Response duplicate = importCsv(api, "people", "", "email,Name,name\na@b.example,A,B\n");
    assertThat(code(duplicate)).isEqualTo("timeline.csv-duplicate-header");
    assertThat(duplicate.json().get("errors").get(0).get("pointer").asString())
        .isEqualTo("header name");
    Api.Response missing =
        importCsv(
            api,
            "interactions",
            "?set=source:x&set=type:call",
            "email,when\na@b.example,2026-01-01T00:00:00Z\n");
    assertThat(code(missing)).isEqualTo("timeline.csv-missing-field");
    assertThat(missing.json().get("errors").findValuesAsString("pointer"))
        .containsExactly("field occurredAt", "field department");
    assertThat(code(importCsv(api, "people", "?set=firstName:Anna", "email\na@b.example\n")))
        .isEqualTo("timeline.csv-invalid-mapping");
    assertThat(code(importCsv(api, "people", "?delimiter=x", "email\na@b.example\n")))
        .isEqualTo("timeline.csv-invalid-option");
    assertThat(
            code(
                importCsv(
                    api,
                    "interactions",
                    "?set=source:x&set=type:call&set=department:finance",
                    "email,occurredAt\na@b.example,2026-01-01T00:00:00Z\n")))
        .isEqualTo("timeline.csv-invalid-mapping");
    byte[] latin1 =
        "email,first_name\nzoe@acme.example,Zoë\n".getBytes(StandardCharsets.ISO_8859_1);
    Api.Response notUtf8 = api.send("/api/imports/people", "POST", "text/csv", latin1);
    assertThat(code(notUtf8)).isEqualTo("timeline.csv-not-utf8");
    assertThat(notUtf8.json().get("detail").asString())
        .contains("line 2 holds a byte that is not UTF-8");
    assertThat(people(tw)).isZero();
  }

  static String code(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    return r.json().get("code").asString();
  }

  @Test
  void a_semicolon_separated_file_from_dutch_excel_with_a_byte_order_mark_imports() {
    TestWorkspace tw = newWorkspace();
    String csv = "\uFEFFE-mailadres;Voornaam;Achternaam\r\njan@bedrijf.example;Jan;de Jong\r\n";

    Api.Response r =
        importCsv(
            tw.admin(),
            "people",
            "?delimiter="
                + q(";")
                + "&map="
                + q("email:E-mailadres")
                + "&map=firstName:Voornaam&map=lastName:Achternaam",
            csv);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("stored").asLong()).isEqualTo(1);
    JsonNode jan = tw.admin().get("/api/people?email=jan@bedrijf.example").json().get(0);
    assertThat(jan.get("firstName").asString()).isEqualTo("Jan");
    assertThat(jan.get("lastName").asString()).isEqualTo("de Jong");
  }

  @Test
  void
      a_people_import_creates_and_updates_people_with_names_companies_attributes_and_external_keys() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    String first =
        """
        email,first_name,last_name,company_domain,CRM id,Job title
        anna@acme.example,Anna,de Vries,,0031,CMO
        bram@gmail.com,Bram,Bakker,bakker-bouw.example,0032,
        ,Cees,,,0033,Buyer
        """;

    Api.Response created =
        importCsv(
            api,
            "people",
            "?map="
                + q("personExternalId:CRM id")
                + "&set=personSource:crm&map="
                + q("attr.title:Job title"),
            first);
    Api.Response updated =
        importCsv(
            api,
            "people",
            "?map=" + q("personExternalId:CRM id") + "&set=personSource:crm",
            "email,last_name,CRM id\nanna@acme.example,Jansen,0031\ncees@cees.example,,0033\n");

    assertThat(created.status()).as(created.body()).isEqualTo(200);
    assertThat(created.json().get("stored").asLong()).isEqualTo(3);
    assertThat(updated.json().get("stored").asLong()).as(updated.body()).isEqualTo(2);
    assertThat(people(tw)).isEqualTo(3);

    JsonNode anna = api.get("/api/people?email=anna@acme.example").json().get(0);
    assertThat(anna.get("firstName").asString()).isEqualTo("Anna");
    assertThat(anna.get("lastName").asString()).isEqualTo("Jansen");
    assertThat(anna.get("attributes").get("title").asString()).isEqualTo("CMO");
    assertThat(anna.get("externalKeys").toString())
        .isEqualTo("[{\"source\":\"crm\",\"id\":\"0031\"}]");
    assertThat(
            api.get("/api/companies/" + anna.get("companyId").asLong())
                .json()
                .get("domain")
                .asString())
        .isEqualTo("acme.example");

    JsonNode bram = api.get("/api/people?source=crm&externalId=0032").json().get(0);
    assertThat(bram.get("email").asString()).isEqualTo("bram@gmail.com");
    assertThat(
            api.get("/api/companies/" + bram.get("companyId").asLong())
                .json()
                .get("domain")
                .asString())
        .isEqualTo("bakker-bouw.example");

    JsonNode cees = api.get("/api/people?source=crm&externalId=0033").json().get(0);
    assertThat(cees.get("email").asString()).isEqualTo("cees@cees.example");
    assertThat(cees.get("firstName").asString()).isEqualTo("Cees");
    assertThat(cees.get("attributes").get("title").asString()).isEqualTo("Buyer");
  }

  @Test
  void an_identity_conflict_only_the_database_finds_is_reported_with_its_line() {
    TestWorkspace tw = newWorkspace();
    Api api = tw.admin();
    importCsv(
        api,
        "people",
        "?set=personSource:crm",
        "email,personExternalId\nanna@acme.example,1\nbram@acme.example,2\n");
    String csv =
        """
        email,personSource,personExternalId,occurredAt
        anna@acme.example,crm,1,2026-10-01T10:00:00Z
        bram@acme.example,crm,1,2026-10-01T11:00:00Z
        bram@acme.example,crm,2,2026-10-01T12:00:00Z
        """;

    Api.Response r =
        importCsv(api, "interactions", "?set=source:crm&set=department:sales&set=type:call", csv);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("stored").asLong()).isEqualTo(2);
    assertThat(r.json().get("rejected").asLong()).isEqualTo(1);
    JsonNode error = r.json().get("errors").get(0);
    assertThat(error.get("line").asLong()).isEqualTo(3);
    assertThat(error.get("column").asString()).isEqualTo("email");
    assertThat(error.get("message").asString())
        .isEqualTo(
            "key crm/1 belongs to the person with e-mail anna@acme.example, not to bram@acme.example");
  }

  @Test
  void the_service_imports_from_a_reader_with_options_given_in_code() {
    TestWorkspace tw = newWorkspace();
    var options =
        new CsvImports.Options(
            Map.of("occurredAt", "ts", "attr.score", "score"),
            Map.of("source", "dataset", "department", "sales", "type", "meeting"),
            false,
            CsvImports.OnError.SKIP,
            '\t');

    CsvImports.Summary summary =
        imports.importInteractions(
            tw.workspace().id(),
            new StringReader("email\tts\tscore\nanna@acme.example\t2026-09-01T09:00:00Z\t0.8\n"),
            options);

    assertThat(summary.outcome()).isEqualTo(CsvImports.Outcome.IMPORTED);
    assertThat(summary.stored()).isEqualTo(1);
    assertThat(summary.clean()).isTrue();
    JsonNode stored = onlyInteractionOf(tw, "anna@acme.example");
    assertThat(stored.get("department").asString()).isEqualTo("sales");
    assertThat(stored.get("attributes").get("score").asString()).isEqualTo("0.8");
  }

  @Test
  void an_analyst_may_not_import() {
    TestWorkspace tw = newWorkspace();
    Api analyst =
        as(tw, "analyst@" + tw.workspace().slug() + ".example", nl.hengel.platform.Role.ANALYST);

    Api.Response r = importCsv(analyst, "people", "", "email\na@b.example\n");

    assertThat(r.status()).isEqualTo(403);
    assertThat(people(tw)).isZero();
  }

  @Test
  void the_import_endpoints_are_described_in_the_openapi_document_under_import() {
    JsonNode paths = newWorkspace().admin().get("/v3/api-docs").json().get("paths");

    for (String path : List.of("/api/imports/people", "/api/imports/interactions")) {
      JsonNode post = paths.get(path).get("post");
      assertThat(post.get("tags").get(0).asString()).isEqualTo("Import");
      assertThat(post.get("requestBody").get("content").has("text/csv")).isTrue();
      assertThat(post.get("parameters").findValuesAsString("name"))
          .contains("map", "set", "dryRun", "onError", "delimiter");
    }
  }
}
