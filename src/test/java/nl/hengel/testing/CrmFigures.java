package nl.hengel.testing;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What Hengel must report about a CRM export once it is imported, computed here in plain Java from
 * the CSV files and nothing else: no Hengel code, no SQL. The tests compare the product's answers
 * with these.
 *
 * <p>The pipeline export ({@code sales_pipeline.csv}) is read with the mapping the README shows:
 * Prospecting=new, Engaging=sal, Won=won, Lost=lost; sal entered on engage_date, won and lost on
 * close_date; a date D is D at 00:00 in the zone given. The waterfall's path is new → mql → sal →
 * sql → won|lost, so a lead the file puts in sal also entered mql, and a won or lost one also
 * entered sql: those entries are <em>implied</em>, at the time of the next dated step, and no
 * duration is measured from or to them. A Prospecting row has no dates: an undated lead in new.
 *
 * <p>The stage-history export ({@code deal_stage_history.csv}, one row per stage change) is read
 * with a stage mapping; a deal's first "new" row is when it entered new, stages it skipped on the
 * path are implied at the time of the step that skipped them, its amount is the one on its last
 * row.
 *
 * <p>Months are UTC months of the instant, as the product's cohort and close months are. Medians
 * and 80th percentiles interpolate linearly between order statistics, like PostgreSQL's {@code
 * percentile_cont}.
 */
public final class CrmFigures {

  /** The stages a lead can have entered, in the waterfall's order. */
  public static final List<String> STAGES = List.of("mql", "sal", "sql", "won", "lost");

  /** The durations measured, each from one stage's first entry to another's. */
  public static final List<String> SPANS =
      List.of("mql>sal", "sal>sql", "sql>won", "sql>lost", "sal>won", "sal>lost");

  /** The open stages: a deal value there is pipeline, not won. */
  public static final List<String> OPEN = List.of("new", "mql", "sal", "sql");

  /** The key of leads without the thing grouped by (no account, no sector). */
  public static final String NONE = "(none)";

  /** The cohort key of leads with no date at all. */
  public static final String UNDATED = "(undated)";

  /** When a lead first entered a stage, and whether the file implied that rather than dated it. */
  public record Entry(Instant at, boolean implied) {}

  /**
   * One lead as the file makes it: its key in the CRM, owner (a name or e-mail), product and
   * account (absent when the file has none), stage now, when it entered new (where the file says),
   * its first entry into each stage it reached, and its deal value.
   */
  public record Lead(
      String id,
      @Nullable String owner,
      @Nullable String product,
      @Nullable String account,
      String stage,
      @Nullable Instant newSince,
      Map<String, Entry> entries,
      @Nullable BigDecimal amount,
      @Nullable String currency) {

    /** Its creation moment: when it entered new, else its first step; null when undated. */
    public @Nullable Instant created() {
      if (newSince != null) {
        return newSince;
      }
      return entries.values().stream().map(Entry::at).min(Comparator.naturalOrder()).orElse(null);
    }

    /** When it was won or lost; null while open. */
    public @Nullable Instant closed() {
      Entry e = entries.containsKey("won") ? entries.get("won") : entries.get("lost");
      return e == null ? null : e.at();
    }
  }

  /** An account's attributes from accounts.csv. */
  public record Account(String sector, @Nullable String location, @Nullable String parent) {}

  /** An agent's manager and regional office from sales_teams.csv. */
  public record Team(String manager, String office) {}

  /**
   * One duration over a group: how many leads it measured, how many it left out because an end is
   * implied, and the median and 80th percentile in seconds (absent without leads).
   */
  public record Span(
      long leads, long implied, @Nullable Double medianSeconds, @Nullable Double p80Seconds) {

    /** The median in days. */
    public @Nullable Double medianDays() {
      return medianSeconds == null ? null : medianSeconds / 86_400;
    }

    /** The 80th percentile in days. */
    public @Nullable Double p80Days() {
      return p80Seconds == null ? null : p80Seconds / 86_400;
    }
  }

  /**
   * The figures of a group of leads: how many, how many undated, how many are in each stage now,
   * how many reached each stage and of those how many by an implied entry, the value of the won
   * deals and of the open ones (new, mql, sal, sql) per currency, and each span of {@link #SPANS}.
   */
  public record Group(
      long leads,
      long undated,
      Map<String, Long> now,
      Map<String, Long> reached,
      Map<String, Long> implied,
      Map<String, BigDecimal> wonValue,
      Map<String, BigDecimal> openValue,
      Map<String, Span> spans) {

    public long reached(String stage) {
      return reached.getOrDefault(stage, 0L);
    }

    public long implied(String stage) {
      return implied.getOrDefault(stage, 0L);
    }

    /** Entries of the stage the file dated: reached but not implied. */
    public long dated(String stage) {
      return reached(stage) - implied(stage);
    }

    public Span span(String span) {
      return spans.get(span);
    }
  }

