package nl.hengel.handoff;

import com.fasterxml.jackson.annotation.JsonValue;
import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.hengel.handoff.internal.LeakageRows;
import nl.hengel.platform.Moments;
import nl.hengel.platform.Problem;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The leakage report: every lead that left the funnel or stalled without an outcome, as of now, by
 * category, grouped by owner, source, campaign or cohort month, with the leads themselves.
 */
@Service
public class Leakage {

  /** How a lead leaks; a lead may leak in several ways at once. */
  public enum Category {
    /**
     * In mql and its accept clock of the current MQL cycle breached, or in mql for more than
     * mqlDays days.
     */
    MQL_NOT_ACCEPTED(
        "mql-not-accepted",
        "In mql, and its accept SLA breached or waiting for acceptance more than mqlDays days"),
    /**
     * In sal or sql without a first contact, and its first-contact clock breached, or accepted more
     * than contactDays days ago.
     */
    NOT_CONTACTED(
        "not-contacted",
        "Accepted (sal or sql) but never contacted, and its first-contact SLA breached or accepted"
            + " more than contactDays days ago"),
    /** In sal for more than salDays days. */
    SAL_STALLED("sal-stalled", "In sal more than salDays days without reaching sql or an outcome"),
    /** In sql for more than sqlDays days. */
    SQL_STALLED("sql-stalled", "In sql more than sqlDays days without being won or lost"),
    /** Disqualified straight from mql or sal: sales threw it out instead of recycling it. */
    REJECTED_NOT_RECYCLED(
        "rejected-not-recycled",
        "Disqualified from mql or sal: rejected by sales instead of recycled to nurture"),
    /** Any SLA clock of the lead breached (in the period). */
    SLA_BREACHED("sla-breached", "An SLA clock of the lead (accept or first contact) breached"),
    /** In mql with no owner: routing could not place it. */
    UNASSIGNED("unassigned", "In mql with no owner: routing could not place it");

    private final String key;
    private final String description;

    Category(String key, String description) {
      this.key = key;
      this.description = description;
    }

    @JsonValue
    public String key() {
      return key;
    }

    public String description() {
      return description;
    }

    public static Optional<Category> parse(String text) {
      return Arrays.stream(values()).filter(c -> c.key.equalsIgnoreCase(text.trim())).findFirst();
    }

    public static String keys() {
      return Arrays.stream(values()).map(Category::key).collect(Collectors.joining(", "));
    }
  }

  /** What the report groups the leaking leads by. */
  public enum GroupBy {
    /** The owner's e-mail, or "(unassigned)". */
    OWNER,
    /** The first touch's source, or "(none)". */
    SOURCE,
    /** The first touch's campaign, or "(none)". */
    CAMPAIGN,
    /** The month the lead was created, in UTC ({@code 2026-11}). */
    COHORT;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<GroupBy> parse(String text) {
      return Arrays.stream(values()).filter(g -> g.key().equalsIgnoreCase(text.trim())).findFirst();
    }
  }

