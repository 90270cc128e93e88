package nl.hengel.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;
import nl.hengel.attribution.Campaigns;
import nl.hengel.lifecycle.Owner;
import nl.hengel.lifecycle.PastLead;
import nl.hengel.lifecycle.Stage;
import nl.hengel.timeline.Companies;
import nl.hengel.timeline.InteractionInput;
import nl.hengel.timeline.People;
import nl.hengel.timeline.PersonRef;
import org.jspecify.annotations.Nullable;

/**
 * A B2B company's last months, made up from a seed: companies, people, campaigns with spend,
 * marketing, sales and service interactions with seasonality, and leads' pasts in every stage that
 * agree with those interactions (a won lead met sales before it was won). The same seed and "now"
 * give the same data, whatever the chunk sizes: every person is drawn from a {@link Random} of its
 * own, derived from the seed and its position; the wall clock is never read.
 *
 * <p>People are produced in order, a chunk at a time ({@link #next}), so a million of them never
 * sit in memory together. The number of interactions is exactly the one asked for.
 */
public final class Generator {

  /**
   * What to generate: {@code interactions} over {@code people}, in the {@code months} to {@code
   * now}.
   */
  public record Settings(long seed, int people, long interactions, int months, Instant now) {
    public Settings {
      if (people < 1 || interactions < 0 || months < 1 || months > 120) {
        throw new IllegalArgumentException(
            "people >= 1, interactions >= 0 and months 1-120, not "
                + people
                + "/"
                + interactions
                + "/"
                + months);
      }
    }

    /** About forty people per company, at least one company. */
    public int companies() {
      return Math.max(1, Math.min(people, (people + 39) / 40));
    }
  }

  /** A campaign as the generator runs it: its key, what it is, and its spend per month. */
  public record CampaignPlan(
      String key, Campaigns.CampaignSpec spec, List<Campaigns.SpendInput> spend) {}

  /** A lead's past as generated, for the person at {@code index}; sales owns it from the steps. */
  public record Fate(
      int index,
      String email,
      List<PastLead.Step> steps,
      @Nullable String source,
      @Nullable String campaign,
      @Nullable Handed handed) {}

  /** An open lead was handed to {@code owner} at {@code at}, accepted and first contacted if so. */
  public record Handed(
      Owner owner, Instant at, @Nullable Instant acceptedAt, @Nullable Instant firstContactAt) {}

  /** The next people in order, their interactions and the pasts of those who became leads. */
  public record Chunk(
      int from,
      List<People.PersonUpsert> people,
      List<InteractionInput> interactions,
      List<Fate> fates) {}

  /** What a person's months come to; decided first, from the person's own random. */
  enum Persona {
    COLD(0.40, 0),
    NURTURE(1.0, 1),
    SUPPRESSED(1.0, 1),
    LIVE(2.0, 4),
    DISQUALIFIED(1.5, 3),
    MQL_OPEN(2.0, 3),
    SAL_OPEN(2.5, 4),
    RECYCLED(2.5, 7),
    SQL_OPEN(3.0, 6),
    LOST(3.0, 7),
    WON(4.0, 8);

    final double weight;
    final int storyEvents;

    Persona(double weight, int storyEvents) {
      this.weight = weight;
      this.storyEvents = storyEvents;
    }
  }