  /** What a newer export adds to an older one, lead by lead. */
  public record Changes(long added, long extended, long unchanged, Map<String, Long> newEntries) {}

  private final List<Lead> leads;
  private final Map<String, Account> accounts;
  private final Map<String, Team> teams;

  private CrmFigures(List<Lead> leads, Map<String, Account> accounts, Map<String, Team> teams) {
    this.leads = List.copyOf(leads);
    this.accounts = accounts;
    this.teams = teams;
  }

  /**
   * The figures of a pipeline export (one row per opportunity), with the accounts and teams files
   * for grouping by sector, office and manager; dates are read in {@code zone}, values in {@code
   * currency}.
   */
  public static CrmFigures pipeline(
      Path pipeline, Path accounts, Path teams, ZoneId zone, String currency) {
    var leads = new ArrayList<Lead>();
    for (NamedCsvRecord r : read(pipeline)) {
      String stage =
          switch (r.getField("deal_stage")) {
            case "Prospecting" -> "new";
            case "Engaging" -> "sal";
            case "Won" -> "won";
            case "Lost" -> "lost";
            default ->
                throw new IllegalArgumentException(
                    "line " + r.getStartingLineNumber() + ": stage " + r.getField("deal_stage"));
          };
      var dated = new HashMap<String, Instant>();
      String engaged = r.getField("engage_date");
      String closed = r.getField("close_date");
      if (!engaged.isEmpty()) {
        dated.put("sal", LocalDate.parse(engaged).atStartOfDay(zone).toInstant());
      }
      if (!closed.isEmpty() && (stage.equals("won") || stage.equals("lost"))) {
        dated.put(stage, LocalDate.parse(closed).atStartOfDay(zone).toInstant());
      }
      String value = r.getField("close_value");
      leads.add(
          new Lead(
              r.getField("opportunity_id"),
              blank(r.getField("sales_agent")),
              blank(r.getField("product")),
              blank(r.getField("account")),
              stage,
              null,
              entries(stage, dated),
              value.isEmpty() || !stage.equals("won") ? null : new BigDecimal(value),
              value.isEmpty() || !stage.equals("won") ? null : currency));
    }
    var accountMap = new HashMap<String, Account>();
    for (NamedCsvRecord r : read(accounts)) {
      accountMap.put(
          r.getField("account"),
          new Account(
              r.getField("sector"),
              blank(r.getField("office_location")),
              blank(r.getField("subsidiary_of"))));
    }
    var teamMap = new HashMap<String, Team>();
    for (NamedCsvRecord r : read(teams)) {
      teamMap.put(
          r.getField("sales_agent"),
          new Team(r.getField("manager"), r.getField("regional_office")));
    }
    return new CrmFigures(leads, accountMap, teamMap);
  }

  /** The pipeline export in {@code dir} with its accounts and teams files, in {@code zone}, USD. */
  public static CrmFigures pipeline(Path dir, ZoneId zone) {
    return pipeline(
        dir.resolve(CrmExport.PIPELINE),
        dir.resolve(CrmExport.ACCOUNTS),
        dir.resolve(CrmExport.TEAMS),
        zone,
        "USD");
  }

  /**
   * The figures of a stage-history export (deal_id, owner_email, stage, changed_at, amount,
   * currency), its stage labels mapped by {@code stages} (label → new, mql, sal, sql, won or lost),
   * zone-less times read in {@code zone}.
   */
  public static CrmFigures history(Path file, Map<String, String> stages, ZoneId zone) {
    record Row(String deal, String owner, String stage, Instant at, String amount, String cur) {}
    var byDeal = new LinkedHashMap<String, List<Row>>();
    for (NamedCsvRecord r : read(file)) {
      String stage = stages.get(r.getField("stage"));
      if (stage == null) {
        throw new IllegalArgumentException(
            "line " + r.getStartingLineNumber() + ": stage " + r.getField("stage"));
      }
      Instant at =
          LocalDateTime.parse(r.getField("changed_at").replace(' ', 'T')).atZone(zone).toInstant();
      byDeal
          .computeIfAbsent(r.getField("deal_id"), k -> new ArrayList<>())
          .add(
              new Row(
                  r.getField("deal_id"),
                  r.getField("owner_email"),
                  stage,
                  at,
                  r.getField("amount"),
                  r.getField("currency")));
    }
    var leads = new ArrayList<Lead>();
    for (List<Row> rows : byDeal.values()) {
      rows.sort(Comparator.comparing(Row::at));
      Instant newSince = null;
      var entries = new LinkedHashMap<String, Entry>();
      String now = "new";
      for (Row row : rows) {
        if (row.stage().equals("new")) {
          if (newSince == null && entries.isEmpty()) {
            newSince = row.at();
          }
          continue;
        }
        for (String skipped : between(now, row.stage())) {
          entries.putIfAbsent(skipped, new Entry(row.at(), true));
        }
        entries.putIfAbsent(row.stage(), new Entry(row.at(), false));
        now = row.stage();
      }
      Row last = rows.getLast();
      leads.add(
          new Lead(
              last.deal(),
              last.owner(),
              null,
              null,
              now,
              newSince,
              entries,
              last.amount().isEmpty() ? null : new BigDecimal(last.amount()),
              blank(last.cur())));
    }
    return new CrmFigures(leads, Map.of(), Map.of());
  }

