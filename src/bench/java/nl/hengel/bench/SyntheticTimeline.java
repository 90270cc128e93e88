package nl.hengel.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic stream of interactions: item {@code k} of seed {@code s} is always the
 * same, whatever was generated before it. People have e-mail addresses on a few thousand company
 * domains (a few large companies, many small ones) or on free-mail services; a few people are far
 * more active than most. Times are spread over the calendar year 2025.
 */
final class SyntheticTimeline {

  static final int COMPANY_DOMAINS = 3_000;
  static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  private static final long YEAR_SECONDS = ChronoUnit.DAYS.getDuration().getSeconds() * 365;

  private static final String[] FIRST = {
    "anna", "bram", "carla", "daan", "eva", "femke", "gerrit", "hanna", "ivo", "joost", "kim",
    "lars", "maud", "niels", "olga", "pieter", "quinten", "roos", "sanne", "tom", "ursula", "vera",
    "wim", "xander", "yara", "zoe", "james", "mary", "lukas", "sophie", "mohamed", "fatima", "jan",
    "els", "noah", "emma", "liam", "julia", "finn", "tess"
  };
  private static final String[] LAST = {
    "de-vries",
    "jansen",
    "van-dijk",
    "bakker",
    "visser",
    "smit",
    "meijer",
    "de-boer",
    "mulder",
    "de-groot",
    "bos",
    "vos",
    "peters",
    "hendriks",
    "van-leeuwen",
    "dekker",
    "brouwer",
    "de-wit",
    "dijkstra",
    "smits",
    "schmidt",
    "muller",
    "peeters",
    "maes",
    "janssens",
    "smith",
    "jones",
    "brown",
    "el-amrani",
    "yilmaz"
  };
  private static final String[] WORD_A = {
    "acme",
    "noord",
    "zuid",
    "delta",
    "nova",
    "polder",
    "rijn",
    "maas",
    "kempen",
    "veluwe",
    "brabant",
    "holland",
    "lowlands",
    "north",
    "euro",
    "blue",
    "green",
    "smart",
    "prime",
    "solid",
    "swift",
    "bright",
    "open",
    "true",
    "first",
    "metro",
    "atlas",
    "orion",
    "vector",
    "pixel",
    "quantum",
    "terra",
    "aqua",
    "helix",
    "nimbus",
    "falcon",
    "lynx",
    "oak",
    "cedar",
    "harbor",
    "bridge",
    "tulip",
    "dune",
    "canal",
    "mill",
    "anchor",
    "beacon",
    "summit",
    "vertex",
    "signal",
    "cobalt",
    "amber",
    "silver",
    "iron",
    "stone",
    "river",
    "field",
    "forest",
    "coast",
    "valley"
  };
  private static final String[] WORD_B = {
    "logistics",
    "tech",
    "data",
    "bouw",
    "software",
    "systems",
    "group",
    "consult",
    "finance",
    "health",
    "energy",
    "foods",
    "retail",
    "media",
    "labs",
    "works",
    "partners",
    "solutions",
    "industries",
    "machines",
    "robotics",
    "cloud",
    "security",
    "analytics",
    "legal",
    "insurance",
    "print",
    "design",
    "marine",
    "transport",
    "pharma",
    "chemie",
    "metaal",
    "installatie",
    "advies",
    "zorg",
    "onderwijs",
    "makelaars",
    "telecom",
    "hosting",
    "automotive",
    "agri",
    "textiles",
    "packaging",
    "furniture",
    "optics",
    "audio",
    "sports",
    "travel",
    "events",
    "recruit",
    "academy",
    "capital",
    "ventures",
    "holding",
    "trading",
    "services",
    "digital",
    "network",
    "studio"
  };
  private static final String[] TLD = {"nl", "nl", "nl", "com", "de", "be", "eu"};
  private static final String[] FREE_MAIL = {
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "live.nl",
    "yahoo.com",
    "icloud.com",
    "kpnmail.nl",
    "hotmail.nl"
  };
  private static final String[] TOPICS = {
    "lead-scoring",
    "pricing",
    "automation",
    "crm",
    "analytics",
    "security",
    "cloud-migration",
    "customer-service",
    "gdpr",
    "ai",
    "integration",
    "roi"
  };
  private static final String[] PAGES = {
    "/",
    "/pricing",
    "/pricing",
    "/product",
    "/product/integrations",
    "/demo",
    "/contact",
    "/about",
    "/careers",
    "/cases/logistics",
    "/cases/retail",
    "/blog/lead-scoring-101",
    "/blog/mql-vs-sql",
    "/blog/nurture-not-discard",
    "/docs/getting-started"
  };
  private static final String[] FORMS = {
    "contact", "demo-request", "newsletter", "whitepaper-gate"
  };
  private static final String[] PRODUCTS = {"core", "analytics", "connect", "mobile"};
  private static final String[] SENTIMENTS = {"positive", "neutral", "negative"};