  static final String MARKETING_ACTOR = "import:generator";
  private static final double[] SEASON = {
    0.90, 1.00, 1.15, 1.05, 1.00, 0.95, 0.60, 0.55, 1.10, 1.20, 1.15, 0.70
  };
  private static final String[] COUNTRIES = {"NL", "BE", "DE", "FR", "UK", "NL", "DE", "ES", "SE"};
  private static final double[] COUNTRY_WEIGHTS = {0.33, 0.14, 0.18, 0.10, 0.13, 0, 0, 0.06, 0.06};
  private static final String[] INDUSTRIES = {
    "software",
    "manufacturing",
    "logistics",
    "retail",
    "finance",
    "healthcare",
    "education",
    "media",
    "consulting",
    "energy"
  };
  private static final String[] PAGES = {
    "/",
    "/product",
    "/blog/lead-scoring",
    "/blog/sla",
    "/customers",
    "/about",
    "/careers",
    "/integrations",
    "/docs"
  };
  private static final String[][] SENIORITY = {
    {"c-level", "Chief Executive Officer", "Chief Marketing Officer", "Chief Revenue Officer"},
    {"vp", "VP Sales", "VP Marketing", "VP Operations"},
    {"director", "Director of Marketing", "Sales Director", "Director of IT"},
    {"manager", "Marketing Manager", "Sales Manager", "Customer Service Manager"},
    {"staff", "Marketing Specialist", "Account Executive", "Business Analyst", "Engineer"},
  };
  private static final double[] SENIORITY_WEIGHTS = {0.06, 0.06, 0.14, 0.30, 0.44};
  private static final String[] REJECT = {
    "no-budget-or-timing", "not-reachable", "bad-contact-data"
  };
  private static final String[] DISQUALIFY = {
    "bad-fit", "competitor", "student-or-job-seeker", "spam", "duplicate"
  };
  private static final String[] LOST_REASONS = {
    "price", "competitor", "no-decision", "timing", "product-fit"
  };

  private final Settings settings;
  private final Instant start;
  private final List<CampaignPlan> campaigns;
  private final List<Companies.CompanyUpsert> companies;
  private final int[] companyEnd;
  private final double totalWeight;
  private final List<Owner> reps;
  private final Random personRandom = new Random(0);
  private final Map<Locale, Faker> fakers = new HashMap<>();
  private final Set<String> emailsOfCompany = new HashSet<>();
  private int position;
  private int company;
  private double weightSoFar;
  private long interactionsSoFar;

  /** A generator for these settings; {@code reps} own the leads sales holds (at least one). */
  public Generator(Settings settings, List<Owner> reps) {
    if (reps.isEmpty()) {
      throw new IllegalArgumentException("a generator needs at least one sales rep");
    }
    this.settings = settings;
    this.reps = List.copyOf(reps);
    this.start = settings.now().minus(Duration.ofDays(Math.round(settings.months() * 30.44)));
    var random = new Random(settings.seed());
    this.campaigns = plans(random);
    int n = settings.companies();
    this.companies = new ArrayList<>(n);
    Faker faker = new Faker(Locale.ENGLISH, new Random(settings.seed() ^ 0x5DEECE66DL));
    var domains = new HashSet<String>();
    var shares = new double[n];
    double shareSum = 0;
    for (int c = 0; c < n; c++) {
      String name = c == 0 ? "Brightlane" : faker.company().name();
      String domain = c == 0 ? "brightlane.example" : slug(name) + ".example";
      for (int k = 2; !domains.add(domain); k++) {
        domain = slug(name) + "-" + k + ".example";
      }
      String country = c == 0 ? "NL" : pick(random, COUNTRIES, COUNTRY_WEIGHTS);
      int employees =
          c == 0
              ? 120
              : (int)
                  Math.min(
                      20_000,
                      Math.round(
                          Math.exp(
                              2
                                  + 2.2 * Math.abs(random.nextGaussian())
                                  + random.nextDouble() * 2)));
      String industry = c == 0 ? "software" : INDUSTRIES[random.nextInt(INDUSTRIES.length)];
      companies.add(
          new Companies.CompanyUpsert(
              domain,
              name,
              Map.of("country", country, "employees", employees, "industry", industry)));
      shares[c] = 0.5 + Math.log1p(employees);
      shareSum += shares[c];
    }
    // People per company in proportion to its size; each company's people are consecutive.
    this.companyEnd = new int[n];
    double acc = 0;
    for (int c = 0; c < n; c++) {
      acc += shares[c];
      companyEnd[c] =
          c == n - 1 ? settings.people() : (int) Math.round(settings.people() * acc / shareSum);
      companyEnd[c] = Math.max(companyEnd[c], Math.min(settings.people(), c + 1));
      if (c > 0) {
        companyEnd[c] = Math.max(companyEnd[c], companyEnd[c - 1]);
      }
    }
    double total = 0;
    for (int i = 0; i < settings.people(); i++) {
      total += persona(i, fits(companyOf(i))).weight;
    }
    this.totalWeight = total;
  }

