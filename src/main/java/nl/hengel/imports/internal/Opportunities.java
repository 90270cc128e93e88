package nl.hengel.imports.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import nl.hengel.imports.Quirk;
import nl.hengel.lifecycle.Stage;
import org.jspecify.annotations.Nullable;

/**
 * A CRM export read into opportunities, each with the stage history the file gives it: pure, no
 * database. Two shapes: one row per opportunity (its stage now, and a date column per stage it
 * entered: {@code date.sal}, {@code date.won}, ...), or one row per stage change ({@code at}: when
 * the row's stage was entered; rows of one id are one history, in time order). Stages on the way
 * that the file does not date (a won deal was accepted and qualified first) are implied: recorded
 * at the time of the next dated step, and marked. Every fault is a row error; every quirk of the
 * source is counted with what was done about it.
 */
public final class Opportunities {

  /** The waterfall's main line after new: what a lead passes through on its way to an outcome. */
  private static final List<Stage> MAIN = List.of(Stage.MQL, Stage.SAL, Stage.SQL);

  /** Where a value came from: a column (by header) or a constant. */
  public interface Fields {
    /** The row's value of a field, trimmed, or null when blank or unmapped. */
    @Nullable String value(String field, List<String> cells);

    /** The header the field reads (for messages), or {@code --set FIELD} for a constant. */
    String origin(String field);

    boolean has(String field);
  }

  /** One fault of one row. */
  public record Fault(long line, String field, String message) {}

  /** A step the file gives or implies. */
  public record Step(
      Stage stage,
      Instant at,
      boolean implied,
      @Nullable String reason,
      @Nullable String comment,
      long line) {}

  /** One opportunity: who it is, what the file says of it now, and its history. */
  public record Opportunity(
      String id,
      List<Long> lines,
      @Nullable String email,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable String owner,
      @Nullable String account,
      @Nullable BigDecimal amount,
      @Nullable String currency,
      @Nullable String leadSource,
      @Nullable String campaign,
      Map<String, Object> attributes,
      @Nullable Instant newSince,
      List<Step> steps) {}

  /** A row as read, before it is grouped into its opportunity. */
  private record Row(
      long line,
      String id,
      Stage stage,
      @Nullable Instant at,
      Map<Stage, Instant> dates,
      @Nullable String email,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable String owner,
      @Nullable String account,
      @Nullable BigDecimal amount,
      @Nullable String currency,
      @Nullable String reason,
      @Nullable String comment,
      @Nullable String leadSource,
      @Nullable String campaign,
      Map<String, Object> attributes) {}

  private final Fields fields;
  private final Function<String, @Nullable Stage> stages;
  private final ZoneId zone;
  private final @Nullable DateTimeFormatter format;
  private final boolean changes;
  private final List<String> attributeNames;
  private final List<Fault> faults = new ArrayList<>();
  private final Map<String, List<Row>> rows = new LinkedHashMap<>();
  private final Map<String, Quirk> quirks = new LinkedHashMap<>();
  private long dateOnly;
  private long zoneLess;

