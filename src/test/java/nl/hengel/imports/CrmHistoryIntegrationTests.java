package nl.hengel.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import nl.hengel.access.Member;
import nl.hengel.cli.HengelCommand;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.CrmExport;
import nl.hengel.testing.CrmFigures;
import nl.hengel.testing.CrmFigures.Group;
import nl.hengel.testing.CrmFigures.Span;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13's proof: the synthetic CRM export of {@code src/test/resources/crm} goes in with the
 * documented commands and mapping flags only (no preprocessing), and every count, duration and
 * value the product reports on it equals {@link CrmFigures}, computed from the CSV files in plain
 * Java. Dates are read in New York, so spans across a switch to summer time are an hour short of
 * whole days.
 */
class CrmHistoryIntegrationTests extends IntegrationTestSupport {

  static final ZoneId ZONE = ZoneId.of("America/New_York");
  static final Path CRM = Path.of("src/test/resources/crm");
  static final CrmFigures FIGURES = CrmFigures.pipeline(CRM, ZONE);

  record Run(int exit, String out, String err) {
    Run ok() {
      assertThat(exit).as(out + err).isZero();
      return this;
    }
  }

  static Run hengel(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = HengelCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static String admin(TestWorkspace tw) {
    return "admin@" + tw.workspace().slug() + ".example";
  }

  /** The README's accounts import. */
  static Run importAccounts(TestWorkspace tw, Path file) {
    return hengel(
        "import",
        "accounts",
        file.toString(),
        "-w",
        tw.workspace().slug(),
        "--map",
        "name=account",
        "--map",
        "parent=subsidiary_of",
        "--map",
        "attr.sector=sector",
        "--map",
        "attr.employees=employees",
        "--map",
        "attr.revenue=revenue",
        "--map",
        "attr.country=office_location",
        "--map",
        "attr.established=year_established");
  }

  /**
   * The README's owners import: a team per regional office, or with {@code team} manager a team per
   * manager, led by them (a team has one manager, and each office has two).
   */
  static Run importOwners(TestWorkspace tw, Path file, String team) {
    var args =
        new ArrayList<>(
            List.of(
                "import",
                "owners",
                file.toString(),
                "-w",
                tw.workspace().slug(),
                "--as",
                admin(tw),
                "--map",
                "name=sales_agent",
                "--map",
                "team=" + team));
    if (team.equals("manager")) {
      args.addAll(List.of("--map", "manager=manager"));
    }
    return hengel(args.toArray(String[]::new));
  }

  /** The README's pipeline import, with extra options. */
  static Run importPipeline(TestWorkspace tw, Path file, String... extra) {
    var args =
        new ArrayList<>(
            List.of(
                "import",
                "pipeline",
                file.toString(),
                "-w",
                tw.workspace().slug(),
                "--as",
                admin(tw),
                "--map",
                "id=opportunity_id",
                "--map",
                "stage=deal_stage",
                "--stage",
                "Prospecting=new",
                "--stage",
                "Engaging=sal",
                "--stage",
                "Won=won",
                "--stage",
                "Lost=lost",
                "--map",
                "date.sal=engage_date",
                "--map",
                "date.won=close_date",
                "--map",
                "date.lost=close_date",
                "--map",
                "owner=sales_agent",
                "--map",
                "account=account",
                "--map",
                "amount=close_value",
                "--set",
                "currency=USD",
                "--map",
                "attr.product=product",
                "--zone",
                "America/New_York"));
    args.addAll(List.of(extra));
    return hengel(args.toArray(String[]::new));
  }

  /** The three commands on a directory holding an export; a team per manager. */
  static Run importAll(TestWorkspace tw, Path dir) {
    importAccounts(tw, dir.resolve(CrmExport.ACCOUNTS)).ok();
    importOwners(tw, dir.resolve(CrmExport.TEAMS), "manager").ok();
    return importPipeline(tw, dir.resolve(CrmExport.PIPELINE)).ok();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void the_export_goes_in_with_three_commands_and_every_figure_equals_the_files() {
    TestWorkspace tw = newWorkspace();
    Group all = FIGURES.all();

    Run accounts = importAccounts(tw, CRM.resolve(CrmExport.ACCOUNTS)).ok();
    assertThat(accounts.out())
        .contains("85 rows read, 85 accounts: 85 created, 0 updated, 0 unchanged.");
    Run owners = importOwners(tw, CRM.resolve(CrmExport.TEAMS), "manager").ok();
    // 35 agents and their 6 managers; a team per manager.
    assertThat(owners.out())
        .contains("35 rows read, 35 agents; members: 41 added, 0 already members;")
        .contains("teams: 6 created, 0 updated, 0 unchanged.");
    Run pipeline = importPipeline(tw, CRM.resolve(CrmExport.PIPELINE)).ok();
    System.out.println(accounts.out() + owners.out() + pipeline.out());

    assertThat(pipeline.out())
        .contains("1,200 rows, 1,200 opportunities; dates read in America/New_York")
        .contains("People: 1,200 created, 0 already known.")
        // Every agent is a member by now, found by name: none added.
        .contains("Owners: 35 members.")
        // Every account is a company by now, found by its CRM name.
        .contains("Accounts: 85 companies.")
        .contains("Leads: 1,200 moved (1,200 recorded anew, 0 moved on), 0 already recorded.")
        .containsPattern(steps("mql", all.dated("mql"), all.implied("mql")))
        .containsPattern(steps("sal", all.dated("sal"), all.implied("sal")))
        .containsPattern(steps("sql", all.dated("sql"), all.implied("sql")))
        .containsPattern(steps("won", all.dated("won"), 0))
        .containsPattern(steps("lost", all.dated("lost"), 0))
        .containsPattern("opportunities in new without any date\\s+" + FIGURES.undated() + " ")
        .containsPattern(
            "opportunities without an account\\s+"
                + FIGURES.byAccount().get(CrmFigures.NONE).leads()
                + " ")
        .containsPattern("lost without a reason\\s+" + all.reached("lost") + " ");

    Api api = tw.admin();
    Map<String, String> names = names(tw);

    // Won and lost per close month: the closed cohort.
    JsonNode closed = report(api, "waterfall", "cohort=closed&groupBy=cohort");
    assertWaterfall(closed, FIGURES.byCloseMonth(), Function.identity());
    assertRow(closed.get("total"), FIGURES.closed(), "closed total");
    assertWonValue(closed.get("total"), FIGURES.closed());
    JsonNode closedVelocity = report(api, "velocity", "cohort=closed&groupBy=cohort");
    assertVelocity(closedVelocity, FIGURES.byCloseMonth(), Function.identity());

    // Over all time, every lead: the undated ones as their own cohort.
    JsonNode created = report(api, "waterfall", "groupBy=cohort");
    assertWaterfall(created, FIGURES.byCreatedMonth(), Function.identity());
    assertRow(created.get("total"), all, "total");
    assertWonValue(created.get("total"), all);
    assertVelocity(report(api, "velocity", "groupBy=cohort"), FIGURES.byCreatedMonth(), k -> k);
    assertSpans(report(api, "velocity", "groupBy=cohort").get("total"), all, "total");

    // Per owner (a member's e-mail in the report), per team (the manager's), per sector, per
    // product, per account.
    assertWaterfall(report(api, "waterfall", "groupBy=owner"), FIGURES.byOwner(), names::get);
    assertVelocity(report(api, "velocity", "groupBy=owner"), FIGURES.byOwner(), names::get);
    assertWaterfall(report(api, "waterfall", "groupBy=team"), FIGURES.byManager(), noTeam());
    assertVelocity(report(api, "velocity", "groupBy=team"), FIGURES.byManager(), noTeam());
    assertWaterfall(report(api, "waterfall", "groupBy=company.sector"), FIGURES.bySector(), k -> k);
    assertVelocity(report(api, "velocity", "groupBy=company.sector"), FIGURES.bySector(), k -> k);
    assertWaterfall(
        report(api, "waterfall", "groupBy=person.product"), FIGURES.byProduct(), k -> k);
    assertVelocity(report(api, "velocity", "groupBy=person.product"), FIGURES.byProduct(), k -> k);
    assertWaterfall(report(api, "waterfall", "groupBy=company"), FIGURES.byAccount(), k -> k);

    // Implied and undated leads are said, with their counts.
    JsonNode notes = created.get("notes");
    JsonNode implied = note(notes, "analytics.implied-stages").get("counts");
    assertThat(implied.get("mql").asLong()).isEqualTo(all.implied("mql"));
    assertThat(implied.get("sql").asLong()).isEqualTo(all.implied("sql"));
    assertThat(implied.get("leads").asLong()).isEqualTo(all.reached("mql"));
    assertThat(note(notes, "analytics.undated-leads").get("counts").get("leads").asLong())
        .isEqualTo(FIGURES.undated());
  }

  /**
   * The other way to read the sales-teams file: a team per regional office, as a sales-operations
   * lead would group the deals. Each office has two managers and a team has one, so this mapping
   * names no manager ({@code --map manager=...} is what makes a manager, says {@code import owners
   * --help}); the file's {@code manager} column must then not make the import refuse the offices.
   */
  @Test
  void teams_by_regional_office_count_the_deals_of_each_office() {
    TestWorkspace tw = newWorkspace();
    importOwners(tw, CRM.resolve(CrmExport.TEAMS), "regional_office").ok();
    importPipeline(tw, CRM.resolve(CrmExport.PIPELINE)).ok();
    assertWaterfall(report(tw.admin(), "waterfall", "groupBy=team"), FIGURES.byOffice(), noTeam());
    assertVelocity(report(tw.admin(), "velocity", "groupBy=team"), FIGURES.byOffice(), noTeam());
  }

  @Test
  void importing_the_same_files_again_changes_nothing_and_says_so() {
    TestWorkspace tw = newWorkspace();
    importAll(tw, CRM);
    JsonNode before = report(tw.admin(), "waterfall", "groupBy=owner");

    Run accounts = importAccounts(tw, CRM.resolve(CrmExport.ACCOUNTS)).ok();
    Run owners = importOwners(tw, CRM.resolve(CrmExport.TEAMS), "manager").ok();
    Run again = importPipeline(tw, CRM.resolve(CrmExport.PIPELINE)).ok();
    System.out.println(accounts.out() + owners.out() + again.out());
    assertThat(accounts.out()).contains("Nothing changed.");
    assertThat(owners.out()).contains("Nothing changed.");
    assertThat(again.out())
        .contains("People: 0 created, 1,200 already known.")
        .contains("Leads: 0 moved (0 recorded anew, 0 moved on), 1,200 already recorded.")
        .doesNotContain("Steps written");
    assertThat(report(tw.admin(), "waterfall", "groupBy=owner").get("rows"))
        .isEqualTo(before.get("rows"));
    assertThat(count(tw, "select count(*) from lead_transition where workspace_id = ?"))
        .isEqualTo(FIGURES.leads().stream().mapToLong(l -> l.entries().size()).sum());
  }

  @Test
  void a_newer_export_applies_only_what_is_new(@TempDir Path dir) throws IOException {
    TestWorkspace tw = newWorkspace();
    importAll(tw, CRM);
    Path newer = Files.createDirectories(dir.resolve("newer"));
    CrmExport.committed()
        .writePipeline(newer.resolve(CrmExport.PIPELINE), CrmExport.NEWER, CrmExport.Dialect.PLAIN);
    Files.copy(CRM.resolve(CrmExport.ACCOUNTS), newer.resolve(CrmExport.ACCOUNTS));
    Files.copy(CRM.resolve(CrmExport.TEAMS), newer.resolve(CrmExport.TEAMS));
    CrmFigures later = CrmFigures.pipeline(newer, ZONE);
    CrmFigures.Changes changes = CrmFigures.changes(FIGURES, later);

    Run run = importPipeline(tw, newer.resolve(CrmExport.PIPELINE)).ok();
    System.out.println(run.out());
    assertThat(run.out())
        .contains(
            String.format(
                Locale.ROOT,
                "Leads: %,d moved (%,d recorded anew, %,d moved on), %,d already recorded.",
                changes.added() + changes.extended(),
                changes.added(),
                changes.extended(),
                changes.unchanged()));
    for (String stage : CrmFigures.STAGES) {
      long added = changes.newEntries().getOrDefault(stage, 0L);
      if (added > 0) {
        assertThat(run.out()).containsPattern("\\n  " + stage + "\\s+\\d+\\s+\\d+\\n");
      }
    }
    assertThat(count(tw, "select count(*) from lead_transition where workspace_id = ?"))
        .isEqualTo(later.leads().stream().mapToLong(l -> l.entries().size()).sum());

    // The reports now say what the newer file says.
    Api api = tw.admin();
    assertWaterfall(
        report(api, "waterfall", "cohort=closed&groupBy=cohort"), later.byCloseMonth(), k -> k);
    assertVelocity(
        report(api, "velocity", "cohort=closed&groupBy=cohort"), later.byCloseMonth(), k -> k);
    assertRow(report(api, "waterfall", "groupBy=cohort").get("total"), later.all(), "total");
    assertWaterfall(report(api, "waterfall", "groupBy=owner"), later.byOwner(), names(tw)::get);

    // And the newer file once more: nothing.
    assertThat(importPipeline(tw, newer.resolve(CrmExport.PIPELINE)).ok().out())
        .contains(
            String.format(
                Locale.ROOT,
                "Leads: 0 moved (0 recorded anew, 0 moved on), %,d already recorded.",
                later.leads().size()));
  }

  @Test
  void an_excel_file_with_crlf_and_bom_and_a_semicolon_file_import_like_the_plain_one(
      @TempDir Path dir) throws IOException {
    CrmExport world = CrmExport.committed();
    Path excel = dir.resolve("excel.csv");
    Path semicolon = dir.resolve("semicolon.csv");
    world.writePipeline(excel, CrmExport.AS_OF, CrmExport.Dialect.EXCEL);
    world.writePipeline(semicolon, CrmExport.AS_OF, CrmExport.Dialect.SEMICOLON);

    var outcomes = new ArrayList<JsonNode>();
    for (var file : List.of(excel, semicolon)) {
      TestWorkspace tw = newWorkspace();
      // Through the API this time: the same code path, the file as the request body.
      String query =
          "/api/imports/pipeline?zone=America/New_York&createOwners=true"
              + (file == semicolon ? "&delimiter=" + enc(";") : "")
              + "&map=id:opportunity_id&map=stage:deal_stage&map=owner:sales_agent"
              + "&map=account:account&map=amount:close_value&set=currency:USD"
              + "&map=attr.product:product&map=date.sal:engage_date"
              + "&map=date.won:close_date&map=date.lost:close_date"
              + "&stage=Prospecting:new&stage=Engaging:sal&stage=Won:won&stage=Lost:lost";
      Api.Response r =
          tw.admin().send(query, "POST", "text/csv; charset=utf-8", Files.readAllBytes(file));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      outcomes.add(r.json().get("leads"));
      assertRow(
          report(tw.admin(), "waterfall", "groupBy=cohort").get("total"),
          FIGURES.all(),
          file.getFileName().toString());
      assertWaterfall(
          report(tw.admin(), "waterfall", "cohort=closed&groupBy=cohort"),
          FIGURES.byCloseMonth(),
          k -> k);
      assertThat(
              tw.admin()
                  .get("/api/analytics/waterfall?groupBy=company")
                  .json()
                  .get("rows")
                  .findValuesAsString("key"))
          .contains("Hoek, Bakker & Zn.", "Meridian \"Blue\" Logistics", "Łódź Textil S.A.");
    }
    assertThat(outcomes.get(0)).isEqualTo(outcomes.get(1));
    assertThat(outcomes.get(0).get("recorded").asLong()).isEqualTo(1_200);
  }

  /**
   * A backtest over the imported history, first of a definition that qualifies nobody (a CRM export
   * has no interactions): its base rates are the imported outcomes at their historical times. Then
   * with a meeting per engaged deal on its engage day at 10:00 in New York, imported as
   * interactions of the same people (keyed by the CRM's ids): the definition makes each meeting an
   * MQL, and the backtest finds those moments and measures the outcomes after them.
   */
  @Test
  void a_backtest_over_the_imported_history_finds_mqls_and_outcomes_at_their_historical_times(
      @TempDir Path dir) throws IOException {
    TestWorkspace tw = newWorkspace();
    importAll(tw, CRM);
    as(tw, "mia@crm.example", Role.MARKETING);
    as(tw, "sam@crm.example", Role.SALES);
    Api.Response uploaded =
        tw.admin()
            .send(
                "/api/definitions",
                "POST",
                "application/yaml",
                """
                name: meetings
                owners: { marketing: mia@crm.example, sales: sam@crm.example }
                engagement:
                  half_life: 30d
                  rules:
                    - { name: meeting, when: "event.type == 'meeting_booked'", points: 10 }
                mql: "engagement >= 10"
                """);
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    int version = uploaded.json().get("version").get("number").asInt();
    Instant from = Instant.parse("2024-01-01T00:00:00Z");
    Instant to = Instant.parse("2025-01-01T00:00:00Z");
    Duration horizon = Duration.ofDays(90);
    Map<String, Object> body =
        Map.of("from", "2024-01-01", "to", "2025-01-01", "horizon", "90d", "alone", true);

    JsonNode before = backtest(tw.admin(), version, body).get("report").get("candidate");
    long won = inRange(FIGURES, "won", from, to);
    assertThat(before.get("leads").asLong()).isEqualTo(FIGURES.leads().size());
    assertThat(before.get("mqls").asLong()).isZero();
    assertThat(before.get("baseRate").get("sal").get("count").asLong())
        .isEqualTo(inRange(FIGURES, "sal", from, to));
    // sql is implied at the close: a lead counts as qualified in 2024 when it closed in 2024.
    assertThat(before.get("baseRate").get("sql").get("count").asLong())
        .isEqualTo(inRange(FIGURES, "sql", from, to));
    assertThat(before.get("baseRate").get("won").get("count").asLong()).isEqualTo(won);
    assertThat(before.get("recall").get("caught").get("count").asLong()).isZero();
    assertThat(before.get("recall").get("caught").get("of").asLong()).isEqualTo(won);

    // A meeting per engaged deal, and what the backtest must find, worked out here.
    var meetings = new StringBuilder("activity_id,opportunity_id,type,occurred_at\n");
    var perMonth = new TreeMap<String, Long>();
    long mqls = 0;
    long hitSql = 0;
    long hitWon = 0;
    long caught = 0;
    var leadTimes = new ArrayList<Double>();
    for (CrmFigures.Lead l : FIGURES.leads()) {
      CrmFigures.Entry sal = l.entries().get("sal");
      if (sal == null) {
        continue;
      }
      var meeting = sal.at().atZone(ZONE).toLocalDate().atTime(10, 0).atZone(ZONE);
      Instant mql = meeting.toInstant();
      meetings.append(
          "M-%s,%s,meeting_booked,%s\n"
              .formatted(
                  l.id(),
                  l.id(),
                  meeting.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
      CrmFigures.Entry w = l.entries().get("won");
      if (w != null && !w.at().isBefore(from) && w.at().isBefore(to) && mql.isBefore(w.at())) {
        caught++;
        leadTimes.add((double) Duration.between(mql, w.at()).toMillis());
      }
      if (mql.isBefore(from) || !mql.isBefore(to)) {
        continue;
      }
      mqls++;
      perMonth.merge(CrmFigures.month(mql), 1L, Long::sum);
      if (withinHorizon(l.entries().get("sql"), mql, horizon)) {
        hitSql++;
      }
      if (withinHorizon(w, mql, horizon)) {
        hitWon++;
      }
    }
    assertThat(List.of(mqls, hitSql, hitWon, caught)).allMatch(n -> n > 0);
    Path file = dir.resolve("meetings.csv");
    Files.writeString(file, meetings);
    hengel(
            "import",
            "interactions",
            file.toString(),
            "-w",
            tw.workspace().slug(),
            "--set",
            "source=crm-meetings",
            "--set",
            "department=sales",
            "--set",
            "personSource=crm",
            "--map",
            "personExternalId=opportunity_id",
            "--map",
            "externalId=activity_id",
            "--map",
            "occurredAt=occurred_at")
        .ok();

    JsonNode after = backtest(tw.admin(), version, body).get("report").get("candidate");
    assertThat(after.get("leads").asLong()).isEqualTo(FIGURES.leads().size());
    assertThat(after.get("mqls").asLong()).isEqualTo(mqls);
    var months = new TreeMap<String, Long>();
    after
        .get("mqlsPerMonth")
        .properties()
        .forEach(e -> months.put(e.getKey(), e.getValue().asLong()));
    assertThat(months).isEqualTo(perMonth);
    // Accepted at 00:00 of the engage day, before the 10:00 meeting: not after the MQL moment.
    assertShare(after.get("precision").get("sal"), 0, mqls);
    assertShare(after.get("precision").get("sql"), hitSql, mqls);
    assertShare(after.get("precision").get("won"), hitWon, mqls);
    assertShare(after.get("recall").get("caught"), caught, won);
    assertThat(after.get("recall").get("medianLeadTimeDays").asDouble())
        .isCloseTo(CrmFigures.percentile(leadTimes, 0.5) / 86_400_000, within(1e-6));
    assertShare(after.get("singleTouch"), mqls, mqls);
    assertThat(after.get("baseRate")).isEqualTo(before.get("baseRate"));
  }

  static boolean withinHorizon(CrmFigures.Entry e, Instant start, Duration horizon) {
    return e != null && !e.at().isBefore(start) && !e.at().isAfter(start.plus(horizon));
  }

  static void assertShare(JsonNode share, long count, long of) {
    assertThat(share.get("count").asLong()).as(share.toString()).isEqualTo(count);
    assertThat(share.get("of").asLong()).as(share.toString()).isEqualTo(of);
  }

  /** The second export shape: one row per stage change, times without a zone, two currencies. */
  @Test
  void a_stage_history_export_goes_in_with_at_and_its_figures_equal_the_file() {
    TestWorkspace tw = newWorkspace();
    Path file = CRM.resolve(CrmExport.HISTORY);
    Map<String, String> stages =
        Map.of(
            "Lead", "new",
            "Marketing Qualified", "mql",
            "Sales Accepted", "sal",
            "Sales Qualified", "sql",
            "Closed Won", "won",
            "Closed Lost", "lost");
    CrmFigures figures = CrmFigures.history(file, stages, ZONE);
    Group all = figures.all();
    Run run =
        hengel(
                "import",
                "pipeline",
                file.toString(),
                "-w",
                tw.workspace().slug(),
                "--as",
                admin(tw),
                "--map",
                "id=deal_id",
                "--map",
                "stage=stage",
                "--map",
                "at=changed_at",
                "--map",
                "owner=owner_email",
                "--map",
                "amount=amount",
                "--map",
                "currency=currency",
                "--set",
                "source=hubspot",
                "--stage",
                "Lead=new",
                "--stage",
                "Marketing Qualified=mql",
                "--stage",
                "Sales Accepted=sal",
                "--stage",
                "Sales Qualified=sql",
                "--stage",
                "Closed Won=won",
                "--stage",
                "Closed Lost=lost",
                "--zone",
                "America/New_York",
                "--create-owners")
            .ok();
    System.out.println(run.out());
    assertThat(run.out())
        .contains(
            String.format(
                Locale.ROOT,
                "Leads: %,d moved (%,d recorded anew, 0 moved on), 0 already recorded.",
                all.leads(),
                all.leads()))
        .containsPattern(steps("mql", all.dated("mql"), all.implied("mql")))
        .containsPattern(steps("sql", all.dated("sql"), all.implied("sql")))
        .containsPattern(steps("won", all.dated("won"), 0));

    Api api = tw.admin();
    JsonNode created = report(api, "waterfall", "groupBy=cohort");
    assertWaterfall(created, figures.byCreatedMonth(), k -> k);
    assertRow(created.get("total"), all, "total");
    assertWaterfall(report(api, "waterfall", "groupBy=owner"), figures.byOwner(), k -> k);
    assertVelocity(report(api, "velocity", "groupBy=cohort"), figures.byCreatedMonth(), k -> k);
    assertSpans(report(api, "velocity", "groupBy=cohort").get("total"), all, "total");
    assertWaterfall(
        report(api, "waterfall", "cohort=closed&groupBy=cohort"), figures.byCloseMonth(), k -> k);
    assertVelocity(
        report(api, "velocity", "cohort=closed&groupBy=cohort"), figures.byCloseMonth(), k -> k);

    // Won in euros and dollars: no single sum, and the note gives each.
    JsonNode value = created.get("total").get("wonValue");
    assertThat(value.path("amount").isMissingNode() || value.get("amount").isNull())
        .as("no single sum: " + value)
        .isTrue();
    List<String> currencies = new ArrayList<>();
    value.get("currencies").forEach(c -> currencies.add(c.asString()));
    assertThat(currencies).containsExactlyElementsOf(all.wonValue().keySet());
    // The notes of the whole answer (key "(all)"): won, then open pipeline, each per currency.
    String total = created.get("total").get("key").asString();
    for (var what : List.of("won", "open pipeline")) {
      Map<String, BigDecimal> expected = what.equals("won") ? all.wonValue() : all.openValue();
      JsonNode mixed = null;
      for (JsonNode n : created.get("notes")) {
        if (n.get("code").asString().equals("analytics.mixed-currencies")
            && total.equals(n.path("key").asString())
            && n.get("text").asString().contains("the " + what + " deals")) {
          mixed = n;
        }
      }
      assertThat(mixed).as(what + " note in " + created.get("notes")).isNotNull();
      for (var e : expected.entrySet()) {
        assertThat(mixed.get("text").asString())
            .contains(String.format(Locale.ROOT, "%s %,.2f", e.getKey(), e.getValue()));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  static String steps(String stage, long dated, long implied) {
    return "\\n  " + stage + "\\s+" + dated + "\\s+" + implied + "\\n";
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode report(Api api, String report, String query) {
    Api.Response r = api.get("/api/analytics/" + report + "?" + query);
    assertThat(r.status()).as(report + "?" + query + ": " + r).isEqualTo(200);
    return r.json();
  }

  /** The members' e-mails by their display names: the owner key of the reports. */
  Map<String, String> names(TestWorkspace tw) {
    var names = new HashMap<String, String>();
    for (Member m : members.list(tw.workspace().id())) {
      names.put(m.displayName(), m.email());
    }
    return names;
  }

  static Function<String, String> noTeam() {
    return k -> k.equals(CrmFigures.NONE) ? "(no team)" : k;
  }

  long count(TestWorkspace tw, String sql) {
    return jdbc.sql(sql).param(tw.workspace().id().value()).query(Long.class).single();
  }

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.jdbc.core.simple.JdbcClient jdbc;

  static long inRange(CrmFigures f, String stage, Instant from, Instant to) {
    return f.leads().stream()
        .map(l -> l.entries().get(stage))
        .filter(e -> e != null && !e.at().isBefore(from) && e.at().isBefore(to))
        .count();
  }

  static JsonNode note(JsonNode notes, String code) {
    for (JsonNode n : notes) {
      if (n.get("code").asString().equals(code)) {
        return n;
      }
    }
    throw new AssertionError("no note " + code + " in " + notes);
  }

  static JsonNode backtest(Api api, int version, Map<String, Object> body) {
    Api.Response started = api.post("/api/definitions/" + version + "/backtests", body);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    long id = started.json().get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() ->
            !api.get("/api/backtests/" + id).json().get("status").asString().equals("running"));
    JsonNode run = api.get("/api/backtests/" + id).json();
    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("done");
    return run;
  }

  /** Every row of a waterfall against the groups, keys mapped to the report's. */
  static void assertWaterfall(
      JsonNode report, SortedMap<String, Group> expected, Function<String, String> key) {
    var rows = new LinkedHashMap<String, JsonNode>();
    report.get("rows").forEach(r -> rows.put(r.get("key").asString(), r));
    var keys = new TreeMap<String, Group>();
    expected.forEach((k, g) -> keys.put(key.apply(k), g));
    assertThat(rows.keySet()).as("row keys").containsExactlyInAnyOrderElementsOf(keys.keySet());
    keys.forEach((k, g) -> {
      assertRow(rows.get(k), g, k);
      assertWonValue(rows.get(k), g);
    });
  }

  static void assertRow(JsonNode row, Group g, String key) {
    assertThat(row.get("leads").asLong()).as(key + " leads").isEqualTo(g.leads());
    for (String stage : CrmFigures.STAGES) {
      assertThat(row.get(stage).asLong()).as(key + " " + stage).isEqualTo(g.reached(stage));
    }
  }

  static void assertWonValue(JsonNode row, Group g) {
    JsonNode value = row.get("wonValue");
    if (g.wonValue().isEmpty()) {
      assertThat(value.get("leads").asLong()).as(row.get("key") + " won value").isZero();
      return;
    }
    assertThat(value.get("leads").asLong())
        .as(row.get("key") + " won leads with a value")
        .isEqualTo(g.reached("won"));
    if (g.wonValue().size() == 1) {
      var e = g.wonValue().entrySet().iterator().next();
      assertThat(value.get("currency").asString()).isEqualTo(e.getKey());
      assertThat(new BigDecimal(value.get("amount").asString()))
          .as(row.get("key") + " won value")
          .isEqualByComparingTo(e.getValue());
    }
  }

  /** Every row of a velocity report against the groups' spans. */
  static void assertVelocity(
      JsonNode report, SortedMap<String, Group> expected, Function<String, String> key) {
    var rows = new LinkedHashMap<String, JsonNode>();
    report.get("rows").forEach(r -> rows.put(r.get("key").asString(), r));
    var keys = new TreeMap<String, Group>();
    expected.forEach((k, g) -> keys.put(key.apply(k), g));
    assertThat(rows.keySet()).as("row keys").containsExactlyInAnyOrderElementsOf(keys.keySet());
    keys.forEach((k, g) -> assertSpans(rows.get(k), g, k));
  }

  /** Each span the calculator knows, as the row reports it; first touch to won measures none. */
  static void assertSpans(JsonNode row, Group g, String key) {
    var spans = new HashMap<String, JsonNode>();
    row.get("spans")
        .forEach(s -> spans.put(s.get("from").asString() + ">" + s.get("to").asString(), s));
    assertThat(spans).as(key + " spans").containsKeys(CrmFigures.SPANS.toArray(String[]::new));
    for (String name : CrmFigures.SPANS) {
      Span expected = g.span(name);
      JsonNode s = spans.get(name);
      String what = key + " " + name;
      assertThat(s.get("leads").asLong()).as(what + " leads").isEqualTo(expected.leads());
      assertThat(s.get("implied").asLong()).as(what + " implied").isEqualTo(expected.implied());
      if (expected.medianSeconds() == null) {
        assertThat(s.path("medianSeconds").isMissingNode() || s.get("medianSeconds").isNull())
            .as(what + " median absent")
            .isTrue();
      } else {
        assertThat(s.get("medianSeconds").asDouble())
            .as(what + " median")
            .isCloseTo(expected.medianSeconds(), within(1e-3));
        assertThat(s.get("p80Seconds").asDouble())
            .as(what + " p80")
            .isCloseTo(expected.p80Seconds(), within(1e-3));
      }
    }
    assertThat(spans.get("first-touch>won").get("leads").asLong())
        .as(key + " first touch to won: a CRM export has no interactions")
        .isZero();
  }
}
