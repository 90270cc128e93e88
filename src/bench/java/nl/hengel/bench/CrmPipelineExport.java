package nl.hengel.bench;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded CRM pipeline export of any size, shaped like a real public one: one row per opportunity
 * ({@code opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,
 * close_value}), 35 agents known by name only, 85 accounts (a few needing CSV quotes, some names
 * not ASCII), stages Prospecting/Engaging/Won/Lost in about the shares of such exports (6/18/48/28
 * %), dates without a time, Lost worth 0. The test suite's {@code CrmExport} is the one whose
 * figures tests check; this one only needs the shape and the size, and the bench source set cannot
 * see test classes.
 */
final class CrmPipelineExport {

  /** The header of the file. */
  static final String HEADER =
      "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value";

  /** The day the export was taken: nothing in it is later. */
  static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

  private static final LocalDate START = LocalDate.of(2022, 1, 3);

  static final List<String> AGENTS =
      List.of(
          "Zoë Janssen",
          "José Álvarez",
          "Hannah Becker",
          "Liam O'Connor",
          "Chidi Eze",
          "Sofia Rossi",
          "Søren Dahl",
          "Łucja Wiśniewska",
          "Jonas Weber",
          "Amara Diallo",
          "Mateus Ferreira",
          "Pieter de Vries",
          "Ngozi Okafor",
          "Anaïs Dubois",
          "Kenji Watanabe",
          "Aisha Karimi",
          "Elif Yılmaz",
          "Grace Mwangi",
          "Björn Lindqvist",
          "Priya Raman",
          "Noah Visser",
          "Rafael Mendes",
          "Yusuf Demir",
          "Clara Nyström",
          "Tomás Ruiz",
          "Mei Lin Chen",
          "Oluwaseun Adeyemi",
          "Daniel Kowalczyk",
          "Leilani Kahale",
          "Omar Haddad",
          "Fatima Zahra Benali",
          "Ines Moreau",
          "Samuel Asante",
          "Julia Hoffmann",
          "Arjun Mehta");

  private record Product(String name, int price, double weight, double winRate) {}