  /**
   * What to report: the grouping, the categories, the day thresholds, an optional period ({@code
   * from} inclusive, {@code to} exclusive, on each category's moment: entering the stage, the
   * acceptance, the breach or the disqualification) and how many leads to list at most.
   */
  public record Parameters(
      GroupBy groupBy,
      List<Category> categories,
      int mqlDays,
      int contactDays,
      int salDays,
      int sqlDays,
      @Nullable Instant from,
      @Nullable Instant to,
      int limit) {

    public static final int MAX_LIMIT = 100_000;

    /** Every category, grouped by owner, with the default thresholds, over all time. */
    public static final Parameters DEFAULTS =
        new Parameters(GroupBy.OWNER, List.of(Category.values()), 2, 3, 14, 60, null, null, 1000);

    public Parameters {
      categories = List.copyOf(EnumSet.copyOf(categories));
    }

    /**
     * Reads the parameters as a caller sends them (names as in the API: {@code groupBy}, {@code
     * category} (repeated or comma-separated), {@code mqlDays}, {@code contactDays}, {@code
     * salDays}, {@code sqlDays}, {@code from}, {@code to}, {@code limit}); anything absent keeps
     * its default. Throws one 400 problem naming every bad parameter.
     */
    public static Parameters parse(Map<String, List<String>> raw) {
      var errors = new ArrayList<Problem.FieldError>();
      GroupBy groupBy = DEFAULTS.groupBy();
      String g = single(raw, "groupBy");
      if (g != null) {
        var parsed = GroupBy.parse(g);
        if (parsed.isEmpty()) {
          errors.add(
              new Problem.FieldError(
                  "groupBy", "'" + g + "' is not one of owner, source, campaign, cohort"));
        } else {
          groupBy = parsed.get();
        }
      }
      List<Category> categories = DEFAULTS.categories();
      List<String> named =
          raw.getOrDefault("category", List.of()).stream()
              .flatMap(v -> Arrays.stream(v.split(",")))
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .toList();
      if (!named.isEmpty()) {
        var chosen = new ArrayList<Category>();
        for (String name : named) {
          Category.parse(name)
              .ifPresentOrElse(
                  chosen::add,
                  () ->
                      errors.add(
                          new Problem.FieldError(
                              "category", "'" + name + "' is not one of " + Category.keys())));
        }
        if (!chosen.isEmpty()) {
          categories = chosen;
        }
      }
      int mqlDays = days(raw, "mqlDays", DEFAULTS.mqlDays(), errors);
      int contactDays = days(raw, "contactDays", DEFAULTS.contactDays(), errors);
      int salDays = days(raw, "salDays", DEFAULTS.salDays(), errors);
      int sqlDays = days(raw, "sqlDays", DEFAULTS.sqlDays(), errors);
      Instant from = moment(raw, "from", errors);
      Instant to = moment(raw, "to", errors);
      if (from != null && to != null && !from.isBefore(to)) {
        errors.add(new Problem.FieldError("to", "must be after from"));
      }
      int limit = DEFAULTS.limit();
      String l = single(raw, "limit");
      if (l != null) {
        try {
          limit = Integer.parseInt(l.trim());
          if (limit < 0 || limit > MAX_LIMIT) {
            errors.add(new Problem.FieldError("limit", "must be from 0 to " + MAX_LIMIT));
          }
        } catch (NumberFormatException e) {
          errors.add(new Problem.FieldError("limit", "'" + l + "' is not a whole number"));
        }
      }
      if (!errors.isEmpty()) {
        throw new Problem(
            HttpStatus.BAD_REQUEST,
            "handoff.leakage.invalid-parameter",
            "The leakage report has " + errors.size() + " invalid parameter(s).",
            errors);
      }
      return new Parameters(
          groupBy, categories, mqlDays, contactDays, salDays, sqlDays, from, to, limit);
    }

    private static @Nullable String single(Map<String, List<String>> raw, String name) {
      List<String> values = raw.get(name);
      if (values == null || values.isEmpty() || values.getLast() == null) {
        return null;
      }
      String value = values.getLast().trim();
      return value.isEmpty() ? null : value;
    }

    private static int days(
        Map<String, List<String>> raw, String name, int fallback, List<Problem.FieldError> errors) {
      String text = single(raw, name);
      if (text == null) {
        return fallback;
      }
      try {
        int days = Integer.parseInt(text);
        if (days < 0 || days > 36_500) {
          errors.add(new Problem.FieldError(name, "must be from 0 to 36500 days, not " + days));
        }
        return days;
      } catch (NumberFormatException e) {
        errors.add(new Problem.FieldError(name, "'" + text + "' is not a whole number of days"));
        return fallback;
      }
    }

    private static @Nullable Instant moment(
        Map<String, List<String>> raw, String name, List<Problem.FieldError> errors) {
      return Moments.instant(name, single(raw, name), errors);
    }
  }

  /** How many leads leak in one category. */
  public record CategoryCount(Category key, String description, int count) {}

  /**
   * One group (an owner, source, campaign or cohort): leaking leads per category key, in the
   * categories' order, and the distinct leads among them.
   */
  public record Group(String key, Map<String, Integer> counts, int leads) {}

  /**
   * One leaking lead with the categories it leaks in; {@code breachedAt} is its latest SLA breach
   * among them, if any.
   */
  public record LeakingLead(
      long personId,
      @Nullable String email,
      @Nullable String name,
      String stage,
      Instant stageSince,
      @Nullable String owner,
      @Nullable String source,
      @Nullable String campaign,
      String cohort,
      List<Category> categories,
      long daysInStage,
      @Nullable Instant breachedAt) {}