  public Settings settings() {
    return settings;
  }

  /** The companies, the first one Brightlane (brightlane.example). */
  public List<Companies.CompanyUpsert> companies() {
    return companies;
  }

  /** The campaigns the interactions name, with a spend per month they ran. */
  public List<CampaignPlan> campaigns() {
    return campaigns;
  }

  /** Whether every person has been produced. */
  public boolean done() {
    return position >= settings.people();
  }

  /** The next {@code count} people (fewer at the end), in order. */
  public Chunk next(int count) {
    int from = position;
    int to = Math.min(settings.people(), from + count);
    var people = new ArrayList<People.PersonUpsert>(to - from);
    var interactions = new ArrayList<InteractionInput>();
    var fates = new ArrayList<Fate>();
    for (int i = from; i < to; i++) {
      person(i, people, interactions, fates);
    }
    position = to;
    return new Chunk(from, people, interactions, fates);
  }

  // ---------------------------------------------------------------------------------------------

  private void person(
      int i, List<People.PersonUpsert> people, List<InteractionInput> out, List<Fate> fates) {
    while (i >= companyEnd[company]) {
      company++;
      emailsOfCompany.clear();
    }
    Companies.CompanyUpsert firm = companies.get(company);
    boolean fits = fits(company);
    Persona persona = persona(i, fits);
    weightSoFar += persona.weight;
    long upTo = Math.round(settings.interactions() * weightSoFar / totalWeight);
    int count = (int) (upTo - interactionsSoFar);
    interactionsSoFar = upTo;

    Random r = personRandom;
    r.setSeed(seedOf(i) ^ 0x9E3779B97F4A7C15L);
    String country = (String) firm.attributes().get("country");
    Faker faker = faker(country);
    String first = i == 0 ? "Noor" : faker.name().firstName();
    String last = i == 0 ? "de Vries" : faker.name().lastName();
    String local = ascii(first) + "." + ascii(last);
    if (local.length() < 3) {
      local = "contact";
    }
    String email = local + "@" + firm.domain();
    for (int k = 2; !emailsOfCompany.add(email); k++) {
      email = local + k + "@" + firm.domain();
    }
    int level = i == 0 ? 2 : pickIndex(r, SENIORITY_WEIGHTS);
    String[] titles = SENIORITY[level];
    String title = titles[1 + r.nextInt(titles.length - 1)];
    people.add(
        new People.PersonUpsert(
            email,
            null,
            first,
            last,
            firm.domain(),
            Map.of("title", title, "seniority", titles[0], "country", country)));

    if (persona.storyEvents > count) {
      persona = Persona.COLD;
    }
    var story = new Story(i, email, r);
    story.tell(persona, count);
    out.addAll(story.events);
    if (story.steps.size() > 0) {
      fates.add(
          new Fate(i, email, story.steps, story.firstSource, story.firstCampaign, story.handed));
    }
  }

  /** One person's months: the events of its persona, then filler up to its count. */
  private final class Story {
    final int person;
    final String email;
    final Random r;
    final List<InteractionInput> events = new ArrayList<>();
    final List<PastLead.Step> steps = new ArrayList<>();
    @Nullable String firstSource;
    @Nullable String firstCampaign;
    @Nullable Handed handed;
    Owner rep;
    Instant firstTouch;

    Story(int person, String email, Random r) {
      this.person = person;
      this.email = email;
      this.r = r;
      this.rep = reps.get(r.nextInt(reps.size()));
    }