  private static final List<Product> PRODUCTS =
      List.of(
          new Product("Ledger Lite", 550, 1.6, 0.66),
          new Product("Ledger Pro", 4_820, 1.1, 0.64),
          new Product("Signal Basic", 60, 1.9, 0.67),
          new Product("Signal Plus", 3_390, 1.2, 0.62),
          new Product("Harbor Core", 1_100, 1.3, 0.64),
          new Product("Harbor Suite", 5_480, 0.8, 0.58),
          new Product("Atlas Enterprise", 26_770, 0.3, 0.48));

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
          "Tidewater");

  private static final List<String> SUFFIXES =
      List.of("Systems", "Holdings", "Labs", "Logistics", "Health", "Media", "Foods", "Energy");

  private static final List<String> SPECIAL_ACCOUNTS =
      List.of(
          "Hoek, Bakker & Zn.",
          "Meridian \"Blue\" Logistics",
          "Zürich Präzision AG",
          "Łódź Textil S.A.",
          "São Paulo Agropecuária");

  /** One row of the export. */
  record Opportunity(
      String id,
      String agent,
      String product,
      String account,
      String stage,
      LocalDate created,
      LocalDate engaged,
      LocalDate closed,
      int value) {}

  private final List<Opportunity> opportunities;

  private CrmPipelineExport(List<Opportunity> opportunities) {
    this.opportunities = opportunities;
  }

  /**
   * {@code count} opportunities created over the three years before {@link #AS_OF}, in order of
   * creation; the same seed gives the same export. Ids are 8 capitals and digits; {@code idPrefix}
   * (capitals or digits, may be empty) starts every id, so two exports can be told apart.
   */
  static CrmPipelineExport generate(long seed, int count, String idPrefix) {
    var random = new SplittableRandom(seed);
    List<String> accounts = accounts(random);
    double[] agentWeights = new double[AGENTS.size()];
    for (int i = 0; i < agentWeights.length; i++) {
      agentWeights[i] = 0.4 + random.nextDouble(); // some agents carry more deals than others
    }
    double[] productWeights = PRODUCTS.stream().mapToDouble(Product::weight).toArray();
    double[] accountWeights = new double[accounts.size()];
    for (int i = 0; i < accountWeights.length; i++) {
      accountWeights[i] = 1.0 / (1 + i % 40); // a few big accounts, a long tail
    }
    long days = ChronoUnit.DAYS.between(START, AS_OF);
    var ids = new HashSet<String>(count * 2);
    var list = new ArrayList<Opportunity>(count);
    for (int i = 0; i < count; i++) {
      String id = id(random, ids, idPrefix);
      String agent = AGENTS.get(pick(random, agentWeights));
      Product product = PRODUCTS.get(pick(random, productWeights));
      String account = accounts.get(pick(random, accountWeights));
      LocalDate created = weekday(START.plusDays(random.nextLong(days)));
      double f = random.nextDouble();
      LocalDate engaged = null;
      LocalDate closed = null;
      boolean won = false;
      if (f >= 0.06) {
        engaged =
            weekday(created.plusDays(Math.min(30, (long) (-8 * Math.log(random.nextDouble())))));
        if (f >= 0.22) {
          won = random.nextDouble() < product.winRate();
          long span =
              won
                  ? Math.min(140, Math.max(1, Math.round(lognormal(random, 38, 0.7))))
                  : random.nextDouble() < 0.05
                      ? 0
                      : Math.min(140, Math.round(lognormal(random, 14, 1.0)));
          closed = span == 0 ? engaged : weekday(engaged.plusDays(span));
        }
      }
      // What an export as of AS_OF shows: a deal not yet engaged or closed by then is still open.
      if (engaged != null && engaged.isAfter(AS_OF)) {
        engaged = null;
        closed = null;
      }
      if (closed != null && closed.isAfter(AS_OF)) {
        closed = null;
      }
      String stage =
          engaged == null ? "Prospecting" : closed == null ? "Engaging" : won ? "Won" : "Lost";
      if (stage.equals("Prospecting") && random.nextDouble() < 0.5) {
        account = ""; // prospects often have no account filled in yet
      }
      int value =
          stage.equals("Won")
              ? (int) Math.round(product.price() * (0.88 + 0.24 * random.nextDouble()))
              : 0;
      list.add(
          new Opportunity(
              id, agent, product.name(), account, stage, created, engaged, closed, value));
    }
    list.sort(Comparator.comparing(Opportunity::created));
    return new CrmPipelineExport(List.copyOf(list));
  }

  List<Opportunity> opportunities() {
    return opportunities;
  }

  /**
   * The stage changes the pipeline import records for this export: a won or lost deal enters mql
   * (implied), sal, sql (implied) and its outcome; an engaging one mql (implied) and sal; a
   * prospect none.
   */
  long stageChanges() {
    long changes = 0;
    for (Opportunity o : opportunities) {
      changes +=
          switch (o.stage()) {
            case "Won", "Lost" -> 4;
            case "Engaging" -> 2;
            default -> 0;
          };
    }
    return changes;
  }

  /** How many opportunities are in each stage, e.g. {@code Prospecting 6,012 (6.0%), ...}. */
  String shares() {
    var parts = new ArrayList<String>();
    for (String stage : List.of("Prospecting", "Engaging", "Won", "Lost")) {
      long n = opportunities.stream().filter(o -> o.stage().equals(stage)).count();
      parts.add(
          String.format(
              java.util.Locale.ROOT,
              "%s %,d (%.0f%%)",
              stage,
              n,
              100.0 * n / Math.max(1, opportunities.size())));
    }
    return String.join(", ", parts);
  }

  /** The export as a UTF-8 CSV file: a header, then a row per opportunity, LF line ends. */
  byte[] csv() {
    var out = new StringBuilder(opportunities.size() * 90);
    out.append(HEADER).append('\n');
    for (Opportunity o : opportunities) {
      out.append(o.id())
          .append(',')
          .append(cell(o.agent()))
          .append(',')
          .append(o.product())
          .append(',')
          .append(cell(o.account()))
          .append(',')
          .append(o.stage())
          .append(',')
          .append(o.engaged() == null ? "" : o.engaged().toString())
          .append(',')
          .append(o.closed() == null ? "" : o.closed().toString())
          .append(',')
          .append(o.closed() == null ? "" : Integer.toString(o.value()))
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String cell(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** 85 accounts: 80 drawn names and 5 that test the CSV path, the special ones among the rest. */
  private static List<String> accounts(SplittableRandom random) {
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
    for (int i = 0; i < SPECIAL_ACCOUNTS.size(); i++) {
      names.add(7 + i * 17, SPECIAL_ACCOUNTS.get(i));
    }
    return List.copyOf(names);
  }

  private static String id(SplittableRandom random, Set<String> taken, String prefix) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    while (true) {
      var b = new StringBuilder(prefix);
      while (b.length() < 8) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (taken.add(b.toString())) {
        return b.toString();
      }
    }
  }

  private static int pick(SplittableRandom random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double lognormal(SplittableRandom random, double median, double sigma) {
    // Box-Muller: SplittableRandom has no nextGaussian.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    double gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * gaussian);
  }

  private static LocalDate weekday(LocalDate day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY
        ? day.plusDays(2)
        : day.getDayOfWeek() == DayOfWeek.SUNDAY ? day.plusDays(1) : day;
  }
}
