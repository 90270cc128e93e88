package nl.hengel.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import nl.hengel.access.Member;
import nl.hengel.access.Teams;
import nl.hengel.cli.HengelCommand;
import nl.hengel.lifecycle.LeadHistories;
import nl.hengel.lifecycle.Owner;
import nl.hengel.lifecycle.PastLead;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Role;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The reports over a CRM's history recorded through {@link LeadHistories}: opportunities that never
 * left prospecting (some without any date), engaged ones, won and lost ones whose earlier stages
 * the CRM implies but does not date, a few with every stage dated, one lost and later won, one
 * recorded as prospecting and extended by a newer export, and one undated lead moved live. Every
 * figure is checked against a plain computation over the same opportunities in Java ({@link Opp}),
 * never against SQL.
 */
class ImportedHistoryAnalyticsIntegrationTests extends IntegrationTestSupport {

  static final Instant READ = Instant.parse("2026-11-02T10:30:00Z");
  static final Instant LIVE_MOVE = Instant.parse("2026-09-15T10:00:00Z");
  static final Instant BASE = Instant.parse("2026-01-05T00:00:00Z");
  static final String ACTOR = "import:crm";

  @Autowired LeadHistories histories;
  @Autowired Teams teams;
  @Autowired FunnelAnalytics analytics;

  /** A step of an opportunity's history as the test writes it. */
  record Step(Stage stage, Instant at, boolean implied) {}

  /** A deal: minor units of a currency. */
  record Deal(long minor, String currency) {}

  /** One opportunity as the CRM export has it, and what the test expects of it. */
  record Opp(
      String id,
      @Nullable String company,
      @Nullable String product,
      @Nullable String owner,
      @Nullable String team,
      @Nullable Instant newSince,
      List<Step> steps,
      @Nullable Deal deal) {

    @Nullable Step firstStep(Stage s) {
      return steps.stream().filter(x -> x.stage() == s).findFirst().orElse(null);
    }

    @Nullable Instant first(Stage s) {
      Step x = firstStep(s);
      return x == null ? null : x.at();
    }

    boolean implied(Stage s) {
      Step x = firstStep(s);
      return x != null && x.implied();
    }

    /** created = the date given for new, else the first step's, else none. */
    @Nullable Instant created() {
      return newSince != null ? newSince : steps.isEmpty() ? null : steps.getFirst().at();
    }

    /** closed = first won, else first lost. */
    @Nullable Instant closed() {
      return first(Stage.WON) != null ? first(Stage.WON) : first(Stage.LOST);
    }

    Stage stage() {
      return steps.isEmpty() ? Stage.NEW : steps.getLast().stage();
    }

    boolean open() {
      Stage s = stage();
      return s == Stage.NEW || s == Stage.MQL || s == Stage.SAL || s == Stage.SQL;
    }

    Opp with(Step step) {
      var more = new ArrayList<>(steps);
      more.add(step);
      return new Opp(id, company, product, owner, team, newSince, more, deal);
    }
  }

  /** The companies: domain → (name, sector or none). */
  static final Map<String, String[]> COMPANIES = new LinkedHashMap<>();

  static {
    COMPANIES.put("northwind.example", new String[] {"Northwind", "retail"});
    COMPANIES.put("initech.example", new String[] {"Initech", "software"});
    COMPANIES.put("globex.example", new String[] {"Globex", "software"});
    COMPANIES.put("umbrella.example", new String[] {"Umbrella", null});
  }

  static final Map<String, String> TEAM_OF = Map.of("bram", "north", "sam", "south");

  static Instant day(int n) {
    return BASE.plus(Duration.ofDays(n));
  }