    void tell(Persona persona, int count) {
      Instant now = settings.now();
      switch (persona) {
        case COLD -> {}
        case NURTURE -> {
          Instant t = seasonal(start, now.minus(Duration.ofDays(2)));
          marketing(t, "content_download", "web", "guide-" + (1 + r.nextInt(9)), null);
          step(Stage.NURTURE, t, MARKETING_ACTOR, null, null);
        }
        case SUPPRESSED -> {
          Instant t = seasonal(start, now.minus(Duration.ofDays(20)));
          step(Stage.NURTURE, t, MARKETING_ACTOR, null, null);
          Instant u = between(t.plus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
          boolean complaint = r.nextInt(3) == 0;
          if (complaint) {
            service(u, "complaint", "email", "negative");
          } else {
            add(u, "marketing", "email", "email_unsubscribed", newsletter(u), null, null, null);
          }
          step(
              Stage.SUPPRESSED,
              u,
              MARKETING_ACTOR,
              null,
              complaint ? "Complained" : "Unsubscribed");
        }
        case LIVE -> {
          // Qualifies live: the active definition sees this gate met in the last days.
          Instant t = between(now.minus(Duration.ofDays(3)), now.minus(Duration.ofHours(2)));
          gate(t);
          add(
              t.plus(Duration.ofMinutes(3)),
              "marketing",
              "web",
              "form_submitted",
              null,
              "demo-request",
              null,
              null);
        }
        case MQL_OPEN -> {
          Instant mql = between(now.minus(Duration.ofDays(6)), now.minus(Duration.ofHours(1)));
          gate(mql);
          step(Stage.MQL, mql, "system", null, "Met the MQL gate");
          handed = new Handed(rep, mql, null, null);
        }
        case SAL_OPEN -> {
          Instant mql = between(now.minus(Duration.ofDays(25)), now.minus(Duration.ofDays(2)));
          gate(mql);
          step(Stage.MQL, mql, "system", null, "Met the MQL gate");
          Instant sal = mql.plus(hours(1, 30));
          step(Stage.SAL, sal, sales(), null, null);
          Instant call = r.nextInt(10) < 6 ? sal.plus(hours(2, 40)) : null;
          if (call != null && call.isBefore(now)) {
            salesEvent(call, "call", "phone", "neutral");
          } else {
            call = null;
          }
          handed = new Handed(rep, mql, sal, call);
        }
        case SQL_OPEN -> {
          Instant mql = between(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(14)));
          Instant sql = accepted(mql, 1);
          step(Stage.SQL, sql, sales(), null, null);
        }
        case WON, LOST -> {
          Instant mql = between(start.plus(Duration.ofDays(10)), now.minus(Duration.ofDays(50)));
          Instant sql = accepted(mql, 2);
          step(Stage.SQL, sql, sales(), null, null);
          Instant close =
              between(
                  sql.plus(Duration.ofDays(5)),
                  min(sql.plus(Duration.ofDays(45)), now.minus(Duration.ofDays(1))));
          handed = null;
          if (persona == Persona.WON) {
            add(
                close.minus(Duration.ofDays(2)),
                "sales",
                "video",
                "meeting",
                null,
                "contract-review",
                "positive",
                null);
            step(Stage.WON, close, sales(), null, null);
            for (int k = 0; k < 2; k++) {
              Instant t = between(close.plus(Duration.ofDays(1)), now);
              service(
                  t,
                  r.nextBoolean() ? "ticket_opened" : "chat",
                  r.nextBoolean() ? "helpdesk" : "chat",
                  serviceSentiment());
            }
          } else {
            add(
                close.minus(Duration.ofDays(2)),
                "sales",
                "phone",
                "call",
                null,
                null,
                r.nextBoolean() ? "negative" : "neutral",
                null);
            step(Stage.LOST, close, sales(), LOST_REASONS[r.nextInt(LOST_REASONS.length)], null);
            add(
                close.plus(Duration.ofHours(1)),
                "sales",
                "email",
                "email_sent",
                null,
                null,
                "neutral",
                null);
          }
        }
        case DISQUALIFIED -> {
          Instant mql = between(start.plus(Duration.ofDays(2)), now.minus(Duration.ofDays(3)));
          gate(mql);
          step(Stage.MQL, mql, "system", null, "Met the MQL gate");
          step(
              Stage.DISQUALIFIED,
              mql.plus(hours(1, 40)),
              sales(),
              DISQUALIFY[r.nextInt(DISQUALIFY.length)],
              null);
        }
        case RECYCLED -> {
          Instant mql = between(start.plus(Duration.ofDays(2)), now.minus(Duration.ofDays(60)));
          gate(mql);
          step(Stage.MQL, mql, "system", null, "Met the MQL gate");
          Instant back = mql.plus(hours(2, 60));
          step(
              Stage.NURTURE,
              back,
              sales(),
              REJECT[r.nextInt(REJECT.length)],
              "Recycled to nurture");
          Instant again = back.plus(Duration.ofDays(31 + r.nextInt(90)));
          if (r.nextBoolean() && again.isBefore(now.minus(Duration.ofDays(4)))) {
            gate(again);
            step(Stage.MQL, again, "system", null, "Met the MQL gate again");
            Instant sal = again.plus(hours(1, 30));
            step(Stage.SAL, sal, sales(), null, null);
            salesEvent(sal.plus(hours(1, 20)), "call", "phone", "positive");
          } else {
            salesEvent(back.minus(Duration.ofMinutes(30)), "call", "phone", "neutral");
          }
        }
      }
      // Filler: no content of its own, so it never meets the gate for anyone on its own.
      Instant from =
          firstTouch == null ? start : min(firstTouch, start.plus(Duration.ofDays(r.nextInt(60))));
      boolean customer = persona == Persona.WON;
      while (events.size() < count) {
        Instant t = seasonal(from, now);
        double dice = r.nextDouble();
        if (customer && dice < 0.35) {
          service(
              t,
              r.nextBoolean() ? "ticket_opened" : "chat",
              r.nextBoolean() ? "helpdesk" : "chat",
              serviceSentiment());
        } else if (dice < 0.05) {
          service(t, "chat", "chat", serviceSentiment());
        } else if (dice < 0.52) {
          add(
              t,
              "marketing",
              "web",
              "page_view",
              campaignOf("search", t),
              null,
              null,
              Map.of("path", PAGES[r.nextInt(PAGES.length)]));
        } else if (dice < 0.90) {
          add(t, "marketing", "email", "email_click", newsletter(t), null, null, null);
        } else if (!steps.isEmpty() && dice < 0.97) {
          salesEvent(t, "email_sent", "email", "neutral");
        } else {
          add(
              t,
              "marketing",
              "event",
              "webinar_registered",
              campaignOf("webinar", t),
              null,
              null,
              null);
        }
      }
      while (events.size() > count) {
        events.removeLast();
      }
    }