  /** Every lead, in file order. */
  public List<Lead> leads() {
    return leads;
  }

  /** The figures over every lead. */
  public Group all() {
    return group(leads);
  }

  /** The figures over the leads won or lost: the closed cohort over all time. */
  public Group closed() {
    return group(leads.stream().filter(l -> l.closed() != null).toList());
  }

  /** Leads in new without any date: Prospecting rows. */
  public long undated() {
    return leads.stream().filter(l -> l.created() == null).count();
  }

  /** Groups by owner (the sales_agent or owner_email as written). */
  public SortedMap<String, Group> byOwner() {
    return by(l -> orNone(l.owner()));
  }

  /** Groups by the owner's regional office (teams file). */
  public SortedMap<String, Group> byOffice() {
    return by(l -> team(l) == null ? NONE : team(l).office());
  }

  /** Groups by the owner's manager (teams file). */
  public SortedMap<String, Group> byManager() {
    return by(l -> team(l) == null ? NONE : team(l).manager());
  }

  /** Groups by the account's sector (accounts file); leads without an account under (none). */
  public SortedMap<String, Group> bySector() {
    return by(l -> {
      Account a = l.account() == null ? null : accounts.get(l.account());
      return a == null ? NONE : a.sector();
    });
  }

  public SortedMap<String, Group> byProduct() {
    return by(l -> orNone(l.product()));
  }

  public SortedMap<String, Group> byAccount() {
    return by(l -> orNone(l.account()));
  }

  /**
   * The closed cohort: leads won or lost, by the UTC month ({@code 2024-03}) of their close; open
   * leads are in no month.
   */
  public SortedMap<String, Group> byCloseMonth() {
    return groups(leads.stream().filter(l -> l.closed() != null).toList(), l -> month(l.closed()));
  }

  /**
   * The created cohort: by the UTC month of the lead's creation moment, leads without one under
   * {@link #UNDATED}.
   */
  public SortedMap<String, Group> byCreatedMonth() {
    return by(l -> l.created() == null ? UNDATED : month(l.created()));
  }

  /** Groups every lead by {@code key}. */
  public SortedMap<String, Group> by(Function<Lead, String> key) {
    return groups(leads, key);
  }

  /** What importing {@code newer} after {@code older} adds: new leads, leads that moved on. */
  public static Changes changes(CrmFigures older, CrmFigures newer) {
    var before = new HashMap<String, Lead>();
    older.leads().forEach(l -> before.put(l.id(), l));
    long added = 0;
    long extended = 0;
    long unchanged = 0;
    var entries = new TreeMap<String, Long>();
    for (Lead l : newer.leads()) {
      Lead old = before.get(l.id());
      Map<String, Entry> had = old == null ? Map.of() : old.entries();
      for (String stage : l.entries().keySet()) {
        if (!had.containsKey(stage)) {
          entries.merge(stage, 1L, Long::sum);
        }
      }
      if (old == null) {
        added++;
      } else if (old.entries().equals(l.entries()) && old.stage().equals(l.stage())) {
        unchanged++;
      } else {
        extended++;
      }
    }
    return new Changes(added, extended, unchanged, entries);
  }

  /** The UTC month of an instant, {@code 2024-03}. */
  public static String month(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
  }

