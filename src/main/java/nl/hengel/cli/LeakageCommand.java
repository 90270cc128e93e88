package nl.hengel.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.hengel.access.Workspace;
import nl.hengel.handoff.Leakage;
import nl.hengel.platform.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** The leakage report on the command line: a table of groups and counts, or CSV, or JSON. */
@Command(
    name = "leakage",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reports every lead that left the funnel or stalled without an outcome, as of",
      "now, grouped by owner, source, campaign or cohort month, with counts per",
      "category. Categories (a lead may be in several):",
      "  mql-not-accepted       in mql: accept SLA breached, or for over --mql-days",
      "  not-contacted          in sal/sql, never contacted: first-contact SLA",
      "                         breached, or accepted over --contact-days ago",
      "  sal-stalled            in sal for over --sal-days",
      "  sql-stalled            in sql for over --sql-days",
      "  rejected-not-recycled  disqualified from mql or sal instead of recycled",
      "  sla-breached           an SLA clock of the lead breached",
      "  unassigned             in mql with no owner (routing could not place it)",
      "",
    })
final class LeakageCommand implements Callable<Integer> {

  /** The API's parameter names, as the options that set them are called here. */
  private static final Map<String, String> OPTIONS =
      Map.of(
          "groupBy", "--group-by",
          "category", "--category",
          "mqlDays", "--mql-days",
          "contactDays", "--contact-days",
          "salDays", "--sal-days",
          "sqlDays", "--sql-days",
          "from", "--from",
          "to", "--to",
          "limit", "--limit");

  @Spec CommandSpec spec;

  @Option(
      names = {"-w", "--workspace"},
      required = true,
      paramLabel = "SLUG",
      description = "The workspace.")
  String workspace;

  @Option(
      names = {"-g", "--group-by"},
      paramLabel = "KEY",
      defaultValue = "owner",
      description = "owner, source, campaign or cohort (month created). Default: ${DEFAULT-VALUE}.")
  String groupBy;

  @Option(
      names = {"-c", "--category"},
      paramLabel = "KEY",
      split = ",",
      description = "Only these categories (repeat or separate by commas). Default: all.")
  List<String> categories = new ArrayList<>();

  @Option(
      names = "--mql-days",
      paramLabel = "N",
      description = "Days in mql before a lead leaks. Default: 2.")
  Integer mqlDays;

  @Option(
      names = "--contact-days",
      paramLabel = "N",
      description = "Days from acceptance to leak. Default: 3.")
  Integer contactDays;

  @Option(
      names = "--sal-days",
      paramLabel = "N",
      description = "Days in sal before it stalls. Default: 14.")
  Integer salDays;

  @Option(
      names = "--sql-days",
      paramLabel = "N",
      description = "Days in sql before it stalls. Default: 60.")
  Integer sqlDays;

  @Option(
      names = "--from",
      paramLabel = "WHEN",
      description =
          "Period start, inclusive (2026-11-01 or a time with offset), on each category's moment.")
  String from;

