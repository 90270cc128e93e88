package nl.hengel.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CRM's accounts file through {@code POST /api/imports/accounts}, and the company-key API the
 * pipeline import builds on ({@link Companies#idsByKey}, {@link Companies#ensureByKeys}, {@link
 * People.PersonUpsert#company}).
 */
class AccountImportIntegrationTests extends IntegrationTestSupport {

  /** Shaped like a CRM's accounts.csv; the last account is a subsidiary of the first. */
  static final String ACCOUNTS =
      """
      account,sector,year_established,revenue,employees,office_location,subsidiary_of
      Acme Corporation,technology,1996,1100.04,2822,United States,
      Betasoloin,medical,1999,251.41,495,United States,
      Bioholding,medical,2012,587.34,1356,Philipines,
      "Gekko & Co, Ltd",retail,2001,718.62,40,Netherlands,
      Rangreen,technology,1987,4.97,12,Netherlands,Acme Corporation
      """;

  static final String MAPPING =
      "?map=name:account&map=parent:subsidiary_of&map=attr.industry:sector"
          + "&map=attr.employees:employees&map=attr.revenue:revenue"
          + "&map=attr.country:office_location";

  @Autowired JdbcClient jdbc;
  @Autowired Companies companies;
  @Autowired People people;
  @Autowired JsonMapper json;

  static Api.Response importAccounts(Api api, String query, String csv) {
    return api.send("/api/imports/accounts" + query, "POST", "text/csv", csv);
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The file's rows, split here by hand: quoted cells hold no quote. */
  static List<Map<String, String>> rows(String csv) {
    List<String> lines = csv.lines().toList();
    List<String> header = cells(lines.getFirst());
    var rows = new ArrayList<Map<String, String>>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = cells(line);
      var row = new LinkedHashMap<String, String>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    var cells = new ArrayList<String>();
    var cell = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  long companyCount(TestWorkspace tw) {
    return jdbc.sql("select count(*) from company where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  Map<String, Object> attributes(CompanyId id) {
    return json.readValue(
        jdbc.sql("select attributes from company where id = ?")
            .param(id.value())
            .query(String.class)
            .single(),
        new tools.jackson.core.type.TypeReference<Map<String, Object>>() {});
  }

  @Test
  void an_accounts_file_becomes_companies_known_by_name_with_numbers_stored_as_numbers() {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();

    Api.Response first = importAccounts(tw.admin(), MAPPING, ACCOUNTS);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode report = first.json();
    List<Map<String, String>> rows = rows(ACCOUNTS);
    assertThat(report.get("outcome").asString()).isEqualTo("imported");
    assertThat(report.get("source").asString()).isEqualTo("crm");
    assertThat(report.get("rowsRead").asLong()).isEqualTo(rows.size());
    assertThat(report.get("created").asLong()).isEqualTo(rows.size());
    assertThat(report.get("ignoredColumns").toString()).isEqualTo("[\"year_established\"]");
    Map<String, CompanyId> ids =
        companies.idsByKey(ws, "crm", rows.stream().map(r -> r.get("account")).toList());
    assertThat(ids).hasSize(rows.size());
    for (Map<String, String> row : rows) {
      CompanyId id = ids.get(row.get("account"));
      Company company = companies.get(ws, id);
      assertThat(company.name()).isEqualTo(row.get("account"));
      assertThat(company.domain()).isNull();
      Map<String, Object> stored = attributes(id);
      // JSON numbers, not text: what fit rules compare.
      assertThat(stored.get("employees"))
          .isInstanceOf(Number.class)
          .satisfies(n ->
              assertThat(((Number) n).longValue()).isEqualTo(Long.parseLong(row.get("employees"))));
      assertThat(((Number) stored.get("revenue")).doubleValue())
          .isEqualTo(Double.parseDouble(row.get("revenue")));
      assertThat(stored.get("industry")).isEqualTo(row.get("sector"));
      assertThat(stored.get("country")).isEqualTo(row.get("office_location"));
      assertThat(stored.get("parent"))
          .isEqualTo(row.get("subsidiary_of").isEmpty() ? null : row.get("subsidiary_of"));
    }

    Api.Response again = importAccounts(tw.admin(), MAPPING, ACCOUNTS);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("created").asLong()).isZero();
    assertThat(again.json().get("updated").asLong()).isZero();
    assertThat(again.json().get("unchanged").asLong()).isEqualTo(rows.size());
    assertThat(companyCount(tw)).isEqualTo(rows.size());
  }

  @Test
  void a_newer_export_updates_only_the_accounts_that_changed_and_keeps_other_attributes() {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();
    importAccounts(tw.admin(), MAPPING, ACCOUNTS);
    String newer =
        """
        account,employees,office_location
        Betasoloin,510,United States
        Bioholding,1356,Philipines
        """;

    JsonNode report =
        importAccounts(
                tw.admin(),
                "?map=name:account&map=attr.employees:employees&map=attr.country:office_location",
                newer)
            .json();

    assertThat(report.get("updated").asLong()).isEqualTo(1);
    assertThat(report.get("unchanged").asLong()).isEqualTo(1);
    assertThat(report.get("created").asLong()).isZero();
    CompanyId beta = companies.idsByKey(ws, "crm", List.of("Betasoloin")).get("Betasoloin");
    Map<String, Object> stored = attributes(beta);
    assertThat(((Number) stored.get("employees")).longValue()).isEqualTo(510);
    assertThat(stored.get("industry")).isEqualTo("medical");
  }

  @Test
  void bad_rows_are_reported_by_line_and_column_and_nothing_is_written() {
    TestWorkspace tw = newWorkspace();
    String bad =
        """
        account,sector,revenue,employees,office_location,subsidiary_of
        Acme Corporation,technology,1100.04,2822,United States,
        ,medical,251.41,495,United States,
        Bioholding,medical,587.34,about 1300,Philipines,
        Acme Corporation,technology,1100.04,2900,United States,
        Rangreen,technology,4.97,12,Netherlands,Bubba Gump
        Zoomit,entertainment,324.19,978,United States,Acme Corporation
        """;

    Api.Response refused = importAccounts(tw.admin(), MAPPING, bad);

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    JsonNode body = refused.json();
    assertThat(body.get("type").asString()).endsWith("timeline.csv-rows-invalid");
    var errors = new ArrayList<String>();
    body.get("errors")
        .forEach(e ->
            errors.add(
                e.get("line").asLong()
                    + ": "
                    + e.get("column").asString()
                    + ": "
                    + e.get("message").asString()));
    assertThat(errors)
        .containsExactly(
            "3: account: is empty: every account needs its name",
            "4: employees: 'about 1300' is not a whole number, e.g. 250: company.employees is read"
                + " as a number",
            "5: employees: account 'Acme Corporation' is on line 2 too, with other values:"
                + " employees '2822' there, '2900' here",
            "6: subsidiary_of: 'Bubba Gump' is no account of this file, nor one known from crm"
                + " before");
    assertThat(body.get("summary").get("outcome").asString()).isEqualTo("refused");
    assertThat(companyCount(tw)).isZero();
  }

  @Test
  void semicolons_crlf_a_byte_order_mark_and_quoted_line_breaks_keep_the_line_numbers_true() {
    TestWorkspace tw = newWorkspace();
    String file =
        "\uFEFFaccount;notes;employees\r\n"
            + "Acme Corporation;\"two\r\nlines\";2822\r\n"
            + "Betasoloin;;many\r\n";

    Api.Response refused =
        importAccounts(
            tw.admin(),
            "?delimiter=" + q(";") + "&map=name:account&map=attr.employees:employees",
            file);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("errors").get(0).get("line").asLong()).isEqualTo(4);
    assertThat(refused.json().get("errors").get(0).get("column").asString()).isEqualTo("employees");
  }

  @Test
  void an_account_with_the_web_domain_of_a_known_company_becomes_that_company() {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();
    Person anna =
        people.upsert(
            ws, new People.PersonUpsert("anna@acme.example", null, "Anna", null, null, null));

    JsonNode report =
        importAccounts(
                tw.admin(),
                "?map=name:account&map=domain:website&map=attr.employees:employees",
                """
                account,website,employees
                Acme Corporation,https://www.Acme.example/about,2822
                """)
            .json();

    assertThat(report.get("created").asLong()).isZero();
    assertThat(report.get("updated").asLong()).isEqualTo(1);
    CompanyId acme =
        companies.idsByKey(ws, "crm", List.of("Acme Corporation")).get("Acme Corporation");
    assertThat(acme).isEqualTo(anna.company());
    assertThat(companies.get(ws, acme).name()).isEqualTo("Acme Corporation");
    assertThat(companies.get(ws, acme).domain()).isEqualTo("acme.example");
  }

  @Test
  void an_analyst_may_not_import_accounts_and_another_workspace_sees_none_of_them() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    Api analyst = as(tw, "ana@" + tw.workspace().slug() + ".example", Role.ANALYST);

    Api.Response forbidden = importAccounts(analyst, MAPPING, ACCOUNTS);
    Api.Response imported = importAccounts(tw.admin(), MAPPING, ACCOUNTS);
    Api.Response elsewhere = importAccounts(other.admin(), MAPPING, ACCOUNTS);

    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(imported.json().get("created").asLong()).isEqualTo(5);
    // The same keys in another workspace are other companies: nothing is shared.
    assertThat(elsewhere.json().get("created").asLong()).isEqualTo(5);
    Map<String, CompanyId> mine =
        companies.idsByKey(tw.workspace().id(), "crm", List.of("Acme Corporation"));
    Map<String, CompanyId> theirs =
        companies.idsByKey(other.workspace().id(), "crm", List.of("Acme Corporation"));
    assertThat(mine.get("Acme Corporation")).isNotEqualTo(theirs.get("Acme Corporation"));
    assertThat(companies.find(other.workspace().id(), mine.get("Acme Corporation"))).isEmpty();
    assertThat(companies.idsByKey(tw.workspace().id(), "other-crm", List.of("Acme Corporation")))
        .isEmpty();
  }

  @Test
  void a_fit_rule_on_company_employees_holds_for_a_person_of_an_imported_account() {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();
    importAccounts(tw.admin(), MAPPING, ACCOUNTS);
    Map<String, CompanyId> ids =
        companies.idsByKey(ws, "crm", List.of("Acme Corporation", "Gekko & Co, Ltd"));
    List<People.UpsertOutcome> upserted =
        people.upsertAll(
            ws,
            List.of(
                new People.PersonUpsert(
                    null,
                    new ExternalKey("crm", "c-1"),
                    "Big",
                    null,
                    null,
                    ids.get("Acme Corporation"),
                    null),
                new People.PersonUpsert(
                    null,
                    new ExternalKey("crm", "c-2"),
                    "Small",
                    null,
                    null,
                    ids.get("Gekko & Co, Ltd"),
                    null)));
    long big = ((People.UpsertOutcome.Upserted) upserted.get(0)).person().value();
    long small = ((People.UpsertOutcome.Upserted) upserted.get(1)).person().value();
    String definition =
        """
        name: account fit
        owners: { marketing: anna@acme.example, sales: bram@acme.example }
        fit:
          - { name: big, when: "company.employees >= 50", points: 15 }
          - { name: rich, when: "company.revenue > 1000.0", points: 5 }
          - { name: tech, when: "company.industry == 'technology'", points: 3 }
          - { name: american, when: "company.country == 'United States'", points: 2 }
          - { name: named, when: "company.name == 'Acme Corporation'", points: 1 }
        engagement:
          half_life: 30d
          rules:
            - { name: any, when: "event.type == 'content_download'", points: 1 }
        mql: "fit >= 20 && engagement >= 1"
        """;
    Api.Response uploaded =
        tw.admin().send("/api/definitions", "POST", "application/yaml", definition);
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    int version = uploaded.json().get("version").get("number").asInt();

    JsonNode bigFit = tw.admin().get("/api/people/" + big + "/explain?version=" + version).json();
    JsonNode smallFit =
        tw.admin().get("/api/people/" + small + "/explain?version=" + version).json();

    // Acme: 2822 employees, revenue 1100.04, technology, United States, its name.
    assertThat(bigFit.get("fit").asLong()).isEqualTo(15 + 5 + 3 + 2 + 1);
    // Gekko: 40 employees (below 50), 718.62, retail, Netherlands.
    assertThat(smallFit.get("fit").asLong()).isZero();
  }

  @Test
  void ensure_by_keys_creates_each_missing_company_once_even_when_two_callers_race()
      throws Exception {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();
    Map<String, CompanyId> known = companies.ensureByKeys(ws, "crm", List.of("Known Ltd"));
    var keys = new ArrayList<String>(List.of("Known Ltd"));
    for (int i = 0; i < 40; i++) {
      keys.add("Account " + i);
    }

    List<Map<String, CompanyId>> results = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(2)) {
      Callable<Map<String, CompanyId>> ensure = () -> companies.ensureByKeys(ws, "crm", keys);
      List<Future<Map<String, CompanyId>>> futures =
          List.of(pool.submit(ensure), pool.submit(ensure));
      for (Future<Map<String, CompanyId>> f : futures) {
        results.add(f.get());
      }
    }

    assertThat(results.get(0)).hasSize(41).isEqualTo(results.get(1));
    assertThat(results.get(0).get("Known Ltd")).isEqualTo(known.get("Known Ltd"));
    assertThat(companyCount(tw)).isEqualTo(41);
    assertThat(companies.get(ws, results.get(0).get("Account 7")).name()).isEqualTo("Account 7");
    assertThat(companies.idsByKey(ws, "crm", List.of("Account 7", "Nobody")))
        .containsOnlyKeys("Account 7");
  }

  @Test
  void a_person_upsert_with_another_workspaces_company_is_refused_and_creates_no_one() {
    TestWorkspace tw = newWorkspace();
    TestWorkspace other = newWorkspace();
    CompanyId theirs =
        companies.ensureByKeys(other.workspace().id(), "crm", List.of("Theirs")).get("Theirs");

    List<People.UpsertOutcome> outcome =
        people.upsertAll(
            tw.workspace().id(),
            List.of(
                new People.PersonUpsert(
                    null, new ExternalKey("crm", "x-1"), null, null, null, theirs, null)));

    assertThat(outcome.getFirst()).isInstanceOf(People.UpsertOutcome.Rejected.class);
    assertThat(((People.UpsertOutcome.Rejected) outcome.getFirst()).errors())
        .containsExactly(
            new nl.hengel.platform.Problem.FieldError(
                "/companyId", "no company with id " + theirs.value() + " in this workspace"));
    assertThat(people.findByKey(tw.workspace().id(), new ExternalKey("crm", "x-1"))).isEmpty();

    // The API takes the company by id too.
    CompanyId mine =
        companies.ensureByKeys(tw.workspace().id(), "crm", List.of("Mine")).get("Mine");
    Api.Response refused =
        tw.admin()
            .post(
                "/api/people",
                Map.of(
                    "externalKey", Map.of("source", "crm", "id", "x-1"),
                    "companyId", theirs.value()));
    Api.Response upserted =
        tw.admin()
            .post(
                "/api/people",
                Map.of(
                    "externalKey", Map.of("source", "crm", "id", "x-1"),
                    "companyId", mine.value()));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(upserted.status()).as(upserted.body()).isEqualTo(200);
    assertThat(upserted.json().get("companyId").asLong()).isEqualTo(mine.value());
  }
}