  /**
   * The CRM's opportunities: a seeded mix of prospecting, engaging, won and lost, the way a CRM
   * export gives them (engage and close dates; earlier stages implied), and the special ones.
   */
  static List<Opp> opportunities() {
    var r = new Random(13);
    String[] companies = {
      "northwind.example", "initech.example", "globex.example", "umbrella.example", null
    };
    String[] products = {"GTX Basic", "MG Special", null};
    String[] owners = {"bram", "sam", "tom"};
    var opps = new ArrayList<Opp>();
    for (int i = 0; i < 56; i++) {
      String company = companies[i % companies.length];
      String product = products[r.nextInt(products.length)];
      String owner = i % 16 == 0 ? null : owners[r.nextInt(owners.length)];
      // Half the owned leads name their team, the others leave it to the owner's membership;
      // one of tom's (in no team) is north's.
      String team =
          owner == null
              ? null
              : owner.equals("tom")
                  ? (i % 7 == 0 ? "north" : null)
                  : i % 2 == 0 ? TEAM_OF.get(owner) : null;
      String currency = "globex.example".equals(company) && i % 3 != 0 ? "EUR" : "USD";
      int engageDay = r.nextInt(200);
      Instant engage = day(engageDay);
      Instant close = day(engageDay + 3 + r.nextInt(90));
      Instant created = r.nextInt(10) < 7 ? day(engageDay - r.nextInt(20)) : null;
      boolean engaged = r.nextInt(4) != 0;
      var steps = new ArrayList<Step>();
      Deal deal = null;
      int kind = i % 8;
      switch (kind) {
        case 0, 1 -> {
          // Prospecting: no step; some with a created date, some with none at all.
          created = kind == 0 ? day(engageDay) : (i % 3 == 0 ? null : created);
          deal = r.nextBoolean() ? new Deal(100_00L * (1 + r.nextInt(50)), currency) : null;
        }
        case 2 -> {
          steps.add(new Step(Stage.MQL, engage, true));
          steps.add(new Step(Stage.SAL, engage, false));
          deal = new Deal(250_00L * (1 + r.nextInt(20)), currency);
        }
        case 3, 4, 5, 6 -> {
          Stage outcome = kind <= 4 ? Stage.WON : Stage.LOST;
          if (engaged) {
            steps.add(new Step(Stage.MQL, engage, true));
            steps.add(new Step(Stage.SAL, engage, false));
          } else {
            steps.add(new Step(Stage.MQL, close, true));
            steps.add(new Step(Stage.SAL, close, true));
          }
          steps.add(new Step(Stage.SQL, close, true));
          steps.add(new Step(outcome, close, false));
          if (outcome == Stage.WON && i % 6 != 0) {
            deal = new Deal(1_000_00L + 37L * r.nextInt(100_000), currency);
          }
        }
        default -> {
          // Every stage dated, as an export with one row per stage change gives it.
          Instant sal = engage.plus(Duration.ofHours(4 + r.nextInt(40)));
          Instant sql = sal.plus(Duration.ofDays(1 + r.nextInt(9)));
          Instant end = sql.plus(Duration.ofDays(2 + r.nextInt(60)));
          steps.add(new Step(Stage.MQL, engage, false));
          steps.add(new Step(Stage.SAL, sal, false));
          steps.add(new Step(Stage.SQL, sql, false));
          Stage outcome = r.nextBoolean() ? Stage.WON : Stage.LOST;
          steps.add(new Step(outcome, end, false));
          deal = outcome == Stage.WON ? new Deal(5_000_00L + r.nextInt(100_000), currency) : null;
        }
      }
      if (created != null && !steps.isEmpty() && created.isAfter(steps.getFirst().at())) {
        created = steps.getFirst().at();
      }
      opps.add(new Opp("o" + i, company, product, owner, team, created, List.copyOf(steps), deal));
    }
    // Lost, back to nurture, and won in the end: the closed cohort is its first won.
    opps.add(
        new Opp(
            "recycled",
            "initech.example",
            "GTX Basic",
            "bram",
            null,
            day(2),
            List.of(
                new Step(Stage.MQL, day(3), false),
                new Step(Stage.SAL, day(5), false),
                new Step(Stage.SQL, day(9), false),
                new Step(Stage.LOST, day(30), false),
                new Step(Stage.NURTURE, day(31), false),
                new Step(Stage.MQL, day(120), false),
                new Step(Stage.SAL, day(121), false),
                new Step(Stage.SQL, day(125), false),
                new Step(Stage.WON, day(160), false)),
            new Deal(12_345_67L, "USD")));
    return opps;
  }

  /** The one recorded as prospecting first and extended by a newer export to won. */
  static Opp extended() {
    return new Opp(
        "extended",
        "northwind.example",
        "MG Special",
        "sam",
        null,
        day(40),
        List.of(
            new Step(Stage.MQL, day(50), true),
            new Step(Stage.SAL, day(50), false),
            new Step(Stage.SQL, day(70), true),
            new Step(Stage.WON, day(70), false)),
        new Deal(7_000_00L, "USD"));
  }