  /** One generated interaction, with its attributes already as the compact JSON the API stores. */
  record Item(
      String source,
      String externalId,
      String email,
      Instant occurredAt,
      String department,
      String channel,
      String type,
      String campaign,
      String content,
      String sentiment,
      String attributesJson) {}

  private final long seed;
  private final int people;

  SyntheticTimeline(long seed, int people) {
    if (people < 1) {
      throw new IllegalArgumentException("people must be at least 1");
    }
    this.seed = seed;
    this.people = people;
  }

  int people() {
    return people;
  }

  /** The company domain with number {@code i} (0 ≤ i < {@link #COMPANY_DOMAINS}). */
  static String companyDomain(int i) {
    return WORD_A[i % WORD_A.length]
        + "-"
        + WORD_B[(i / WORD_A.length) % WORD_B.length]
        + "."
        + TLD[i % TLD.length];
  }

  /** The e-mail address of person {@code p}, as a source would send it (sometimes capitalised). */
  String email(int p) {
    var r = random(0x5eed_0001L, p);
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    String domain;
    if (r.nextDouble() < 0.15) {
      domain = FREE_MAIL[r.nextInt(FREE_MAIL.length)];
    } else {
      // Skewed: low-numbered companies are large, most are small.
      domain = companyDomain((int) (COMPANY_DOMAINS * Math.pow(r.nextDouble(), 2)));
    }
    String local = first + "." + last + "." + Integer.toString(p, 36);
    if (r.nextDouble() < 0.05) {
      local = Character.toUpperCase(local.charAt(0)) + local.substring(1);
    }
    return local + "@" + domain;
  }

  /**
   * A person number drawn the way interactions fall on people: a few very active, most a handful.
   */
  int personOf(long k) {
    var r = random(0x5eed_0002L, k);
    return (int) Math.min(people - 1, (long) (people * Math.pow(r.nextDouble(), 1.5)));
  }

  /** Interaction {@code k}. */
  Item item(long k) {
    return item(k, email(personOf(k)), "evt");
  }

