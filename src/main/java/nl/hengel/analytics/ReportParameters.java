package nl.hengel.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import nl.hengel.platform.Moments;
import nl.hengel.platform.Problem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * What a report covers: its grouping, the cohort moment (waterfall and velocity) and the range,
 * {@code from} inclusive and {@code to} exclusive, either end open when absent; the waterfall and
 * velocity may keep to the leads of one first-touch {@code source} ("(none)" for leads without).
 * {@code attribute} is the attribute grouped by when {@code groupBy} is {@code attribute}, and
 * absent otherwise.
 */
public record ReportParameters(
    Report report,
    Report.GroupBy groupBy,
    Report.Cohort cohort,
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable String source,
    Report.@Nullable Attribute attribute) {

  public ReportParameters {
    if ((groupBy == Report.GroupBy.ATTRIBUTE) != (attribute != null)) {
      throw new IllegalArgumentException("an attribute is named when grouping by attribute only");
    }
  }

  /** The parameters without a source filter, grouped by anything but an attribute. */
  public ReportParameters(
      Report report,
      Report.GroupBy groupBy,
      Report.Cohort cohort,
      @Nullable Instant from,
      @Nullable Instant to) {
    this(report, groupBy, cohort, from, to, null, null);
  }

  /** What the rows are keyed by, as the caller wrote it: {@code cohort}, {@code company.sector}. */
  public String groupKey() {
    return attribute == null ? groupBy.key() : attribute.key();
  }

  /** Whether the range is open at both ends: all time. */
  public boolean allTime() {
    return from == null && to == null;
  }

  /** The error code of a bad parameter, in the problem's type. */
  public static final String INVALID = "analytics.invalid-parameter";

  /** The report's default grouping, cohort=created, over all time. */
  public static ReportParameters defaults(Report report) {
    return new ReportParameters(
        report, report.groupings().getFirst(), Report.Cohort.CREATED, null, null);
  }

  /**
   * Reads the parameters as a caller sends them ({@code groupBy}: a grouping's key, or for the
   * waterfall and velocity {@code person.NAME} or {@code company.NAME}; {@code cohort}, {@code
   * from}, {@code to}; a date is midnight UTC; {@code source}); anything absent keeps its default.
   * Throws one 400 problem naming every bad parameter.
   */
  public static ReportParameters parse(Report report, Map<String, List<String>> raw) {
    var errors = new ArrayList<Problem.FieldError>();
    ReportParameters d = defaults(report);
    Report.GroupBy groupBy = d.groupBy();
    Report.Attribute attribute = null;
    String g = single(raw, "groupBy");
    if (g != null) {
      groupBy =
          report.groupings().stream()
              .filter(x -> x != Report.GroupBy.ATTRIBUTE && x.key().equalsIgnoreCase(g))
              .findFirst()
              .orElse(null);
      if (groupBy == null && report.groupings().contains(Report.GroupBy.ATTRIBUTE)) {
        attribute = Report.Attribute.parse(g).orElse(null);
        groupBy = attribute == null ? null : Report.GroupBy.ATTRIBUTE;
      }
      if (groupBy == null) {
        boolean attributeLike =
            report.groupings().contains(Report.GroupBy.ATTRIBUTE)
                && (g.startsWith("person.") || g.startsWith("company."));
        errors.add(
            new Problem.FieldError(
                "groupBy",
                attributeLike
                    ? "'"
                        + g
                        + "' is not an attribute: person.NAME or company.NAME, NAME of 1 to 100"
                        + " letters, digits, _ . -"
                    : "'" + g + "' is not one of " + groupings(report)));
        groupBy = d.groupBy();
      }
    }
    Report.Cohort cohort = d.cohort();
    String c = single(raw, "cohort");
    if (c != null) {
      if (!report.hasCohorts()) {
        errors.add(
            new Problem.FieldError("cohort", "applies to the waterfall and velocity reports only"));
      } else {
        try {
          cohort = Report.Cohort.valueOf(c.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          errors.add(new Problem.FieldError("cohort", "'" + c + "' is not created, mql or closed"));
        }
      }
    }
    String source = single(raw, "source");
    if (source != null && !report.hasCohorts()) {
      errors.add(
          new Problem.FieldError("source", "applies to the waterfall and velocity reports only"));
      source = null;
    } else if (source != null && source.length() > 100) {
      errors.add(new Problem.FieldError("source", "is longer than a source can be (100)"));
      source = null;
    }
    Instant from = moment(raw, "from", errors);
    Instant to = moment(raw, "to", errors);
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add(new Problem.FieldError("to", "must be after from"));
    }
    if (!errors.isEmpty()) {
      throw new Problem(
          HttpStatus.BAD_REQUEST,
          INVALID,
          "The " + report.key() + " report has " + errors.size() + " invalid parameter(s).",
          errors);
    }
    return new ReportParameters(report, groupBy, cohort, from, to, source, attribute);
  }

  /** The groupings a report takes, as a caller writes them. */
  static String groupings(Report report) {
    return report.groupings().stream()
        .map(x ->
            x == Report.GroupBy.ATTRIBUTE
                ? "person.NAME or company.NAME (an attribute: letters, digits, _ . -)"
                : x.key())
        .collect(Collectors.joining(", "));
  }

  private static @Nullable String single(Map<String, List<String>> raw, String name) {
    List<String> values = raw.get(name);
    if (values == null || values.isEmpty() || values.getLast() == null) {
      return null;
    }
    String value = values.getLast().trim();
    return value.isEmpty() ? null : value;
  }

  private static @Nullable Instant moment(
      Map<String, List<String>> raw, String name, List<Problem.FieldError> errors) {
    return Moments.instant(name, single(raw, name), errors);
  }
}