    /** Two downloads and a pricing visit: the gate is met at {@code at} (fit permitting). */
    void gate(Instant at) {
      Instant first = at.minus(Duration.ofDays(3 + r.nextInt(15)));
      int guide = 1 + r.nextInt(9);
      marketing(first, "content_download", "web", "guide-" + guide, null);
      add(
          at.minus(Duration.ofHours(2 + r.nextInt(40))),
          "marketing",
          "web",
          "page_view",
          campaignOf("search", at),
          null,
          null,
          Map.of("path", "/pricing"));
      if (r.nextBoolean()) {
        marketing(at, "content_download", "web", "guide-" + (1 + (guide + r.nextInt(8)) % 9), null);
      } else {
        marketing(
            at,
            "webinar_attended",
            "event",
            "webinar-" + YearMonth.from(at.atZone(ZoneOffset.UTC)),
            null);
      }
    }

    /** Accepted after its MQL, met by phone and in meetings, made an SQL; answers the SQL time. */
    Instant accepted(Instant mql, int meetings) {
      gate(mql);
      step(Stage.MQL, mql, "system", null, "Met the MQL gate");
      Instant sal = mql.plus(hours(1, 30));
      step(Stage.SAL, sal, sales(), null, null);
      Instant call = sal.plus(hours(1, 20));
      salesEvent(call, "call", "phone", "positive");
      Instant meeting = call;
      for (int k = 0; k < meetings; k++) {
        meeting = meeting.plus(Duration.ofDays(2 + r.nextInt(7)));
        add(
            meeting,
            "sales",
            "video",
            "meeting",
            null,
            k == 0 ? "discovery" : "demo",
            "positive",
            null);
      }
      handed = new Handed(rep, mql, sal, call);
      return meeting.plus(hours(2, 48));
    }