  /**
   * @param changes one row per stage change ({@code at} mapped) rather than per opportunity
   * @param attributeNames the {@code attr.NAME} fields mapped, by NAME
   */
  public Opportunities(
      Fields fields,
      Function<String, @Nullable Stage> stages,
      ZoneId zone,
      @Nullable String dateFormat,
      boolean changes,
      List<String> attributeNames) {
    this.fields = fields;
    this.stages = stages;
    this.zone = zone;
    this.format = dateFormat == null ? null : DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT);
    this.changes = changes;
    this.attributeNames = List.copyOf(attributeNames);
  }

  /** Reads one data row; its faults are kept, and a row with faults is left out. */
  public void row(long line, List<String> cells) {
    int before = faults.size();
    String id = fields.value("id", cells);
    if (id == null) {
      fault(line, "id", "is empty: every row needs the opportunity's id");
    } else if (id.length() > 200) {
      fault(line, "id", "is " + id.length() + " characters; at most 200");
    }
    Stage stage = null;
    String stageText = fields.value("stage", cells);
    if (stageText == null) {
      fault(line, "stage", "is empty: every row needs a stage");
    } else {
      stage = stages.apply(stageText);
      if (stage == null) {
        fault(
            line,
            "stage",
            "'"
                + stageText
                + "' is not a stage; map it with --stage \""
                + stageText
                + "=STAGE\" (one of "
                + String.join(", ", Stage.keys())
                + ")");
      }
    }
    Instant at = changes ? date(line, "at", cells) : null;
    if (changes && at == null && fields.value("at", cells) == null) {
      fault(line, "at", "is empty: a stage change needs the time it happened");
    }
    var dates = new EnumMap<Stage, Instant>(Stage.class);
    if (!changes) {
      // A column that dates several stages (close_date for won and lost) is read, and faulted,
      // once.
      var read = new java.util.HashMap<String, java.util.Optional<Instant>>();
      for (Stage s : Stage.values()) {
        String field = "date." + s.key();
        if (fields.has(field)) {
          Instant d =
              read.computeIfAbsent(
                      fields.origin(field),
                      k -> java.util.Optional.ofNullable(date(line, field, cells)))
                  .orElse(null);
          if (d != null) {
            dates.put(s, d);
          }
        }
      }
    }
    BigDecimal amount = null;
    String amountText = fields.value("amount", cells);
    String currency = fields.value("currency", cells);
    if (amountText != null) {
      try {
        amount = new BigDecimal(amountText);
        if (amount.signum() < 0) {
          fault(line, "amount", "'" + amountText + "' is negative");
        }
      } catch (NumberFormatException e) {
        fault(
            line,
            "amount",
            "'"
                + amountText
                + "' is not an amount: digits with an optional '.' for decimals, no thousands"
                + " separators or currency signs");
      }
      if (currency == null) {
        fault(line, "currency", "is needed with an amount: map a column or --set currency=EUR");
      }
    }
    if (currency != null) {
      try {
        Currency c = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        currency = c.getCurrencyCode();
        if (amount != null
            && c.getDefaultFractionDigits() >= 0
            && amount.stripTrailingZeros().scale() > c.getDefaultFractionDigits()) {
          fault(
              line,
              "amount",
              "'"
                  + amountText
                  + "' has more decimals than "
                  + currency
                  + " has ("
                  + c.getDefaultFractionDigits()
                  + ")");
        }
      } catch (IllegalArgumentException e) {
        fault(
            line,
            "currency",
            "'" + currency + "' is not an ISO 4217 currency code (EUR, USD, ...)");
      }
    }
    String email = fields.value("email", cells);
    if (email != null && (email.indexOf('@') < 1 || email.length() > 320)) {
      fault(line, "email", "'" + email + "' is not an e-mail address");
    }
    var attributes = new LinkedHashMap<String, Object>();
    for (String name : attributeNames) {
      String v = fields.value("attr." + name, cells);
      if (v != null) {
        attributes.put(name, v);
      }
    }
    if (faults.size() > before) {
      return;
    }
    rows.computeIfAbsent(id, k -> new ArrayList<>())
        .add(
            new Row(
                line,
                id,
                stage,
                at,
                dates,
                email,
                fields.value("firstName", cells),
                fields.value("lastName", cells),
                fields.value("owner", cells),
                fields.value("account", cells),
                amount,
                currency,
                fields.value("reason", cells),
                fields.value("comment", cells),
                fields.value("leadSource", cells),
                fields.value("campaign", cells),
                attributes));
  }

  /**
   * A date or date-time cell as an instant: ISO 8601 with an offset as it says; a date-time without
   * one, or a date (the start of that day), in the import's zone; {@code --date-format} first when
   * given.
   */
  private @Nullable Instant date(long line, String field, List<String> cells) {
    String text = fields.value(field, cells);
    if (text == null) {
      return null;
    }
    try {
      if (format != null) {
        TemporalAccessor t =
            format.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
        return switch (t) {
          case ZonedDateTime z -> z.toInstant();
          case LocalDateTime l -> zoneLess(l);
          case LocalDate d -> dateOnly(d);
          default -> throw new DateTimeException("unexpected " + t);
        };
      }
      String iso =
          text.length() > 10 && text.charAt(10) == ' ' ? text.replaceFirst(" ", "T") : text;
      if (iso.length() == 10) {
        return dateOnly(LocalDate.parse(iso));
      }
      if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
        return OffsetDateTime.parse(iso.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
      }
      return zoneLess(LocalDateTime.parse(iso));
    } catch (DateTimeException e) {
      fault(
          line,
          field,
          "'"
              + text
              + "' is not a date"
              + (format == null
                  ? ": write 2017-03-01, 2017-03-01 14:30 or 2017-03-01T14:30:00+01:00, or give"
                      + " --date-format"
                  : " in the pattern " + format));
      return null;
    }
  }

  private Instant dateOnly(LocalDate day) {
    dateOnly++;
    return day.atStartOfDay(zone).toInstant();
  }

  private Instant zoneLess(LocalDateTime time) {
    zoneLess++;
    return time.atZone(zone).toInstant();
  }

  private void fault(long line, String field, String message) {
    faults.add(new Fault(line, field, message));
  }

  private void quirk(String name, String action) {
    quirks.merge(
        name, new Quirk(name, 1, action), (a, b) -> new Quirk(name, a.count() + 1, action));
  }

  /**
   * The opportunities, in the order their ids first appear, each with its history; the faults of
   * their rows and histories are in {@link #faults()}.
   */
  public List<Opportunity> opportunities() {
    var result = new ArrayList<Opportunity>(rows.size());
    for (List<Row> group : rows.values()) {
      Opportunity o = changes ? fromChanges(group) : fromRow(group);
      if (o != null) {
        result.add(o);
      }
    }
    return result;
  }

  /** One row per opportunity: a second row for the same id is a fault unless it is the same. */
  private @Nullable Opportunity fromRow(List<Row> group) {
    Row row = group.getFirst();
    for (Row other : group.subList(1, group.size())) {
      if (other.stage() != row.stage() || !other.dates().equals(row.dates())) {
        fault(
            other.line(),
            "id",
            "opportunity "
                + row.id()
                + " is on line "
                + row.line()
                + " too, with "
                + (other.stage() != row.stage() ? "another stage" : "other dates")
                + ": one row per opportunity (or map at for one row per stage change)");
        return null;
      }
      quirk("the same opportunity twice with the same stage and dates", "later rows skipped");
    }
    Stage target = row.stage();
    var path = new ArrayList<Stage>();
    switch (target) {
      case NEW -> {}
      case MQL, SAL, SQL -> path.addAll(MAIN.subList(0, MAIN.indexOf(target) + 1));
      case WON, LOST -> {
        path.addAll(MAIN);
        path.add(target);
      }
      case NURTURE, DISQUALIFIED, SUPPRESSED -> {
        int furthest = -1;
        for (int i = 0; i < MAIN.size(); i++) {
          if (row.dates().containsKey(MAIN.get(i))) {
            furthest = i;
          }
        }
        path.addAll(MAIN.subList(0, furthest + 1));
        path.add(target);
      }
    }
    for (Stage s : row.dates().keySet()) {
      // A column that dates several stages (close_date for won and for lost) is no quirk.
      boolean shared =
          path.stream()
              .anyMatch(p ->
                  fields.has("date." + p.key())
                      && fields.origin("date." + p.key()).equals(fields.origin("date." + s.key())));
      if (s != Stage.NEW && !path.contains(s) && !shared) {
        quirk(
            fields.origin("date." + s.key())
                + " filled on rows whose stage does not pass "
                + s.key(),
            "ignored on those rows");
      }
    }
    Instant newSince = row.dates().get(Stage.NEW);
    if (path.isEmpty()) {
      if (newSince == null) {
        quirk("opportunities in new without any date", "kept in new, undated: in no cohort range");
      }
      return opportunity(group, newSince, List.of());
    }
    // Dated steps in order: each later one may not come before an earlier one.
    Stage previous = newSince == null ? null : Stage.NEW;
    Instant previousAt = newSince;
    for (Stage s : path) {
      Instant d = row.dates().get(s);
      if (d == null) {
        continue;
      }
      if (previousAt != null && d.isBefore(previousAt)) {
        fault(
            row.line(),
            "date." + s.key(),
            fields.origin("date." + s.key())
                + " ("
                + s.key()
                + ") is before "
                + fields.origin("date." + previous.key())
                + " ("
                + previous.key()
                + ")");
        return null;
      }
      previous = s;
      previousAt = d;
    }
    if (!row.dates().containsKey(target)) {
      fault(
          row.line(),
          "stage",
          target.key()
              + " needs the date it was entered: "
              + (fields.has("date." + target.key())
                  ? fields.origin("date." + target.key()) + " is empty"
                  : "map date." + target.key() + " to a column"));
      return null;
    }
    var steps = new ArrayList<Step>(path.size());
    for (int i = 0; i < path.size(); i++) {
      Stage s = path.get(i);
      Instant d = row.dates().get(s);
      boolean implied = d == null;
      if (implied) {
        for (int j = i + 1; d == null; j++) {
          d = row.dates().get(path.get(j));
        }
        quirk(
            s.key() + " implied, not dated by the file",
            "recorded at the next dated stage, marked implied");
      }
      steps.add(
          new Step(
              s,
              d,
              implied,
              s == target ? row.reason() : null,
              s == target ? row.comment() : null,
              row.line()));
    }
    Stage from = Stage.NEW;
    for (Step step : steps) {
      if (!Stage.isPath(from, step.stage())) {
        fault(
            row.line(),
            "stage",
            "no path from "
                + from.key()
                + " to "
                + step.stage().key()
                + ": the dates put the lead in "
                + from.key()
                + " first");
        return null;
      }
      from = step.stage();
    }
    return opportunity(group, newSince, steps);
  }

  /**
   * One row per stage change: the rows of one id in time order, gaps along the main line implied.
   */
  private @Nullable Opportunity fromChanges(List<Row> group) {
    var ordered = new ArrayList<>(group);
    ordered.sort(Comparator.comparing(Row::at).thenComparingLong(Row::line));
    var steps = new ArrayList<Step>();
    Instant newSince = null;
    Stage current = Stage.NEW;
    for (Row r : ordered) {
      Stage s = r.stage();
      if (s == Stage.NEW) {
        if (newSince != null) {
          quirk("the same stage twice in a row for one id", "the later row skipped");
          continue;
        }
        if (!steps.isEmpty()) {
          fault(
              r.line(),
              "stage",
              "back to new after " + current.key() + ": a lead never returns to new");
          return null;
        }
        newSince = r.at();
        continue;
      }
      if (s == current) {
        quirk("the same stage twice in a row for one id", "the later row skipped");
        continue;
      }
      List<Stage> gap = gap(current, s);
      if (gap == null) {
        fault(
            r.line(),
            "stage",
            "no path from "
                + current.key()
                + " (line "
                + (steps.isEmpty() ? r.line() : steps.getLast().line())
                + ") to "
                + s.key());
        return null;
      }
      for (Stage g : gap) {
        steps.add(new Step(g, r.at(), true, null, null, r.line()));
        quirk(
            g.key() + " implied, not dated by the file",
            "recorded at the next dated stage, marked implied");
      }
      steps.add(new Step(s, r.at(), false, r.reason(), r.comment(), r.line()));
      current = s;
    }
    return opportunity(ordered, newSince, steps);
  }

  /**
   * The main-line stages between two stages that the waterfall needs to get from one to the other,
   * none when there is a direct path, null when there is no way.
   */
  static @Nullable List<Stage> gap(Stage from, Stage to) {
    if (Stage.isPath(from, to)) {
      return List.of();
    }
    int start = from == Stage.NEW || from == Stage.NURTURE ? 0 : MAIN.indexOf(from) + 1;
    if (start == 0 && from != Stage.NEW && from != Stage.NURTURE) {
      return null;
    }
    var gap = new ArrayList<Stage>();
    for (int i = start; i < MAIN.size(); i++) {
      if (Stage.isPath(MAIN.get(i), to)) {
        gap.add(MAIN.get(i));
        return gap;
      }
      gap.add(MAIN.get(i));
    }
    return null;
  }

  private Opportunity opportunity(List<Row> group, @Nullable Instant newSince, List<Step> steps) {
    // What the file says of the opportunity now: its last row's non-empty values.
    Row first = group.getFirst();
    String email = null, firstName = null, lastName = null, owner = null, account = null;
    String currency = null, leadSource = null, campaign = null;
    BigDecimal amount = null;
    var attributes = new LinkedHashMap<String, Object>();
    var lines = new ArrayList<Long>(group.size());
    for (Row r : group) {
      lines.add(r.line());
      email = r.email() != null ? r.email() : email;
      firstName = r.firstName() != null ? r.firstName() : firstName;
      lastName = r.lastName() != null ? r.lastName() : lastName;
      owner = r.owner() != null ? r.owner() : owner;
      account = r.account() != null ? r.account() : account;
      if (r.amount() != null) {
        amount = r.amount();
        currency = r.currency();
      }
      leadSource = r.leadSource() != null ? r.leadSource() : leadSource;
      campaign = r.campaign() != null ? r.campaign() : campaign;
      attributes.putAll(r.attributes());
    }
    if (owner == null && fields.has("owner")) {
      quirk("opportunities without an owner", "lead left unassigned");
    }
    if (account == null && fields.has("account")) {
      quirk("opportunities without an account", "no company");
    }
    boolean lost = !steps.isEmpty() && steps.getLast().stage() == Stage.LOST;
    if (lost && steps.getLast().reason() == null) {
      quirk("lost without a reason", "reason recorded as not-recorded, never invented");
    }
    if (lost && amount != null && amount.signum() == 0) {
      quirk("lost with amount 0", "kept as written; lost deals add no won value");
    }
    return new Opportunity(
        first.id(),
        List.copyOf(lines),
        email,
        firstName,
        lastName,
        owner,
        account,
        amount,
        currency,
        leadSource,
        campaign,
        Map.copyOf(attributes),
        newSince,
        List.copyOf(steps));
  }

  /** The faults found so far, in line order. */
  public List<Fault> faults() {
    var sorted = new ArrayList<>(faults);
    sorted.sort(Comparator.comparingLong(Fault::line));
    return sorted;
  }

  /** The quirks met, in the order first met. */
  public List<Quirk> quirks() {
    var all = new ArrayList<Quirk>();
    if (dateOnly > 0) {
      all.add(
          new Quirk("dates without a time", dateOnly, "read as the start of that day in " + zone));
    }
    if (zoneLess > 0) {
      all.add(new Quirk("times without a zone", zoneLess, "read in " + zone));
    }
    all.addAll(quirks.values());
    return all;
  }
}