  record Scene(TestWorkspace tw, Api iris, List<Opp> opps) {}

  static Scene scene;

  @BeforeEach
  void sceneAtRead() {
    synchronized (ImportedHistoryAnalyticsIntegrationTests.class) {
      if (scene == null) {
        scene = build();
      }
    }
    clock.set(READ);
  }

  Scene build() {
    clock.set(READ);
    TestWorkspace tw = newWorkspace();
    Api admin = tw.admin();
    Api iris = as(tw, "iris@crm.example", Role.ANALYST);
    Api anna = as(tw, "anna@crm.example", Role.MARKETING);
    as(tw, "mia@crm.example", Role.SALES);
    var members = new HashMap<String, Member>();
    for (String who : List.of("bram", "sam", "tom")) {
      String email = who + "@crm.example";
      members.put(
          who, this.members.add(tw.workspace().id(), email, who, java.util.Set.of(Role.SALES)));
    }
    ok(admin.post("/api/teams", team("north", "bram")));
    ok(admin.post("/api/teams", team("south", "sam")));
    COMPANIES.forEach((domain, c) -> {
      var attributes = new HashMap<String, Object>();
      attributes.put("size", 10);
      if (c[1] != null) {
        attributes.put("sector", c[1]);
      }
      ok(
          admin.post(
              "/api/companies", Map.of("domain", domain, "name", c[0], "attributes", attributes)));
    });

    List<Opp> opps = new ArrayList<>(opportunities());
    Opp extended = extended();
    var ids = new HashMap<String, Long>();
    for (Opp o : concat(opps, extended)) {
      var person = new HashMap<String, Object>();
      person.put("externalKey", Map.of("source", "crm", "id", o.id()));
      if (o.company() != null) {
        person.put("companyDomain", o.company());
      }
      if (o.product() != null) {
        person.put("attributes", Map.of("product", o.product()));
      }
      ids.put(o.id(), ok(admin.post("/api/people", person)).json().get("id").asLong());
    }
    var ws = tw.workspace().id();
    Function<Opp, PastLead> past =
        o -> {
          Member m = o.owner() == null ? null : members.get(o.owner());
          Long team = o.team() == null ? null : teams.find(ws, o.team()).orElseThrow().id().value();
          return new PastLead(
              new PersonId(ids.get(o.id())),
              o.steps().stream()
                  .map(s ->
                      new PastLead.Step(s.stage(), s.at(), ACTOR, null, null, null, s.implied()))
                  .toList(),
              "crm",
              null,
              o.newSince(),
              m == null ? null : new Owner(m.id(), m.email()),
              team,
              o.deal() == null ? null : new PastLead.Deal(o.deal().minor(), o.deal().currency()));
        };
    // The first export: the extended one still prospecting.
    Opp prospecting =
        new Opp(
            extended.id(),
            extended.company(),
            extended.product(),
            extended.owner(),
            null,
            extended.newSince(),
            List.of(),
            null);
    LeadHistories.Outcome first =
        histories.record(ws, concat(opps, prospecting).stream().map(past).toList());
    assertThat(first.refused()).isEmpty();
    assertThat(first.recorded()).isEqualTo(opps.size() + 1);
    // The newer export: it was engaged and won since.
    LeadHistories.Outcome second = histories.record(ws, List.of(past.apply(extended)));
    assertThat(second.refused()).isEmpty();
    assertThat(second.extended()).isEqualTo(1);
    opps.add(extended);

    // An undated lead moved live: its first dated moment is its creation.
    Opp undated =
        opps.stream()
            .filter(o -> o.created() == null && o.steps().isEmpty())
            .findFirst()
            .orElseThrow();
    clock.set(LIVE_MOVE);
    var move = new HashMap<String, Object>();
    move.put("to", "nurture");
    ok(anna.post("/api/people/" + ids.get(undated.id()) + "/lead/moves", move));
    opps.set(opps.indexOf(undated), undated.with(new Step(Stage.NURTURE, LIVE_MOVE, false)));
    clock.set(READ);
    return new Scene(tw, iris, List.copyOf(opps));
  }

  static <T> List<T> concat(List<T> list, T one) {
    var all = new ArrayList<>(list);
    all.add(one);
    return all;
  }

