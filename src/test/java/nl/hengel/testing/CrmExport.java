package nl.hengel.testing;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic CRM export of our own making, shaped like a real public one: opportunities with an
 * account, an agent known by name only (no e-mail), a product, a stage (Prospecting, Engaging, Won,
 * Lost), engage and close dates without a time, and a close value; an accounts file, a sales-teams
 * file, and, from a second CRM, one row per stage change of ~300 deals.
 *
 * <p>The same seed always gives the same files: the world is drawn once (when each opportunity was
 * created, engaged and closed, and how it ended) and an export shows it as of a day, so a newer
 * export of the same world is the older one with deals that moved on and deals that are new. The
 * copy in {@code src/test/resources/crm/} is {@link #SEED} with {@link #OPPORTUNITIES} as of {@link
 * #AS_OF}; {@code main} writes any size, for the benchmark.
 *
 * <p>The shape, on purpose: Prospecting rows carry no dates (and some no account), Engaging rows
 * the engage date only, Won and Lost both (a close on the engage day happens); Lost is worth 0; Won
 * values vary by product; creation has a season (quiet in July, August and December) and wins bunch
 * at quarter ends; a few account names need CSV quoting (a comma, a double quote) and names are not
 * all ASCII.
 */
public final class CrmExport {

  /** The seed of the committed copy. */
  public static final long SEED = 13;

  /** Opportunities in the committed copy (as of {@link #AS_OF}). */
  public static final int OPPORTUNITIES = 1_200;

  /** Deals in the committed stage-history file. */
  public static final int HISTORY_DEALS = 300;

  /** The first day an opportunity can be created. */
  public static final LocalDate START = LocalDate.of(2023, 1, 2);

  /** The day the committed export was taken. */
  public static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

  /** The day of the newer export: three months on, deals moved on and new ones came. */
  public static final LocalDate NEWER = LocalDate.of(2025, 3, 31);

  /** The file names, as the committed copy has them. */
  public static final String PIPELINE = "sales_pipeline.csv";

  public static final String ACCOUNTS = "accounts.csv";
  public static final String TEAMS = "sales_teams.csv";
  public static final String HISTORY = "deal_stage_history.csv";

  /** How a file is written: the cell separator, CRLF line ends, a UTF-8 byte order mark. */
  public record Dialect(char delimiter, boolean crlf, boolean bom) {
    /** Comma, LF, no byte order mark: the committed copy. */
    public static final Dialect PLAIN = new Dialect(',', false, false);

    /** As Excel on Windows saves "CSV UTF-8": CRLF and a byte order mark. */
    public static final Dialect EXCEL = new Dialect(',', true, true);

    /** As Excel saves with a Dutch or German locale: ';' between cells (LF, to test one thing). */
    public static final Dialect SEMICOLON = new Dialect(';', false, false);
  }

  /** A sales agent, known to the CRM by name, with their manager and regional office. */
  public record Agent(String name, String manager, String office) {}

  /** An account with the attributes the accounts file gives. */
  public record Account(
      String name,
      String sector,
      int established,
      String revenue,
      int employees,
      String location,
      @Nullable String parent) {}

  /** A product, its list price and how often it is sold (relative) and won (of closed deals). */
  public record Product(String name, int price, double weight, double winRate) {}

  /** How an opportunity ends, in the world: whatever an export as of a day shows of it. */
  public enum Fate {
    NEVER_ENGAGED,
    STALLED,
    WON,
    LOST
  }

  /**
   * One opportunity as it really went: created, engaged (absent when never), closed (absent when
   * not), its value when won.
   */
  public record Opportunity(
      String id,
      Agent agent,
      Product product,
      @Nullable Account account,
      LocalDate created,
      @Nullable LocalDate engaged,
      @Nullable LocalDate closed,
      Fate fate,
      int value) {

    /** The stage an export on {@code day} shows, or null when the opportunity was not there yet. */
    public @Nullable String stage(LocalDate day) {
      if (created.isAfter(day)) {
        return null;
      }
      if (engaged == null || engaged.isAfter(day)) {
        return "Prospecting";
      }
      if (closed == null || closed.isAfter(day)) {
        return "Engaging";
      }
      return fate == Fate.WON ? "Won" : "Lost";
    }
  }

  /** One deal of the second CRM: its owner's e-mail, currency and stage changes in time order. */
  public record Deal(String id, String owner, String currency, List<Change> changes) {}

  /** One stage change: the stage entered, when (a wall-clock time), the deal's amount then. */
  public record Change(String stage, LocalDateTime at, String amount) {}

  private static final List<Product> PRODUCTS =
      List.of(
          new Product("Ledger Lite", 550, 1.6, 0.66),
          new Product("Ledger Pro", 4_820, 1.1, 0.62),
          new Product("Signal Basic", 60, 1.9, 0.70),
          new Product("Signal Plus", 3_390, 1.2, 0.60),
          new Product("Harbor Core", 1_100, 1.3, 0.64),
          new Product("Harbor Suite", 5_480, 0.8, 0.57),
          new Product("Atlas Enterprise", 26_770, 0.3, 0.45));

  private static final String[][] TEAMS_BY_MANAGER = {
    {
      "Central",
      "Dana Whitfield",
      "Zoë Janssen",
      "José Álvarez",
      "Hannah Becker",
      "Liam O'Connor",
      "Chidi Eze",
      "Sofia Rossi"
    },
    {
      "Central",
      "Marek Nowak",
      "Søren Dahl",
      "Łucja Wiśniewska",
      "Jonas Weber",
      "Amara Diallo",
      "Mateus Ferreira",
      "Pieter de Vries"
    },
    {
      "East",
      "Ingrid Solberg",
      "Ngozi Okafor",
      "Anaïs Dubois",
      "Kenji Watanabe",
      "Aisha Karimi",
      "Elif Yılmaz",
      "Grace Mwangi"
    },
    {
      "East",
      "Raúl Ortega",
      "Björn Lindqvist",
      "Priya Raman",
      "Noah Visser",
      "Rafael Mendes",
      "Yusuf Demir",
      "Clara Nyström"
    },
    {
      "West",
      "Keiko Tanaka",
      "Tomás Ruiz",
      "Mei Lin Chen",
      "Oluwaseun Adeyemi",
      "Daniel Kowalczyk",
      "Leilani Kahale",
      "Omar Haddad"
    },
    {
      "West",
      "Thabo Mokoena",
      "Fatima Zahra Benali",
      "Ines Moreau",
      "Samuel Asante",
      "Julia Hoffmann",
      "Arjun Mehta"
    },
  };

  private static final List<String> SECTORS =
      List.of(
          "technology",
          "medical",
          "retail",
          "software",
          "marketing",
          "entertainment",
          "finance",
          "services",
          "telecommunications",
          "employment");

  private static final List<String> PREFIXES =
      List.of(
          "Acorn",
          "Bluebird",
          "Cedar",
          "Driftwood",
          "Ember",
          "Fjord",
          "Granite",
          "Harbor",
          "Ironwood",
          "Juniper",
          "Kestrel",
          "Lumen",
          "Marble",
          "Nimbus",
          "Orchard",
          "Pinnacle",
          "Quarry",
          "Riverstone",
          "Saffron",
          "Tidewater",
          "Umber",
          "Vantage",
          "Willow",
          "Yarrow",
          "Zephyr",
          "Alder",
          "Birch",
          "Copper",
          "Delta",
          "Evergreen",
          "Falcon",
          "Golden",
          "Highland",
          "Indigo",
          "Jasper",
          "Keystone",
          "Lakeshore",
          "Meadow",
          "Northgate",
          "Oakridge");

  private static final List<String> SUFFIXES =
      List.of(
          "Systems",
          "Holdings",
          "Labs",
          "Logistics",
          "Health",
          "Media",
          "Foods",
          "Energy",
          "Partners",
          "Industries",
          "Analytics",
          "Retail",
          "Capital",
          "Telecom",
          "Works");

  /** Accounts whose names test the CSV writer and reader: a comma, a quote, non-ASCII. */
  private static final List<Account> SPECIAL_ACCOUNTS =
      List.of(
          new Account("Hoek, Bakker & Zn.", "services", 1987, "412.30", 1_240, "Netherlands", null),
          new Account(
              "Meridian \"Blue\" Logistics",
              "retail",
              2004,
              "1288.75",
              3_310,
              "United States",
              null),
          new Account(
              "Zürich Präzision AG", "technology", 1979, "2210.05", 6_870, "Switzerland", null),
          new Account("Łódź Textil S.A.", "retail", 1996, "95.40", 410, "Poland", null),
          new Account("São Paulo Agropecuária", "finance", 2011, "640.18", 2_050, "Brazil", null));

  private static final List<String> ABROAD =
      List.of("Netherlands", "Germany", "Kenya", "Japan", "Brazil", "Poland", "Canada");

  /** Creation per calendar month, relative: quiet summers and Decembers, busy autumns. */
  private static final double[] SEASON = {
    1.10, 1.00, 1.20, 1.00, 0.95, 1.00, 0.70, 0.60, 1.20, 1.25, 1.10, 0.60
  };

  private static final DateTimeFormatter CHANGED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

  private final List<Agent> agents;
  private final List<Account> accounts;
  private final List<Opportunity> opportunities;
  private final List<Deal> deals;

  private CrmExport(
      List<Agent> agents,
      List<Account> accounts,
      List<Opportunity> opportunities,
      List<Deal> deals) {
    this.agents = agents;
    this.accounts = accounts;
    this.opportunities = opportunities;
    this.deals = deals;
  }

  /** The committed copy's world: {@link #SEED}, {@link #OPPORTUNITIES}, {@link #HISTORY_DEALS}. */
  public static CrmExport committed() {
    return generate(SEED, OPPORTUNITIES, HISTORY_DEALS);
  }

  /**
   * A world with exactly {@code opportunities} created by {@link #AS_OF} (and about an eighth more
   * created by {@link #NEWER}), and {@code historyDeals} deals in the second CRM.
   */
  public static CrmExport generate(long seed, int opportunities, int historyDeals) {
    List<Agent> agents = teamAgents();
    List<Account> accounts = accounts(new Random(seed));
    var random = new Random(seed * 31 + 7);
    List<LocalDate> days = createdDays(random, opportunities);
    var ids = new HashSet<String>();
    var opps = new ArrayList<Opportunity>(days.size());
    double[] agentWeights = weights(random, agents.size(), 0.6);
    double[] accountWeights = zipf(accounts.size());
    for (LocalDate created : days) {
      opps.add(opportunity(random, ids, created, agents, agentWeights, accounts, accountWeights));
    }
    List<Deal> deals = deals(new Random(seed * 17 + 3), historyDeals, agents);
    return new CrmExport(List.copyOf(agents), accounts, List.copyOf(opps), deals);
  }

  public List<Agent> agents() {
    return agents;
  }

  public List<Account> accounts() {
    return accounts;
  }

  /** Every opportunity of the world, in order of creation (the order the exports list them). */
  public List<Opportunity> opportunities() {
    return opportunities;
  }

  public List<Deal> deals() {
    return deals;
  }

  /** Writes the pipeline as of {@code day}, the accounts, the teams and the deal history. */
  public void write(Path dir, LocalDate day, Dialect dialect) {
    writePipeline(dir.resolve(PIPELINE), day, dialect);
    writeAccounts(dir.resolve(ACCOUNTS), dialect);
    writeTeams(dir.resolve(TEAMS), dialect);
    writeHistory(dir.resolve(HISTORY), dialect);
  }

  /** sales_pipeline.csv as an export on {@code day} shows it. */
  public void writePipeline(Path file, LocalDate day, Dialect dialect) {
    write(
        file,
        dialect,
        csv -> {
          csv.writeRecord(
              "opportunity_id",
              "sales_agent",
              "product",
              "account",
              "deal_stage",
              "engage_date",
              "close_date",
              "close_value");
          for (Opportunity o : opportunities) {
            String stage = o.stage(day);
            if (stage == null) {
              continue;
            }
            boolean engaged = !stage.equals("Prospecting");
            boolean closed = stage.equals("Won") || stage.equals("Lost");
            csv.writeRecord(
                o.id(),
                o.agent().name(),
                o.product().name(),
                o.account() == null ? "" : o.account().name(),
                stage,
                engaged ? o.engaged().toString() : "",
                closed ? o.closed().toString() : "",
                closed ? Integer.toString(stage.equals("Won") ? o.value() : 0) : "");
          }
        });
  }

  public void writeAccounts(Path file, Dialect dialect) {
    write(
        file,
        dialect,
        csv -> {
          csv.writeRecord(
              "account",
              "sector",
              "year_established",
              "revenue",
              "employees",
              "office_location",
              "subsidiary_of");
          for (Account a : accounts) {
            csv.writeRecord(
                a.name(),
                a.sector(),
                Integer.toString(a.established()),
                a.revenue(),
                Integer.toString(a.employees()),
                a.location(),
                a.parent() == null ? "" : a.parent());
          }
        });
  }

  public void writeTeams(Path file, Dialect dialect) {
    write(
        file,
        dialect,
        csv -> {
          csv.writeRecord("sales_agent", "manager", "regional_office");
          for (Agent a : agents) {
            csv.writeRecord(a.name(), a.manager(), a.office());
          }
        });
  }

  /** deal_stage_history.csv: one row per stage change, all deals' changes in time order. */
  public void writeHistory(Path file, Dialect dialect) {
    record Line(Deal deal, Change change) {}
    var lines = new ArrayList<Line>();
    deals.forEach(d -> d.changes().forEach(c -> lines.add(new Line(d, c))));
    lines.sort(Comparator.comparing((Line l) -> l.change().at()).thenComparing(l -> l.deal().id()));
    write(
        file,
        dialect,
        csv -> {
          csv.writeRecord("deal_id", "owner_email", "stage", "changed_at", "amount", "currency");
          for (Line l : lines) {
            csv.writeRecord(
                l.deal().id(),
                l.deal().owner(),
                l.change().stage(),
                CHANGED_AT.format(l.change().at()),
                l.change().amount(),
                l.deal().currency());
          }
        });
  }

  private static void write(Path file, Dialect dialect, Consumer<CsvWriter> rows) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        if (dialect.bom()) {
          out.write('\uFEFF');
        }
        try (CsvWriter csv =
            CsvWriter.builder()
                .fieldSeparator(dialect.delimiter())
                .lineDelimiter(dialect.crlf() ? LineDelimiter.CRLF : LineDelimiter.LF)
                .build(out)) {
          rows.accept(csv);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Agent> teamAgents() {
    var agents = new ArrayList<Agent>();
    for (String[] team : TEAMS_BY_MANAGER) {
      for (int i = 2; i < team.length; i++) {
        agents.add(new Agent(team[i], team[1], team[0]));
      }
    }
    return agents;
  }

  /** 85 accounts: 80 drawn names and the 5 special ones, a dozen of them subsidiaries. */
  private static List<Account> accounts(Random random) {
    var names = new ArrayList<String>();
    var taken = new HashSet<String>();
    while (names.size() < 80) {
      String name =
          PREFIXES.get(random.nextInt(PREFIXES.size()))
              + " "
              + SUFFIXES.get(random.nextInt(SUFFIXES.size()));
      if (taken.add(name)) {
        names.add(name);
      }
    }
    var accounts = new ArrayList<Account>();
    for (int i = 0; i < names.size(); i++) {
      boolean home = random.nextDouble() < 0.8;
      // A dozen of the later accounts belong to one of the first four.
      String parent = i >= 40 && random.nextDouble() < 0.3 ? names.get(random.nextInt(4)) : null;
      double revenue = Math.exp(Math.log(900) + 1.3 * random.nextGaussian());
      int employees = (int) Math.max(9, Math.round(revenue * (2 + 3 * random.nextDouble())));
      accounts.add(
          new Account(
              names.get(i),
              SECTORS.get(random.nextInt(SECTORS.size())),
              1979 + random.nextInt(39),
              String.format(Locale.ROOT, "%.2f", Math.max(4.5, revenue)),
              employees,
              home ? "United States" : ABROAD.get(random.nextInt(ABROAD.size())),
              parent));
    }
    // The special ones go between the others, not at the end where a reader may never get.
    for (int i = 0; i < SPECIAL_ACCOUNTS.size(); i++) {
      accounts.add(7 + i * 17, SPECIAL_ACCOUNTS.get(i));
    }
    return List.copyOf(accounts);
  }

  /**
   * Creation days: exactly {@code count} from {@link #START} to {@link #AS_OF} and about an eighth
   * more after, by season and a 20% yearly growth, in time order.
   */
  private static List<LocalDate> createdDays(Random random, int count) {
    var before = new ArrayList<LocalDate>();
    var after = new ArrayList<LocalDate>();
    var weights = new ArrayList<Double>();
    double totalBefore = 0;
    double totalAfter = 0;
    for (LocalDate d = START; !d.isAfter(NEWER); d = d.plusDays(1)) {
      if (d.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      double w =
          SEASON[d.getMonthValue() - 1] * Math.pow(1.2, ChronoUnit.DAYS.between(START, d) / 365.0);
      (d.isAfter(AS_OF) ? after : before).add(d);
      weights.add(w);
      if (d.isAfter(AS_OF)) {
        totalAfter += w;
      } else {
        totalBefore += w;
      }
    }
    double[] w = weights.stream().mapToDouble(Double::doubleValue).toArray();
    int later = (int) Math.round(count * totalAfter / totalBefore);
    var days = new ArrayList<LocalDate>(count + later);
    days.addAll(sample(random, before, slice(w, 0, before.size()), count));
    days.addAll(sample(random, after, slice(w, before.size(), w.length), later));
    days.sort(null);
    return days;
  }

  private static double[] slice(double[] w, int from, int to) {
    return java.util.Arrays.copyOfRange(w, from, to);
  }

  private static List<LocalDate> sample(
      Random random, List<LocalDate> days, double[] weights, int count) {
    double[] cumulative = cumulative(weights);
    var out = new ArrayList<LocalDate>(count);
    for (int i = 0; i < count; i++) {
      out.add(days.get(pick(random, cumulative)));
    }
    return out;
  }

  private static Opportunity opportunity(
      Random random,
      Set<String> ids,
      LocalDate created,
      List<Agent> agents,
      double[] agentWeights,
      List<Account> accounts,
      double[] accountWeights) {
    String id = id(random, ids);
    Agent agent = agents.get(pick(random, cumulative(agentWeights)));
    Product product = PRODUCTS.get(pick(random, cumulative(productWeights())));
    Account account = accounts.get(pick(random, cumulative(accountWeights)));
    double f = random.nextDouble();
    Fate fate;
    if (f < 0.06) {
      fate = Fate.NEVER_ENGAGED;
    } else if (f < 0.13) {
      fate = Fate.STALLED;
    } else {
      fate = random.nextDouble() < product.winRate() ? Fate.WON : Fate.LOST;
    }
    // Prospects that never engaged, and some stalled deals, never got an account filled in.
    if ((fate == Fate.NEVER_ENGAGED && random.nextDouble() < 0.5)
        || (fate == Fate.STALLED && random.nextDouble() < 0.3)) {
      account = null;
    }
    LocalDate engaged = null;
    LocalDate closed = null;
    int value = 0;
    if (fate != Fate.NEVER_ENGAGED) {
      engaged =
          weekday(created.plusDays(Math.min(30, (long) (-8 * Math.log(random.nextDouble())))));
    }
    if (fate == Fate.WON) {
      long days = Math.round(lognormal(random, 38, 0.7));
      closed = weekday(engaged.plusDays(Math.min(140, Math.max(1, days))));
      // A quarter's last days pull in the wins that were close: quarter ends stand out.
      LocalDate quarterEnd = lastWeekdayOfQuarter(closed);
      if (random.nextDouble() < 0.5 && ChronoUnit.DAYS.between(closed, quarterEnd) <= 25) {
        closed = quarterEnd;
      }
      value = (int) Math.round(product.price() * (0.88 + 0.24 * random.nextDouble()));
    } else if (fate == Fate.LOST) {
      // One in twenty is lost on the day it was engaged.
      long days = random.nextDouble() < 0.05 ? 0 : Math.round(lognormal(random, 14, 1.0));
      closed = days == 0 ? engaged : weekday(engaged.plusDays(Math.min(140, days)));
    }
    return new Opportunity(id, agent, product, account, created, engaged, closed, fate, value);
  }

  private static double[] productWeights() {
    return PRODUCTS.stream().mapToDouble(Product::weight).toArray();
  }

  /** An id like the CRM's: 8 capitals and digits, unique. */
  private static String id(Random random, Set<String> taken) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    while (true) {
      var b = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (taken.add(b.toString())) {
        return b.toString();
      }
    }
  }

  /**
   * The second CRM's deals, over 2024: most start as "Lead", some skip "Marketing Qualified" (the
   * CRM then implies it), some are lost straight from "Sales Accepted" (qualification implied); one
   * in six stopped before its close and is open at {@link #AS_OF}, as are late ones. Times are
   * wall-clock in the office (zone-less).
   */
  private static List<Deal> deals(Random random, int count, List<Agent> agents) {
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      owners.add(email(agents.get(i * 4).name()));
    }
    var ids = new HashSet<String>();
    var deals = new ArrayList<Deal>();
    LocalDateTime first = LocalDate.of(2024, 1, 2).atTime(9, 0);
    LocalDateTime last = AS_OF.atTime(17, 0);
    for (int i = 0; i < count; i++) {
      String id;
      do {
        id = Long.toString(14_000_000_000L + random.nextLong(1_000_000_000L));
      } while (!ids.add(id));
      String currency = random.nextDouble() < 0.85 ? "EUR" : "USD";
      Product product = PRODUCTS.get(pick(random, cumulative(productWeights())));
      double amount = product.price() * (0.9 + 0.2 * random.nextDouble());
      var changes = new ArrayList<Change>();
      LocalDateTime at =
          office(random, first.plusDays(random.nextInt(350)).plusMinutes(random.nextInt(480)));
      double start = random.nextDouble();
      List<String> path = new ArrayList<>();
      if (start < 0.7) {
        path.add("Lead");
        if (random.nextDouble() < 0.8) {
          path.add("Marketing Qualified");
        }
      } else if (start < 0.9) {
        path.add("Marketing Qualified");
      }
      path.add("Sales Accepted");
      double end = random.nextDouble();
      if (end < 0.15) {
        path.add("Closed Lost");
      } else {
        path.add("Sales Qualified");
        path.add(end < 0.6 ? "Closed Won" : "Closed Lost");
      }
      // One in six is still open: it stopped somewhere before its close.
      if (random.nextDouble() < 1 / 6.0) {
        path = path.subList(0, 1 + random.nextInt(path.size() - 1));
      }
      for (String stage : path) {
        if (at.isAfter(last)) {
          break;
        }
        if (stage.equals("Sales Qualified")) {
          amount *= 0.9 + 0.2 * random.nextDouble();
        }
        changes.add(new Change(stage, at, String.format(Locale.ROOT, "%.2f", amount)));
        at = office(random, at.plusHours(2 + (long) (-72 * Math.log(random.nextDouble()))));
      }
      deals.add(new Deal(id, owners.get(random.nextInt(owners.size())), currency, changes));
    }
    return List.copyOf(deals);
  }

  /** An e-mail made of an agent's name: lower case, ASCII, first.last@crm.example. */
  public static String email(String name) {
    String ascii =
        java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replace("ł", "l")
            .replace("Ł", "L")
            .replace("ø", "o")
            .replace("ı", "i")
            .replace("'", "");
    return ascii.toLowerCase(Locale.ROOT).replace(' ', '.') + "@crm.example";
  }

  /** A time moved into office hours (08:00–18:00, Monday to Friday), never earlier. */
  private static LocalDateTime office(Random random, LocalDateTime at) {
    LocalDateTime t = at;
    if (t.getHour() >= 18) {
      t = t.toLocalDate().plusDays(1).atTime(8, random.nextInt(60), random.nextInt(60));
    } else if (t.getHour() < 8) {
      t = t.toLocalDate().atTime(8, random.nextInt(60), random.nextInt(60));
    }
    while (t.getDayOfWeek().getValue() >= 6) {
      t = t.plusDays(1);
    }
    return t.withSecond(random.nextInt(60));
  }

  private static LocalDate weekday(LocalDate day) {
    return switch (day.getDayOfWeek()) {
      case SATURDAY -> day.plusDays(2);
      case SUNDAY -> day.plusDays(1);
      default -> day;
    };
  }

  private static LocalDate lastWeekdayOfQuarter(LocalDate day) {
    int lastMonth = ((day.getMonthValue() - 1) / 3) * 3 + 3;
    LocalDate end = day.withMonth(lastMonth).with(TemporalAdjusters.lastDayOfMonth());
    while (end.getDayOfWeek() == DayOfWeek.SATURDAY || end.getDayOfWeek() == DayOfWeek.SUNDAY) {
      end = end.minusDays(1);
    }
    return end;
  }

  private static double lognormal(Random random, double median, double sigma) {
    return Math.exp(Math.log(median) + sigma * random.nextGaussian());
  }

  private static double[] weights(Random random, int n, double spread) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 1 - spread / 2 + spread * random.nextDouble();
    }
    return w;
  }

  /** Some accounts buy far more than others: weight 1/(rank+5). */
  private static double[] zipf(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 1.0 / (i + 5);
    }
    return w;
  }

  private static double[] cumulative(double[] weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
  }

  private static int pick(Random random, double[] cumulative) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    int i = java.util.Arrays.binarySearch(cumulative, x);
    return Math.min(cumulative.length - 1, i >= 0 ? i + 1 : -i - 1);
  }

  /**
   * Writes an export: {@code main DIR [OPPORTUNITIES [SEED [AS_OF]]]}, e.g. {@code main /tmp/crm
   * 100000} for the benchmark; without arguments beyond DIR, the committed copy.
   */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: CrmExport DIR [OPPORTUNITIES [SEED [AS_OF]]]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : OPPORTUNITIES;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : SEED;
    LocalDate day = args.length > 3 ? LocalDate.parse(args[3]) : AS_OF;
    int deals = count == OPPORTUNITIES ? HISTORY_DEALS : Math.max(HISTORY_DEALS, count / 4);
    generate(seed, count, deals).write(dir, day, Dialect.PLAIN);
    System.out.println("Wrote " + count + " opportunities as of " + day + " to " + dir);
  }
}