  /**
   * The report as of one moment: counts per category, the groups (most leads first), and the leads
   * longest in their stage first, at most {@code parameters.limit()} of them ({@code truncated}
   * when there were more).
   */
  public record Report(
      Instant asOf,
      Parameters parameters,
      List<CategoryCount> categories,
      List<Group> groups,
      List<LeakingLead> leads,
      boolean truncated) {

    /** The CSV columns, in order. */
    public static final List<String> CSV_HEADER =
        List.of(
            "personId",
            "email",
            "name",
            "stage",
            "stageSince",
            "daysInStage",
            "owner",
            "source",
            "campaign",
            "cohort",
            "category",
            "breachedAt");

    /** Writes the listed leads as RFC 4180 CSV: a header, then one row per lead and category. */
    public void writeCsv(Writer out) {
      try {
        CsvWriter csv = CsvWriter.builder().build(out);
        csv.writeRecord(CSV_HEADER);
        for (LeakingLead l : leads) {
          for (Category c : l.categories()) {
            csv.writeRecord(
                String.valueOf(l.personId()),
                text(l.email()),
                text(l.name()),
                l.stage(),
                l.stageSince().toString(),
                String.valueOf(l.daysInStage()),
                text(l.owner()),
                text(l.source()),
                text(l.campaign()),
                l.cohort(),
                c.key(),
                l.breachedAt() == null ? "" : l.breachedAt().toString());
          }
        }
        csv.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String text(@Nullable String s) {
      return s == null ? "" : s;
    }
  }

  static final String UNASSIGNED = "(unassigned)";
  static final String NONE = "(none)";

  private final LeakageRows rows;
  private final Clock clock;

  Leakage(LeakageRows rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  /** The workspace's leakage as of now. One streaming query; memory grows with the groups only. */
  @Transactional(readOnly = true)
  public Report report(WorkspaceId ws, Parameters p) {
    Instant now = clock.instant();
    var totals = new EnumMap<Category, Integer>(Category.class);
    p.categories().forEach(c -> totals.put(c, 0));
    var groups = new HashMap<String, GroupTally>();
    var leads = new ArrayList<LeakingLead>();
    var current =
        new Object() {
          LeakageRows.@Nullable Hit first;
          EnumSet<Category> categories = EnumSet.noneOf(Category.class);
          @Nullable Instant breachedAt;
          int seen;
        };
    Runnable flush =
        () -> {
          LeakageRows.Hit h = current.first;
          if (h == null) {
            return;
          }
          current.seen++;
          String key = keyOf(p.groupBy(), h);
          GroupTally tally = groups.computeIfAbsent(key, k -> new GroupTally(p.categories()));
          tally.leads++;
          for (Category c : current.categories) {
            totals.merge(c, 1, Integer::sum);
            tally.counts.merge(c, 1, Integer::sum);
          }
          if (leads.size() < p.limit()) {
            leads.add(
                new LeakingLead(
                    h.person(),
                    h.email(),
                    nameOf(h),
                    h.stage(),
                    h.stageSince(),
                    h.owner(),
                    h.source(),
                    h.campaign(),
                    cohortOf(h.createdAt()),
                    List.copyOf(current.categories),
                    Math.max(0, ChronoUnit.DAYS.between(h.stageSince(), now)),
                    current.breachedAt));
          }
        };
    rows.scan(
        ws,
        new LeakageRows.Criteria(
            p.categories(),
            now.minus(Duration.ofDays(p.mqlDays())),
            now.minus(Duration.ofDays(p.contactDays())),
            now.minus(Duration.ofDays(p.salDays())),
            now.minus(Duration.ofDays(p.sqlDays())),
            p.from(),
            p.to()),
        hit -> {
          if (current.first == null || current.first.person() != hit.person()) {
            flush.run();
            current.first = hit;
            current.categories = EnumSet.noneOf(Category.class);
            current.breachedAt = null;
          }
          current.categories.add(hit.category());
          if (hit.breachedAt() != null
              && (current.breachedAt == null || hit.breachedAt().isAfter(current.breachedAt))) {
            current.breachedAt = hit.breachedAt();
          }
        });
    flush.run();
    List<CategoryCount> counts =
        totals.entrySet().stream()
            .map(e -> new CategoryCount(e.getKey(), e.getKey().description(), e.getValue()))
            .toList();
    List<Group> grouped =
        groups.entrySet().stream()
            .map(e -> new Group(e.getKey(), byKey(e.getValue().counts), e.getValue().leads))
            .sorted(Comparator.comparingInt(Group::leads).reversed().thenComparing(Group::key))
            .toList();
    return new Report(now, p, counts, grouped, List.copyOf(leads), current.seen > leads.size());
  }

  /** The counts by category key, in the categories' declared order, zeros included. */
  private static Map<String, Integer> byKey(EnumMap<Category, Integer> counts) {
    var m = new LinkedHashMap<String, Integer>();
    counts.forEach((c, n) -> m.put(c.key(), n));
    return Collections.unmodifiableMap(m);
  }

  private static final class GroupTally {
    final EnumMap<Category, Integer> counts = new EnumMap<>(Category.class);
    int leads;

    GroupTally(List<Category> categories) {
      categories.forEach(c -> counts.put(c, 0));
    }
  }

  private static String keyOf(GroupBy groupBy, LeakageRows.Hit h) {
    return switch (groupBy) {
      case OWNER -> h.owner() == null ? UNASSIGNED : h.owner();
      case SOURCE -> h.source() == null ? NONE : h.source();
      case CAMPAIGN -> h.campaign() == null ? NONE : h.campaign();
      case COHORT -> cohortOf(h.createdAt());
    };
  }

  private static String cohortOf(Instant createdAt) {
    return YearMonth.from(createdAt.atOffset(ZoneOffset.UTC)).toString();
  }

  private static @Nullable String nameOf(LeakageRows.Hit h) {
    String name =
        ((h.firstName() == null ? "" : h.firstName())
                + " "
                + (h.lastName() == null ? "" : h.lastName()))
            .trim();
    return name.isEmpty() ? null : name;
  }
}