  static Map<String, Object> team(String name, String member) {
    return Map.of(
        "name", name, "manager", "mia@crm.example", "members", List.of(member + "@crm.example"));
  }

  static Api.Response ok(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isBetween(200, 299);
    return r;
  }

  JsonNode get(String path) {
    Api.Response r = scene.iris().get(path);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  // ---- the plain computations over the opportunities ----

  static String month(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
  }

  /** percentile_cont: of n sorted values the p-quantile at position p*(n-1), interpolated. */
  static @Nullable Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    double position = p * (sorted.size() - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
  }

  /** Expected span figures: measured leads, left out as implied, median and p80 in seconds. */
  record Span(long leads, long implied, @Nullable Double median, @Nullable Double p80) {}

  static Span span(List<Opp> opps, Stage from, Stage to) {
    var measured = new ArrayList<Double>();
    long implied = 0;
    for (Opp o : opps) {
      Instant a = o.first(from);
      Instant b = o.first(to);
      if (a == null || b == null) {
        continue;
      }
      if (o.implied(from) || o.implied(to)) {
        implied++;
      } else if (!b.isBefore(a)) {
        measured.add((double) Duration.between(a, b).toSeconds());
      }
    }
    return new Span(measured.size(), implied, percentile(measured, 0.5), percentile(measured, 0.8));
  }

  /** Leads per key: "leads won lost". */
  static Map<String, String> counts(List<Opp> opps, Function<Opp, String> key) {
    var m = new TreeMap<String, long[]>();
    for (Opp o : opps) {
      long[] c = m.computeIfAbsent(key.apply(o), k -> new long[3]);
      c[0]++;
      c[1] += o.first(Stage.WON) != null ? 1 : 0;
      c[2] += o.first(Stage.LOST) != null ? 1 : 0;
    }
    var out = new LinkedHashMap<String, String>();
    m.forEach((k, c) -> out.put(k, c[0] + " " + c[1] + " " + c[2]));
    long[] all = new long[3];
    m.values()
        .forEach(c -> {
          for (int i = 0; i < 3; i++) {
            all[i] += c[i];
          }
        });
    out.put("(all)", all[0] + " " + all[1] + " " + all[2]);
    return out;
  }

  /** Deal value per key as "USD 1234.50", "mixed: EUR USD" or "-", over the leads that pass. */
  static Map<String, String> values(
      List<Opp> opps, Function<Opp, String> key, Predicate<Opp> counted) {
    var m = new TreeMap<String, TreeMap<String, Long>>();
    var all = new TreeMap<String, Long>();
    for (Opp o : opps) {
      var byCurrency = m.computeIfAbsent(key.apply(o), k -> new TreeMap<>());
      if (o.deal() != null && counted.test(o)) {
        byCurrency.merge(o.deal().currency(), o.deal().minor(), Long::sum);
        all.merge(o.deal().currency(), o.deal().minor(), Long::sum);
      }
    }
    var out = new LinkedHashMap<String, String>();
    m.forEach((k, v) -> out.put(k, value(v)));
    out.put("(all)", value(all));
    return out;
  }

  static String value(TreeMap<String, Long> byCurrency) {
    if (byCurrency.isEmpty()) {
      return "-";
    }
    if (byCurrency.size() > 1) {
      return "mixed: " + String.join(" ", byCurrency.keySet());
    }
    var e = byCurrency.firstEntry();
    return e.getKey() + " " + BigDecimal.valueOf(e.getValue(), 2).toPlainString();
  }

  /** An amount of the answer with the two decimals of USD and EUR. */
  static String amount(JsonNode amount) {
    return amount.decimalValue().setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
  }

  // ---- reading the answers ----

  /** key → "leads won lost", total last. */
  static Map<String, String> counts(JsonNode waterfall) {
    var m = new LinkedHashMap<String, String>();
    for (JsonNode r : rowsAndTotal(waterfall)) {
      m.put(
          r.get("key").asString(),
          r.get("leads").asLong() + " " + r.get("won").asLong() + " " + r.get("lost").asLong());
    }
    return m;
  }

  /** key → the won or pipeline value as {@link #value(TreeMap)} writes it. */
  static Map<String, String> values(JsonNode waterfall, String field) {
    var m = new LinkedHashMap<String, String>();
    for (JsonNode r : rowsAndTotal(waterfall)) {
      JsonNode v = r.get(field);
      String text;
      if (v.get("currencies").size() > 1) {
        var currencies = new ArrayList<String>();
        v.get("currencies").forEach(c -> currencies.add(c.asString()));
        assertThat(v.has("amount") && !v.get("amount").isNull()).isFalse();
        text = "mixed: " + String.join(" ", currencies);
      } else if (v.get("currencies").isEmpty()) {
        text = "-";
      } else {
        text = v.get("currency").asString() + " " + amount(v.get("amount"));
      }
      m.put(r.get("key").asString(), text);
    }
    return m;
  }

  static List<JsonNode> rowsAndTotal(JsonNode report) {
    var rows = new ArrayList<JsonNode>();
    report.get("rows").forEach(rows::add);
    rows.add(report.get("total"));
    return rows;
  }

  static Span span(JsonNode row, String from, String to) {
    for (JsonNode s : row.get("spans")) {
      if (s.get("from").asString().equals(from) && s.get("to").asString().equals(to)) {
        return new Span(
            s.get("leads").asLong(),
            s.get("implied").asLong(),
            s.has("medianSeconds") && !s.get("medianSeconds").isNull()
                ? s.get("medianSeconds").asDouble()
                : null,
            s.has("p80Seconds") && !s.get("p80Seconds").isNull()
                ? s.get("p80Seconds").asDouble()
                : null);
      }
    }
    throw new AssertionError("no span " + from + ">" + to);
  }

  static void assertSpan(Span actual, Span expected, String what) {
    assertThat(actual.leads()).as(what + " leads").isEqualTo(expected.leads());
    assertThat(actual.implied()).as(what + " implied").isEqualTo(expected.implied());
    if (expected.median() == null) {
      assertThat(actual.median()).as(what + " median").isNull();
      assertThat(actual.p80()).as(what + " p80").isNull();
    } else {
      assertThat(actual.median()).as(what + " median").isCloseTo(expected.median(), within(1e-6));
      assertThat(actual.p80()).as(what + " p80").isCloseTo(expected.p80(), within(1e-6));
    }
  }

  static @Nullable JsonNode note(JsonNode report, String code) {
    for (JsonNode n : report.get("notes")) {
      if (n.get("code").asString().equals(code)) {
        return n;
      }
    }
    return null;
  }

  static String ownerOf(Opp o) {
    return o.owner() == null ? "(unassigned)" : o.owner() + "@crm.example";
  }

  static String teamOf(Opp o) {
    if (o.team() != null) {
      return o.team();
    }
    return o.owner() == null ? "(no team)" : TEAM_OF.getOrDefault(o.owner(), "(no team)");
  }

  static String sectorOf(Opp o) {
    if (o.company() == null || COMPANIES.get(o.company())[1] == null) {
      return "(none)";
    }
    return COMPANIES.get(o.company())[1];
  }

  // ---- the tests ----

  @Test
  void won_and_lost_per_close_month_are_the_closed_cohort_of_first_won_else_first_lost() {
    List<Opp> closed = scene.opps().stream().filter(o -> o.closed() != null).toList();
    assertThat(closed).hasSizeGreaterThan(20);
    JsonNode report = get("/api/analytics/waterfall?cohort=closed");
    assertThat(report.get("parameters").get("cohort").asString()).isEqualTo("closed");
    assertThat(counts(report)).isEqualTo(counts(closed, o -> month(o.closed())));
    // The lead lost in February and won in June closes in June, its first won.
    Opp recycled = scene.opps().stream().filter(o -> o.id().equals("recycled")).findFirst().get();
    assertThat(month(recycled.closed())).isEqualTo(month(recycled.first(Stage.WON)));
    // A range on the close month: from inclusive, to exclusive.
    List<Opp> spring =
        closed.stream()
            .filter(o -> !o.closed().isBefore(Instant.parse("2026-03-01T00:00:00Z")))
            .filter(o -> o.closed().isBefore(Instant.parse("2026-06-01T00:00:00Z")))
            .toList();
    assertThat(counts(get("/api/analytics/waterfall?cohort=closed&from=2026-03-01&to=2026-06-01")))
        .isEqualTo(counts(spring, o -> month(o.closed())));
  }

  @Test
  void deal_counts_and_won_value_per_owner_and_team_count_imported_leads_by_their_owners_team() {
    List<Opp> closed = scene.opps().stream().filter(o -> o.closed() != null).toList();
    JsonNode byOwner = get("/api/analytics/waterfall?cohort=closed&groupBy=owner");
    assertThat(counts(byOwner))
        .isEqualTo(counts(closed, ImportedHistoryAnalyticsIntegrationTests::ownerOf));
    assertThat(values(byOwner, "wonValue"))
        .isEqualTo(
            values(
                closed,
                ImportedHistoryAnalyticsIntegrationTests::ownerOf,
                o -> o.first(Stage.WON) != null));
    JsonNode byTeam = get("/api/analytics/waterfall?cohort=closed&groupBy=team");
    assertThat(counts(byTeam))
        .isEqualTo(counts(closed, ImportedHistoryAnalyticsIntegrationTests::teamOf));
    assertThat(values(byTeam, "wonValue"))
        .isEqualTo(
            values(
                closed,
                ImportedHistoryAnalyticsIntegrationTests::teamOf,
                o -> o.first(Stage.WON) != null));
    // The open pipeline of every lead (all time, created cohorts): deals of leads in new, mql,
    // sal or sql now.
    JsonNode all = get("/api/analytics/waterfall?groupBy=owner");
    assertThat(values(all, "pipelineValue"))
        .isEqualTo(
            values(scene.opps(), ImportedHistoryAnalyticsIntegrationTests::ownerOf, Opp::open));
    // Some won deals carry no value: the won value says it sums the others.
    long won = closed.stream().filter(o -> o.first(Stage.WON) != null).count();
    long without =
        closed.stream().filter(o -> o.first(Stage.WON) != null && o.deal() == null).count();
    assertThat(without).isPositive();
    JsonNode note = note(byOwner, Note.WON_WITHOUT_VALUE);
    assertThat(note).isNotNull();
    assertThat(note.get("counts").get("won").asLong()).isEqualTo(won);
    assertThat(note.get("counts").get("withoutValue").asLong()).isEqualTo(without);
  }

  @Test
  void velocity_measures_to_won_to_lost_and_from_acceptance_never_from_or_to_an_implied_step() {
    JsonNode report = get("/api/analytics/velocity");
    List<Opp> all = scene.opps();
    JsonNode total = report.get("total");
    assertThat(total.get("key").asString()).isEqualTo("(all)");
    for (Stage[] s :
        new Stage[][] {
          {Stage.MQL, Stage.SAL},
          {Stage.SAL, Stage.SQL},
          {Stage.SQL, Stage.WON},
          {Stage.SQL, Stage.LOST},
          {Stage.SAL, Stage.WON},
          {Stage.SAL, Stage.LOST}
        }) {
      String what = s[0].key() + ">" + s[1].key();
      assertSpan(span(total, s[0].key(), s[1].key()), span(all, s[0], s[1]), what);
    }
    // The CRM's won rows imply sql at the close date: most sql→won spans are left out, and none
    // is measured as the zero it would be.
    Span sqlToWon = span(all, Stage.SQL, Stage.WON);
    assertThat(sqlToWon.implied()).isGreaterThan(sqlToWon.leads());
    assertThat(sqlToWon.median()).isPositive();
    assertThat(span(all, Stage.SAL, Stage.WON).leads()).isPositive();
    assertThat(span(all, Stage.SAL, Stage.LOST).leads()).isPositive();

    // Per group: the overall row is not a sum of the groups, each group its own percentiles.
    JsonNode byOwner = get("/api/analytics/velocity?groupBy=owner");
    for (JsonNode row : byOwner.get("rows")) {
      String owner = row.get("key").asString();
      List<Opp> mine = all.stream().filter(o -> ownerOf(o).equals(owner)).toList();
      assertSpan(span(row, "sal", "won"), span(mine, Stage.SAL, Stage.WON), owner + " sal>won");
      assertSpan(span(row, "sal", "lost"), span(mine, Stage.SAL, Stage.LOST), owner + " sal>lost");
    }
    assertSpan(span(byOwner.get("total"), "sal", "won"), span(all, Stage.SAL, Stage.WON), "total");

    // By close month (the closed cohort): sal→won per month.
    JsonNode byClose = get("/api/analytics/velocity?cohort=closed");
    for (JsonNode row : byClose.get("rows")) {
      String m = row.get("key").asString();
      List<Opp> closedThen =
          all.stream().filter(o -> o.closed() != null && month(o.closed()).equals(m)).toList();
      assertSpan(span(row, "sal", "won"), span(closedThen, Stage.SAL, Stage.WON), m);
    }

    // The note says how many leads per stage were implied and which spans left them out.
    JsonNode note = note(report, Note.IMPLIED_STAGES);
    assertThat(note).isNotNull();
    assertThat(note.get("counts").get("leads").asLong())
        .isEqualTo(all.stream().filter(o -> o.steps().stream().anyMatch(Step::implied)).count());
    for (Stage s : List.of(Stage.MQL, Stage.SAL, Stage.SQL)) {
      assertThat(note.get("counts").get(s.key()).asLong())
          .as(s.key())
          .isEqualTo(all.stream().filter(o -> o.implied(s)).count());
    }
    assertThat(note.get("text").asString())
        .contains("sql→won " + Notes.count(sqlToWon.implied()) + " left out");
  }

  @Test
  void the_reports_group_by_any_person_or_company_attribute_and_by_company() {
    List<Opp> all = scene.opps();
    JsonNode bySector = get("/api/analytics/waterfall?groupBy=company.sector");
    assertThat(bySector.get("parameters").get("attribute").asString()).isEqualTo("company.sector");
    assertThat(counts(bySector))
        .isEqualTo(counts(all, ImportedHistoryAnalyticsIntegrationTests::sectorOf));
    // software holds Initech's dollars and Globex's euros: no single sum, and a note with both.
    Map<String, String> won =
        values(
            all,
            ImportedHistoryAnalyticsIntegrationTests::sectorOf,
            o -> o.first(Stage.WON) != null);
    assertThat(won.get("software")).isEqualTo("mixed: EUR USD");
    assertThat(values(bySector, "wonValue")).isEqualTo(won);
    JsonNode mixed = null;
    for (JsonNode n : bySector.get("notes")) {
      if (n.get("code").asString().equals(Note.MIXED_CURRENCIES)
          && "software".equals(n.get("key").asString())
          && n.get("text").asString().contains("won")) {
        mixed = n;
      }
    }
    assertThat(mixed).isNotNull();
    assertThat(mixed.get("counts").get("EUR").asLong())
        .isEqualTo(
            all.stream()
                .filter(o -> sectorOf(o).equals("software") && o.first(Stage.WON) != null)
                .filter(o -> o.deal() != null && o.deal().currency().equals("EUR"))
                .count());

    JsonNode byProduct = get("/api/analytics/waterfall?groupBy=person.product");
    assertThat(counts(byProduct))
        .isEqualTo(counts(all, o -> o.product() == null ? "(none)" : o.product()));
    JsonNode velocityByProduct = get("/api/analytics/velocity?groupBy=person.product");
    for (JsonNode row : velocityByProduct.get("rows")) {
      String p = row.get("key").asString();
      List<Opp> of =
          all.stream()
              .filter(o -> (o.product() == null ? "(none)" : o.product()).equals(p))
              .toList();
      assertSpan(span(row, "sal", "won"), span(of, Stage.SAL, Stage.WON), p);
    }

    JsonNode byCompany = get("/api/analytics/waterfall?groupBy=company");
    assertThat(counts(byCompany))
        .isEqualTo(
            counts(all, o -> o.company() == null ? "(none)" : COMPANIES.get(o.company())[0]));

    // A name outside letters, digits, _ . - is refused, as is an attribute of anything else.
    for (String bad : List.of("company.sec%20tor", "company.", "deal.amount", "person.a'b")) {
      Api.Response r = scene.iris().get("/api/analytics/waterfall?groupBy=" + bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().get("errors").get(0).get("pointer").asString()).isEqualTo("groupBy");
    }
    assertThat(
            scene
                .iris()
                .get("/api/analytics/waterfall?groupBy=company.sec%20tor")
                .json()
                .get("errors")
                .get(0)
                .get("message")
                .asString())
        .isEqualTo(
            "'company.sec tor' is not an attribute: person.NAME or company.NAME, NAME of 1 to 100"
                + " letters, digits, _ . -");
    assertThat(scene.iris().get("/api/analytics/sla-compliance?groupBy=company.sector").status())
        .isEqualTo(400);
  }

  @Test
  void undated_leads_are_their_own_cohort_over_all_time_and_in_no_range_and_the_answer_says_so() {
    List<Opp> all = scene.opps();
    long undated = all.stream().filter(o -> o.created() == null).count();
    assertThat(undated).isPositive();
    JsonNode allTime = get("/api/analytics/waterfall");
    assertThat(counts(allTime))
        .isEqualTo(counts(all, o -> o.created() == null ? "(undated)" : month(o.created())));
    // The lead moved live in September was undated: its move dated it.
    assertThat(counts(allTime).get("2026-09"))
        .isEqualTo(
            counts(all, o -> o.created() == null ? "(undated)" : month(o.created()))
                .get("2026-09"));
    assertThat(note(allTime, Note.UNDATED_LEADS).get("counts").get("leads").asLong())
        .isEqualTo(undated);

    JsonNode year = get("/api/analytics/waterfall?from=2025-01-01&to=2027-01-01");
    assertThat(counts(year)).doesNotContainKey("(undated)");
    assertThat(counts(year).get("(all)").split(" ")[0])
        .isEqualTo(String.valueOf(all.size() - undated));
    JsonNode note = note(year, Note.UNDATED_LEADS);
    assertThat(note.get("counts").get("leads").asLong()).isEqualTo(undated);
    assertThat(note.get("text").asString()).contains("in no range");
    // Opportunities that never left prospecting are leads in new: counted, never vanished.
    assertThat(all.stream().filter(o -> o.steps().isEmpty()).count()).isPositive();
    assertThat(counts(allTime).get("(all)").split(" ")[0]).isEqualTo(String.valueOf(all.size()));
  }

  @Test
  void the_rows_kept_as_pasts_are_recorded_and_extended_are_the_rows_rebuilt_from_the_history() {
    String[] paths = {
      "/api/analytics/waterfall?groupBy=company.sector",
      "/api/analytics/waterfall?cohort=closed&groupBy=team",
      "/api/analytics/velocity",
      "/api/analytics/velocity?groupBy=owner&cohort=mql"
    };
    var before = new ArrayList<String>();
    for (String p : paths) {
      before.add(get(p).toString());
    }
    analytics.rebuild(scene.tw().workspace().id());
    for (int i = 0; i < paths.length; i++) {
      assertThat(get(paths[i]).toString()).as(paths[i]).isEqualTo(before.get(i));
    }
  }

  @Test
  void the_cli_prints_deal_counts_per_owner_with_won_value_and_the_notes_under_the_table() {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit =
        HengelCommand.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "analytics",
            "waterfall",
            "-w",
            scene.tw().workspace().slug(),
            "--group-by",
            "owner",
            "--cohort",
            "closed");
    assertThat(exit).as(err.toString()).isZero();
    List<Opp> closed = scene.opps().stream().filter(o -> o.closed() != null).toList();
    Map<String, String> counts = counts(closed, ImportedHistoryAnalyticsIntegrationTests::ownerOf);
    Map<String, String> won =
        values(
            closed,
            ImportedHistoryAnalyticsIntegrationTests::ownerOf,
            o -> o.first(Stage.WON) != null);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.getFirst()).startsWith("OWNER").contains("WON VALUE", "PIPELINE");
    String bram =
        lines.stream().filter(l -> l.startsWith("bram@crm.example ")).findFirst().orElseThrow();
    List<String> cells = List.of(bram.trim().split("\\s{2,}"));
    String[] c = counts.get("bram@crm.example").split(" ");
    assertThat(cells.get(1)).isEqualTo(c[0]);
    assertThat(cells.get(6)).isEqualTo(c[1]);
    assertThat(cells.get(7)).isEqualTo(c[2]);
    // USD 123,456.78: the currency and the amount with its thousands.
    String value = won.get("bram@crm.example");
    String[] v = value.split(" ");
    assertThat(cells.get(13))
        .isEqualTo(
            value.startsWith("mixed")
                ? value
                : v[0] + " " + String.format(java.util.Locale.ROOT, "%,.2f", new BigDecimal(v[1])));
    assertThat(out.toString()).contains("Note (analytics.implied-stages): ");
  }
}
