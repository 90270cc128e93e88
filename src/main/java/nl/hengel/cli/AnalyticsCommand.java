package nl.hengel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.hengel.access.Workspace;
import nl.hengel.analytics.ExperienceIndex;
import nl.hengel.analytics.FunnelAnalytics;
import nl.hengel.analytics.Report;
import nl.hengel.analytics.ReportParameters;
import nl.hengel.analytics.SlaCompliance;
import nl.hengel.analytics.Velocity;
import nl.hengel.analytics.Waterfall;
import nl.hengel.platform.Problem;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** The funnel reports on the command line: a table, CSV or JSON. */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = true,
    description = {
      "Funnel analytics of a workspace over a time range: the waterfall (with won value and",
      "deal counts per owner or team), velocity, SLA compliance and the experience index",
      "(see the README's \"Funnel analytics\" for the definition of every figure; the JSON",
      "carries them too, and the notes that say what makes a figure less than it seems).",
    },
    subcommands = {
      AnalyticsCommand.WaterfallCommand.class,
      AnalyticsCommand.VelocityCommand.class,
      AnalyticsCommand.SlaCommand.class,
      AnalyticsCommand.ExperienceCommand.class,
      AnalyticsCommand.RebuildCommand.class,
    })
final class AnalyticsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The options every report takes. */
  static final class Options {
    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG",
        description = "The workspace.")
    String workspace;

    @Option(
        names = {"-g", "--group-by"},
        paramLabel = "KEY",
        description =
            "What the rows are (see the command's description). Default: the first. The"
                + " waterfall and velocity also group by an attribute: person.NAME or"
                + " company.NAME (e.g. company.sector; missing: (none)).")
    String groupBy;

    @Option(
        names = "--from",
        paramLabel = "WHEN",
        description = "Range start, inclusive: 2026-01-01 (midnight UTC) or a time with offset.")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "Range end, exclusive.")
    String to;

    @Option(
        names = {"-f", "--format"},
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    String format;
  }

  /** Runs one report with the shared options, the cohort where it has one. */
  abstract static class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Options options;

    abstract Report report();

    String cohort() {
      return null;
    }

    /** The report as a table, CSV or JSON to {@code out}. */
    abstract void print(
        FunnelAnalytics analytics,
        Workspace ws,
        ReportParameters p,
        String shape,
        PrintWriter out,
        JsonMapper json);

    @Override
    public Integer call() {
      String shape = options.format.trim().toLowerCase(Locale.ROOT);
      if (!List.of("table", "csv", "json").contains(shape)) {
        throw Problem.badRequest(
            "cli.invalid-format", "--format is table, csv or json, not '" + options.format + "'.");
      }
      ReportParameters p = parameters();
      try (ConfigurableApplicationContext context = Spring.offline()) {
        Workspace ws = Lookups.workspace(context, options.workspace);
        PrintWriter out = spec.commandLine().getOut();
        print(
            context.getBean(FunnelAnalytics.class),
            ws,
            p,
            shape,
            out,
            context.getBean(JsonMapper.class));
        out.flush();
        return 0;
      }
    }

    private ReportParameters parameters() {
      var raw = new HashMap<String, List<String>>();
      put(raw, "groupBy", options.groupBy);
      put(raw, "cohort", cohort());
      put(raw, "from", options.from);
      put(raw, "to", options.to);
      try {
        return ReportParameters.parse(report(), raw);
      } catch (Problem e) {
        Map<String, String> names =
            Map.of("groupBy", "--group-by", "cohort", "--cohort", "from", "--from", "to", "--to");
        throw new Problem(
            e.status(),
            e.code(),
            e.detail(),
            e.errors().stream()
                .map(f ->
                    new Problem.FieldError(
                        names.getOrDefault(f.pointer(), f.pointer()), f.message()))
                .toList());
      }
    }

    private static void put(Map<String, List<String>> raw, String name, String value) {
      if (value != null) {
        raw.put(name, List.of(value));
      }
    }

    static String json(JsonMapper json, Object report) {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    static String csv(java.util.function.Consumer<java.io.Writer> write) {
      var w = new StringWriter();
      write.accept(w);
      return w.toString();
    }

    static String pct(Double share) {
      return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** A duration in hours below two days, else in days: {@code 5.0h}, {@code 91.5d}. */
    static String duration(Double seconds) {
      if (seconds == null) {
        return "-";
      }
      return seconds < 48 * 3600
          ? String.format(Locale.ROOT, "%.1fh", seconds / 3600)
          : String.format(Locale.ROOT, "%.1fd", seconds / 86400);
    }

    /** {@code USD 12,345.60}; {@code mixed: EUR USD} without a single sum; "-" without deals. */
    static String money(Waterfall.DealValue v) {
      if (v.mixed()) {
        return "mixed: " + String.join(" ", v.currencies());
      }
      if (v.amount() == null) {
        return "-";
      }
      return v.currency()
          + " "
          + String.format(Locale.ROOT, "%,." + v.amount().scale() + "f", v.amount());
    }

    /**
     * Prints rows as columns as wide as their widest cell: the first left-aligned, the others
     * right-aligned, two spaces apart.
     */
    static void table(PrintWriter out, List<String[]> rows) {
      int[] widths = new int[rows.getFirst().length];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          widths[i] = Math.max(widths[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        var line = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          if (i > 0) {
            line.append("  ");
          }
          String pad = " ".repeat(widths[i] - r[i].length());
          line.append(i == 0 ? r[i] + pad : pad + r[i]);
        }
        out.println(line.toString().stripTrailing());
      }
    }

    /** The report's notes under its table, one paragraph each. */
    static void notes(PrintWriter out, List<nl.hengel.analytics.Note> notes) {
      if (notes.isEmpty()) {
        return;
      }
      out.println();
      for (nl.hengel.analytics.Note n : notes) {
        out.println("Note (" + n.code() + "): " + n.text());
      }
    }
  }

  @Command(
      name = "waterfall",
      mixinStandardHelpOptions = true,
      description = {
        "Leads that reached each stage, the conversion from stage to stage, and the value of",
        "the won deals and of the open pipeline (new, mql, sal, sql), per cohort month",
        "(default), source, campaign, owner, team, company, or an attribute (person.NAME,",
        "company.NAME). By owner or team, with --cohort closed, these are the deal counts",
        "per owner and team: won and lost per close month. Notes under the table say what",
        "makes a figure less than it seems (implied steps, undated leads, mixed currencies).",
      })
  static final class WaterfallCommand extends ReportCommand {
    @Option(
        names = "--cohort",
        paramLabel = "MOMENT",
        description =
            "created (default: the lead's creation), mql (first mql) or closed (first won, or"
                + " lost for a lead never won).")
    String cohort;

    @Override
    Report report() {
      return Report.WATERFALL;
    }

    @Override
    String cohort() {
      return cohort;
    }

    @Override
    void print(
        FunnelAnalytics analytics,
        Workspace ws,
        ReportParameters p,
        String shape,
        PrintWriter out,
        JsonMapper json) {
      Waterfall w = analytics.waterfall(ws.id(), p);
      switch (shape) {
        case "csv" -> out.print(csv(w::writeCsv));
        case "json" -> out.println(json(json, w));
        default -> {
          var rows = new java.util.ArrayList<String[]>();
          rows.add(
              new String[] {
                p.groupKey().toUpperCase(Locale.ROOT),
                "LEADS",
                "NURTURE",
                "MQL",
                "SAL",
                "SQL",
                "WON",
                "LOST",
                "DISQ",
                "L>MQL",
                "MQL>SAL",
                "SAL>SQL",
                "SQL>WON",
                "WON VALUE",
                "PIPELINE"
              });
          for (Waterfall.Row r : concat(w.rows(), w.total())) {
            rows.add(
                new String[] {
                  r.key(),
                  Long.toString(r.leads()),
                  Long.toString(r.nurture()),
                  Long.toString(r.mql()),
                  Long.toString(r.sal()),
                  Long.toString(r.sql()),
                  Long.toString(r.won()),
                  Long.toString(r.lost()),
                  Long.toString(r.disqualified()),
                  pct(r.leadToMql()),
                  pct(r.mqlToSal()),
                  pct(r.salToSql()),
                  pct(r.sqlToWon()),
                  money(r.wonValue()),
                  money(r.pipelineValue())
                });
          }
          table(out, rows);
          notes(out, w.notes());
        }
      }
    }
  }

  @Command(
      name = "velocity",
      mixinStandardHelpOptions = true,
      description = {
        "Median and 80th percentile time (hours below two days, else days) from mql to sal,",
        "sal to sql, sql to won, first touch to won, sql to lost, and the sales cycle from",
        "acceptance (sal to won, sal to lost), per cohort month (default), source, campaign,",
        "owner, team, company or an attribute (person.NAME, company.NAME), and over all",
        "leads in range ((all)). A span never starts or ends at an implied step: such leads",
        "are left out and counted under LEFT OUT; notes under the table say which.",
      })
  static final class VelocityCommand extends ReportCommand {
    @Option(
        names = "--cohort",
        paramLabel = "MOMENT",
        description =
            "created (default: the lead's creation), mql (first mql) or closed (first won, or"
                + " lost for a lead never won).")
    String cohort;

    @Override
    Report report() {
      return Report.VELOCITY;
    }

    @Override
    String cohort() {
      return cohort;
    }

    @Override
    void print(
        FunnelAnalytics analytics,
        Workspace ws,
        ReportParameters p,
        String shape,
        PrintWriter out,
        JsonMapper json) {
      Velocity v = analytics.velocity(ws.id(), p);
      switch (shape) {
        case "csv" -> out.print(csv(v::writeCsv));
        case "json" -> out.println(json(json, v));
        default -> {
          var rows = new java.util.ArrayList<String[]>();
          rows.add(
              new String[] {
                p.groupKey().toUpperCase(Locale.ROOT), "SPAN", "LEADS", "LEFT OUT", "MEDIAN", "P80"
              });
          for (Velocity.Row r : concat(v.rows(), v.total())) {
            for (Velocity.Duration d : r.spans()) {
              rows.add(
                  new String[] {
                    r.key(),
                    d.from() + " > " + d.to(),
                    Long.toString(d.leads()),
                    d.implied() == 0 ? "-" : String.format(Locale.ROOT, "%,d implied", d.implied()),
                    duration(d.medianSeconds()),
                    duration(d.p80Seconds())
                  });
            }
          }
          table(out, rows);
          notes(out, v.notes());
        }
      }
    }
  }

  @Command(
      name = "sla",
      mixinStandardHelpOptions = true,
      description = {
        "Share of accept and first-contact SLA clocks met on time, per owner (default) or",
        "team, of the clocks started in the range, as of now.",
      })
  static final class SlaCommand extends ReportCommand {
    @Override
    Report report() {
      return Report.SLA_COMPLIANCE;
    }

    @Override
    void print(
        FunnelAnalytics analytics,
        Workspace ws,
        ReportParameters p,
        String shape,
        PrintWriter out,
        JsonMapper json) {
      SlaCompliance s = analytics.slaCompliance(ws.id(), p);
      switch (shape) {
        case "csv" -> out.print(csv(s::writeCsv));
        case "json" -> out.println(json(json, s));
        default -> {
          out.printf(
              "%-32s %-13s %6s %7s %5s %7s %7s %7s%n",
              p.groupBy().key().toUpperCase(Locale.ROOT),
              "KIND",
              "CLOCKS",
              "ON-TIME",
              "LATE",
              "STOPPED",
              "RUNNING",
              "SHARE");
          for (SlaCompliance.Row r : concat(s.rows(), s.total())) {
            for (var kind : List.of("accept", "first_contact")) {
              SlaCompliance.Clocks c = kind.equals("accept") ? r.accept() : r.firstContact();
              out.printf(
                  "%-32s %-13s %6d %7d %5d %7d %7d %7s%n",
                  r.key(),
                  kind,
                  c.clocks(),
                  c.onTime(),
                  c.late(),
                  c.stopped(),
                  c.running(),
                  pct(c.share()));
            }
          }
        }
      }
    }
  }

  @Command(
      name = "experience",
      mixinStandardHelpOptions = true,
      description = {
        "The experience index: share of positive interactions (neutral is not positive),",
        "per department (default) or month.",
      })
  static final class ExperienceCommand extends ReportCommand {
    @Override
    Report report() {
      return Report.EXPERIENCE;
    }

    @Override
    void print(
        FunnelAnalytics analytics,
        Workspace ws,
        ReportParameters p,
        String shape,
        PrintWriter out,
        JsonMapper json) {
      ExperienceIndex e = analytics.experience(ws.id(), p);
      switch (shape) {
        case "csv" -> out.print(csv(e::writeCsv));
        case "json" -> out.println(json(json, e));
        default -> {
          out.printf(
              "%-12s %12s %9s %9s %9s %7s%n",
              p.groupBy().key().toUpperCase(Locale.ROOT),
              "INTERACTIONS",
              "POSITIVE",
              "NEUTRAL",
              "NEGATIVE",
              "INDEX");
          for (ExperienceIndex.Row r : concat(e.rows(), e.total())) {
            out.printf(
                "%-12s %12d %9d %9d %9d %7s%n",
                r.key(), r.interactions(), r.positive(), r.neutral(), r.negative(), pct(r.index()));
          }
        }
      }
    }
  }

  @Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      description = {
        "Recomputes the workspace's per-lead funnel rows (first entry into each stage) from",
        "its stage history. Stage changes keep them; run this after writing lead history",
        "around Hengel (bulk SQL loads, restores).",
      })
  static final class RebuildCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-w", "--workspace"},
        required = true,
        paramLabel = "SLUG",
        description = "The workspace.")
    String workspace;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext context = Spring.offline()) {
        Workspace ws = Lookups.workspace(context, workspace);
        int leads = context.getBean(FunnelAnalytics.class).rebuild(ws.id());
        spec.commandLine().getOut().printf("Rebuilt the funnel rows of %d leads.%n", leads);
        return 0;
      }
    }
  }

  static <T> List<T> concat(List<T> rows, T total) {
    var all = new java.util.ArrayList<T>(rows);
    all.add(total);
    return all;
  }
}