    void step(
        Stage stage, Instant at, String actor, @Nullable String reason, @Nullable String comment) {
      Owner owner = stage == Stage.MQL || stage == Stage.SAL ? rep : null;
      steps.add(new PastLead.Step(stage, at, actor, reason, comment, owner));
    }

    String sales() {
      return "user:" + rep.email();
    }

    void marketing(
        Instant at, String type, String channel, String content, @Nullable String sentiment) {
      String kind = type.equals("webinar_attended") ? "webinar" : "content";
      add(at, "marketing", channel, type, campaignOf(kind, at), content, sentiment, null);
    }

    void salesEvent(Instant at, String type, String channel, String sentiment) {
      add(at, "sales", channel, type, null, null, sentiment, null);
    }

    void service(Instant at, String type, String channel, String sentiment) {
      add(at, "service", channel, type, null, null, sentiment, null);
    }

    String serviceSentiment() {
      double d = r.nextDouble();
      return d < 0.45 ? "positive" : d < 0.8 ? "neutral" : "negative";
    }

    void add(
        Instant at,
        String department,
        String channel,
        String type,
        @Nullable String campaign,
        @Nullable String content,
        @Nullable String sentiment,
        @Nullable Map<String, Object> attributes) {
      Instant when =
          min(max(at, start), settings.now().minusSeconds(60)).truncatedTo(ChronoUnit.SECONDS);
      String source =
          switch (department) {
            case "marketing" -> "hubspot";
            case "sales" -> "crm";
            default -> "zendesk";
          };
      if (firstTouch == null || when.isBefore(firstTouch)) {
        firstTouch = when;
      }
      if (campaign != null && firstCampaign == null && content != null) {
        firstCampaign = campaign;
        firstSource = source;
      }
      events.add(
          new InteractionInput(
              source,
              "g" + Long.toString(settings.seed(), 36) + "-" + person + "-" + events.size(),
              PersonRef.byEmail(email),
              when.toString(),
              department,
              channel,
              type,
              campaign,
              content,
              sentiment,
              attributes == null ? Map.of() : attributes));
    }

    Duration hours(int min, int max) {
      return Duration.ofMinutes(60L * min + r.nextInt(60 * (max - min) + 1));
    }

    Instant between(Instant a, Instant b) {
      if (!b.isAfter(a)) {
        return a;
      }
      return a.plusSeconds((long) (r.nextDouble() * Duration.between(a, b).toSeconds()));
    }

    /** A moment between a and b, more often in busy months and on working days, in office hours. */
    Instant seasonal(Instant a, Instant b) {
      for (int attempt = 0; attempt < 20; attempt++) {
        Instant t = between(a, b);
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        double p = SEASON[z.getMonthValue() - 1] / 1.2;
        if (z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY) {
          p *= 0.15;
        }
        if (r.nextDouble() < p) {
          Instant office = z.withHour(7 + r.nextInt(11)).toInstant();
          return office.isAfter(a) && office.isBefore(b) ? office : t;
        }
      }
      return between(a, b);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The campaigns over the months: a newsletter, search ads, and per quarter content and a webinar.
   */
  private List<CampaignPlan> plans(Random random) {
    var plans = new LinkedHashMap<String, CampaignPlan>();
    YearMonth first = YearMonth.from(start.atZone(ZoneOffset.UTC));
    YearMonth last = YearMonth.from(settings.now().atZone(ZoneOffset.UTC));
    plans.put(
        "newsletter", plan(random, "newsletter", "Monthly newsletter", "email", first, last, 400));
    plans.put(
        "search-ads", plan(random, "search-ads", "Search ads", "paid-search", first, last, 2500));
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      String quarter = m.getYear() + "-q" + ((m.getMonthValue() - 1) / 3 + 1);
      YearMonth qStart = YearMonth.of(m.getYear(), (m.getMonthValue() - 1) / 3 * 3 + 1);
      YearMonth from = qStart.isBefore(first) ? first : qStart;
      YearMonth to = qStart.plusMonths(2).isAfter(last) ? last : qStart.plusMonths(2);
      plans.computeIfAbsent(
          quarter + "-content",
          k -> plan(random, k, "Guides " + quarter, "content", from, to, 1800));
      plans.computeIfAbsent(
          quarter + "-webinar",
          k -> plan(random, k, "Webinars " + quarter, "event", from, to, 1200));
    }
    return List.copyOf(plans.values());
  }