  @Option(names = "--to", paramLabel = "WHEN", description = "Period end, exclusive.")
  String to;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "table, csv (one row per lead and category) or json. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--leads", description = "With --format table: list the leads too.")
  boolean leads;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "List at most N leads (default 1000, up to 100000).")
  Integer limit;

  @Override
  public Integer call() {
    String shape = format.trim().toLowerCase(Locale.ROOT);
    if (!List.of("table", "csv", "json").contains(shape)) {
      throw Problem.badRequest(
          "cli.invalid-format", "--format is table, csv or json, not '" + format + "'.");
    }
    Leakage.Parameters parameters = parameters();
    try (var context = Spring.offline()) {
      Workspace ws = Lookups.workspace(context, workspace);
      Leakage.Report report = context.getBean(Leakage.class).report(ws.id(), parameters);
      PrintWriter out = spec.commandLine().getOut();
      switch (shape) {
        case "csv" -> report.writeCsv(out);
        case "json" ->
            out.println(
                context
                    .getBean(JsonMapper.class)
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report));
        default -> table(out, ws, report);
      }
      out.flush();
      return 0;
    }
  }

  /** The options as the API's parameters, checked by the same rules, faults named as options. */
  private Leakage.Parameters parameters() {
    var raw = new HashMap<String, List<String>>();
    raw.put("groupBy", List.of(groupBy));
    raw.put("category", categories);
    put(raw, "mqlDays", mqlDays);
    put(raw, "contactDays", contactDays);
    put(raw, "salDays", salDays);
    put(raw, "sqlDays", sqlDays);
    put(raw, "from", from);
    put(raw, "to", to);
    put(raw, "limit", limit);
    try {
      return Leakage.Parameters.parse(raw);
    } catch (Problem p) {
      throw new Problem(
          p.status(),
          p.code(),
          p.detail(),
          p.errors().stream()
              .map(e ->
                  new Problem.FieldError(
                      OPTIONS.getOrDefault(e.pointer(), e.pointer()), e.message()))
              .toList());
    }
  }

  private static void put(Map<String, List<String>> raw, String name, Object value) {
    if (value != null) {
      raw.put(name, List.of(String.valueOf(value)));
    }
  }

  private void table(PrintWriter out, Workspace ws, Leakage.Report report) {
    var p = report.parameters();
    out.printf(
        "Leakage in %s as of %s, by %s (mql %dd, contact %dd, sal %dd, sql %dd%s)%n",
        ws.slug(),
        report.asOf().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        p.groupBy().key(),
        p.mqlDays(),
        p.contactDays(),
        p.salDays(),
        p.sqlDays(),
        (p.from() == null ? "" : ", from " + p.from()) + (p.to() == null ? "" : ", to " + p.to()));
    out.println();
    for (Leakage.CategoryCount c : report.categories()) {
      out.printf("  %-22s %6d  %s%n", c.key().key(), c.count(), c.description());
    }
    out.println();
    int keyWidth =
        Math.max(
            p.groupBy().key().length(),
            report.groups().stream().mapToInt(g -> g.key().length()).max().orElse(0));
    var header = new StringBuilder(String.format("%-" + keyWidth + "s  %6s", upper(p), "LEADS"));
    for (Leakage.Category c : p.categories()) {
      header.append("  ").append(c.key().toUpperCase(Locale.ROOT));
    }
    out.println(header.toString().stripTrailing());
    for (Leakage.Group g : report.groups()) {
      var line = new StringBuilder(String.format("%-" + keyWidth + "s  %6d", g.key(), g.leads()));
      for (Leakage.Category c : p.categories()) {
        line.append("  ")
            .append(String.format("%" + c.key().length() + "d", g.counts().get(c.key())));
      }
      out.println(line);
    }
    if (report.groups().isEmpty()) {
      out.println("(no leaking leads)");
    }
    if (leads) {
      out.println();
      out.printf(
          "%-10s %-32s %-24s %-12s %5s  %-24s %s%n",
          "PERSON", "EMAIL", "NAME", "STAGE", "DAYS", "OWNER", "CATEGORIES");
      for (Leakage.LeakingLead l : report.leads()) {
        out.printf(
            "%-10d %-32s %-24s %-12s %5d  %-24s %s%n",
            l.personId(),
            l.email() == null ? "" : l.email(),
            l.name() == null ? "" : l.name(),
            l.stage(),
            l.daysInStage(),
            l.owner() == null ? "(unassigned)" : l.owner(),
            String.join(",", l.categories().stream().map(Leakage.Category::key).toList()));
      }
      if (report.truncated()) {
        out.printf("(only the first %d leads; --limit lists more)%n", report.leads().size());
      }
    }
  }

  private static String upper(Leakage.Parameters p) {
    return p.groupBy().key().toUpperCase(Locale.ROOT);
  }
}