  /** Interaction {@code k} of the stream named {@code prefix}, by the person with {@code email}. */
  Item item(long k, String email, String prefix) {
    var r = random(0x5eed_0003L ^ prefix.hashCode(), k);
    Instant at = FROM.plusSeconds((long) (r.nextDouble() * YEAR_SECONDS));
    double d = r.nextDouble();
    String department, type, source, channel;
    String campaign = null, content = null, attributes = null;
    String topic = TOPICS[r.nextInt(TOPICS.length)];
    if (d < 0.70) {
      department = "marketing";
      double t = r.nextDouble();
      if (t < 0.35) {
        type = "page_view";
        attributes = "{\"path\":\"" + PAGES[r.nextInt(PAGES.length)] + "\"}";
      } else if (t < 0.55) {
        type = "email_open";
      } else if (t < 0.70) {
        type = "email_click";
        attributes =
            "{\"url\":\"https://hengel.example/"
                + topic
                + "\",\"mailing\":\"newsletter-"
                + (1 + r.nextInt(52))
                + "\"}";
      } else if (t < 0.82) {
        type = "content_download";
        content = "whitepaper-" + topic;
      } else if (t < 0.87) {
        type = "webinar_registered";
        content = "webinar-" + topic;
      } else if (t < 0.91) {
        type = "webinar_attended";
        content = "webinar-" + topic;
      } else if (t < 0.98) {
        type = "form_submitted";
        attributes = "{\"form\":\"" + FORMS[r.nextInt(FORMS.length)] + "\"}";
      } else {
        type = "email_unsubscribed";
      }
      source =
          type.startsWith("email")
              ? "mailchimp"
              : type.startsWith("webinar") ? "gotowebinar" : "website";
      channel = type.startsWith("email") ? "email" : type.startsWith("webinar") ? "event" : "web";
      if (r.nextDouble() < 0.8) {
        campaign = "2025-q" + (1 + r.nextInt(4)) + "-" + topic;
      }
    } else if (d < 0.90) {
      department = "sales";
      source = "salesforce";
      double t = r.nextDouble();
      if (t < 0.40) {
        type = "call";
        channel = "phone";
        attributes = "{\"durationSeconds\":" + (30 + r.nextInt(1800)) + "}";
      } else if (t < 0.75) {
        type = "email_sent";
        channel = "email";
      } else if (t < 0.92) {
        type = "meeting";
        channel = "meeting";
        attributes = "{\"attendees\":" + (2 + r.nextInt(5)) + "}";
      } else {
        type = "demo";
        channel = "video";
        content = "demo-" + PRODUCTS[r.nextInt(PRODUCTS.length)];
      }
    } else {
      department = "service";
      source = "zendesk";
      double t = r.nextDouble();
      String product = PRODUCTS[r.nextInt(PRODUCTS.length)];
      if (t < 0.40) {
        type = "ticket_opened";
        channel = "email";
        attributes =
            "{\"priority\":\""
                + (r.nextDouble() < 0.2 ? "high" : "normal")
                + "\",\"product\":\""
                + product
                + "\"}";
      } else if (t < 0.75) {
        type = "ticket_closed";
        channel = "email";
        attributes = "{\"product\":\"" + product + "\"}";
      } else if (t < 0.90) {
        type = "chat";
        channel = "chat";
      } else {
        type = "call";
        channel = "phone";
        attributes = "{\"durationSeconds\":" + (30 + r.nextInt(1200)) + "}";
      }
    }
    String sentiment = r.nextDouble() < 0.10 ? SENTIMENTS[r.nextInt(SENTIMENTS.length)] : null;
    String externalId = prefix + "-" + source + "-" + k;
    return new Item(
        source,
        externalId,
        email,
        at,
        department,
        channel,
        type,
        campaign,
        content,
        sentiment,
        attributes);
  }

  /** The item as one line of JSON (no line end), in the shape of {@code POST /api/interactions}. */
  static String json(Item item) {
    var s = new StringBuilder(400);
    s.append('{');
    field(s, "source", item.source()).append(',');
    field(s, "externalId", item.externalId()).append(',');
    s.append("\"person\":{");
    field(s, "email", item.email()).append("},");
    field(s, "occurredAt", item.occurredAt().toString()).append(',');
    field(s, "department", item.department()).append(',');
    field(s, "channel", item.channel()).append(',');
    field(s, "type", item.type());
    if (item.campaign() != null) {
      field(s.append(','), "campaign", item.campaign());
    }
    if (item.content() != null) {
      field(s.append(','), "content", item.content());
    }
    if (item.sentiment() != null) {
      field(s.append(','), "sentiment", item.sentiment());
    }
    if (item.attributesJson() != null) {
      s.append(",\"attributes\":").append(item.attributesJson());
    }
    return s.append('}').toString();
  }

  /** Items {@code [from, to)} as an NDJSON or JSON-array request body. */
  byte[] body(long from, long to, boolean ndjson) {
    var s = new StringBuilder((int) (to - from) * 400);
    if (!ndjson) {
      s.append('[');
    }
    for (long k = from; k < to; k++) {
      if (!ndjson && k > from) {
        s.append(',');
      }
      s.append(json(item(k)));
      if (ndjson) {
        s.append('\n');
      }
    }
    if (!ndjson) {
      s.append(']');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static StringBuilder field(StringBuilder s, String name, String value) {
    s.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"');
  }

  private SplittableRandom random(long stream, long k) {
    return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + k));
  }

  /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