  /**
   * The {@code p} quantile of the values as PostgreSQL's {@code percentile_cont}: sorted, position
   * p·(n−1), linear between the two values around it; null without values.
   */
  public static @Nullable Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    double position = p * (sorted.size() - 1);
    int below = (int) Math.floor(position);
    double fraction = position - below;
    double low = sorted.get(below);
    return below + 1 < sorted.size() ? low + fraction * (sorted.get(below + 1) - low) : low;
  }

  private @Nullable Team team(Lead l) {
    return l.owner() == null ? null : teams.get(l.owner());
  }

  private static SortedMap<String, Group> groups(List<Lead> leads, Function<Lead, String> key) {
    var members = new TreeMap<String, List<Lead>>();
    leads.forEach(l -> members.computeIfAbsent(key.apply(l), k -> new ArrayList<>()).add(l));
    var groups = new TreeMap<String, Group>();
    members.forEach((k, ls) -> groups.put(k, group(ls)));
    return groups;
  }

  private static Group group(List<Lead> leads) {
    var now = new TreeMap<String, Long>();
    var reached = new LinkedHashMap<String, Long>();
    var implied = new LinkedHashMap<String, Long>();
    var value = new TreeMap<String, BigDecimal>();
    var open = new TreeMap<String, BigDecimal>();
    for (String s : STAGES) {
      reached.put(s, 0L);
      implied.put(s, 0L);
    }
    long undated = 0;
    for (Lead l : leads) {
      now.merge(l.stage(), 1L, Long::sum);
      if (l.created() == null) {
        undated++;
      }
      l.entries()
          .forEach((stage, e) -> {
            reached.merge(stage, 1L, Long::sum);
            if (e.implied()) {
              implied.merge(stage, 1L, Long::sum);
            }
          });
      if (l.amount() != null && l.stage().equals("won")) {
        value.merge(Objects.requireNonNull(l.currency()), l.amount(), BigDecimal::add);
      }
      if (l.amount() != null && OPEN.contains(l.stage())) {
        open.merge(Objects.requireNonNull(l.currency()), l.amount(), BigDecimal::add);
      }
    }
    var spans = new LinkedHashMap<String, Span>();
    for (String span : SPANS) {
      String[] ends = span.split(">");
      var seconds = new ArrayList<Double>();
      long left = 0;
      for (Lead l : leads) {
        Entry a = l.entries().get(ends[0]);
        Entry b = l.entries().get(ends[1]);
        if (a == null || b == null || b.at().isBefore(a.at())) {
          continue;
        }
        if (a.implied() || b.implied()) {
          left++;
        } else {
          seconds.add((double) (b.at().getEpochSecond() - a.at().getEpochSecond()));
        }
      }
      spans.put(
          span, new Span(seconds.size(), left, percentile(seconds, 0.5), percentile(seconds, 0.8)));
    }
    return new Group(leads.size(), undated, now, reached, implied, value, open, spans);
  }

  /**
   * The first entries of a lead the pipeline file puts in {@code stage}, with the stages it dates:
   * every stage on the path to it, each undated one implied at the next dated one's time.
   */
  static Map<String, Entry> entries(String stage, Map<String, Instant> dated) {
    List<String> path =
        switch (stage) {
          case "new" -> List.of();
          case "mql" -> List.of("mql");
          case "sal" -> List.of("mql", "sal");
          case "sql" -> List.of("mql", "sal", "sql");
          default -> List.of("mql", "sal", "sql", stage);
        };
    var entries = new LinkedHashMap<String, Entry>();
    for (int i = 0; i < path.size(); i++) {
      String s = path.get(i);
      if (dated.containsKey(s)) {
        entries.put(s, new Entry(dated.get(s), false));
        continue;
      }
      Instant next = null;
      for (int j = i + 1; j < path.size() && next == null; j++) {
        next = dated.get(path.get(j));
      }
      if (next == null) {
        throw new IllegalArgumentException("no dated step after " + s + " on the way to " + stage);
      }
      entries.put(s, new Entry(next, true));
    }
    return entries;
  }

  /** The stages on the waterfall's path strictly between {@code from} and {@code to}. */
  static List<String> between(String from, String to) {
    List<String> order = List.of("new", "mql", "sal", "sql");
    int a = order.indexOf(from);
    int b = to.equals("won") || to.equals("lost") ? order.size() : order.indexOf(to);
    if (a < 0 || b < 0 || b <= a) {
      return List.of();
    }
    return order.subList(a + 1, b);
  }

  private static List<NamedCsvRecord> read(Path file) {
    try (CsvReader<NamedCsvRecord> csv =
        CsvReader.builder().detectBomHeader(true).ofNamedCsvRecord(file)) {
      return csv.stream().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static @Nullable String blank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String orNone(@Nullable String s) {
    return s == null ? NONE : s;
  }
}