  private CampaignPlan plan(
      Random random,
      String key,
      String name,
      String channel,
      YearMonth from,
      YearMonth to,
      int base) {
    var spend = new ArrayList<Campaigns.SpendInput>();
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      double amount = base * SEASON[m.getMonthValue() - 1] * (0.8 + 0.4 * random.nextDouble());
      spend.add(
          new Campaigns.SpendInput(
              m.toString(), BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP), "EUR"));
    }
    LocalDate starts = from.atDay(1);
    LocalDate ends = to.atEndOfMonth();
    return new CampaignPlan(
        key, new Campaigns.CampaignSpec(name, channel, starts.toString(), ends.toString()), spend);
  }

  /** The campaign of this kind running at {@code at}. */
  String campaignOf(String kind, Instant at) {
    YearMonth m = YearMonth.from(at.atZone(ZoneOffset.UTC));
    return switch (kind) {
      case "search" -> "search-ads";
      case "content", "webinar" ->
          m.getYear() + "-q" + ((m.getMonthValue() - 1) / 3 + 1) + "-" + kind;
      default -> "newsletter";
    };
  }

  private String newsletter(Instant at) {
    return "newsletter";
  }

  private Persona persona(int i, boolean fits) {
    if (i == 0) {
      return Persona.SQL_OPEN;
    }
    double d = new Random(seedOf(i)).nextDouble();
    Persona p;
    if (d < 0.17) {
      p = Persona.NURTURE;
    } else if (d < 0.19) {
      p = Persona.SUPPRESSED;
    } else if (d < 0.20) {
      p = Persona.LIVE;
    } else if (d < 0.23) {
      p = Persona.DISQUALIFIED;
    } else if (d < 0.25) {
      p = Persona.MQL_OPEN;
    } else if (d < 0.28) {
      p = Persona.SAL_OPEN;
    } else if (d < 0.33) {
      p = Persona.RECYCLED;
    } else if (d < 0.36) {
      p = Persona.SQL_OPEN;
    } else if (d < 0.41) {
      p = Persona.LOST;
    } else if (d < 0.46) {
      p = Persona.WON;
    } else {
      p = Persona.COLD;
    }
    // Only people the definition finds a fit for meet its gate live.
    return p == Persona.LIVE && !fits ? Persona.COLD : p;
  }

  private boolean fits(int c) {
    Map<String, Object> a = companies.get(c).attributes();
    return List.of("NL", "BE", "DE").contains(a.get("country")) && (int) a.get("employees") >= 50;
  }

  private int companyOf(int person) {
    int lo = 0;
    int hi = companyEnd.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (person < companyEnd[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private long seedOf(int person) {
    long z = settings.seed() * 0x9E3779B97F4A7C15L + person;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private Faker faker(String country) {
    Locale locale =
        switch (country) {
          case "NL" -> Locale.forLanguageTag("nl");
          case "BE" -> Locale.forLanguageTag(personRandom.nextBoolean() ? "nl" : "fr");
          case "DE" -> Locale.GERMAN;
          case "FR" -> Locale.FRENCH;
          case "ES" -> Locale.forLanguageTag("es");
          case "SE" -> Locale.forLanguageTag("sv");
          default -> Locale.UK;
        };
    return fakers.computeIfAbsent(locale, l -> new Faker(l, personRandom));
  }

  private static String ascii(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD)
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z]", "");
  }

  private static String slug(String name) {
    String s =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    return s.isEmpty() ? "company" : s.length() > 40 ? s.substring(0, 40) : s;
  }

  private static String pick(Random r, String[] values, double[] weights) {
    return values[pickIndex(r, weights)];
  }

  private static int pickIndex(Random r, double[] weights) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    double d = r.nextDouble() * sum;
    for (int i = 0; i < weights.length; i++) {
      d -= weights[i];
      if (d < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
