package nl.hengel.engine.internal;

import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.hengel.engine.Definition;
import nl.hengel.engine.Definition.AttributeType;
import nl.hengel.engine.Definition.Position;
import nl.hengel.engine.LintIssue;
import nl.hengel.engine.LintIssue.Severity;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a lead definition from YAML into a {@link Definition}, reporting every structural fault
 * with the line and column it is at. Reads as much as it can past a fault, so one run shows all of
 * them; the definition it returns is only meant to be used when no error was reported.
 */
public final class DefinitionReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");
  private static final Set<String> TOP =
      Set.of(
          "name",
          "owners",
          "attributes",
          "fit",
          "engagement",
          "mql",
          "sla",
          "recycle",
          "contact_pressure");

  private final List<LintIssue> issues = new ArrayList<>();

  /** A read definition (meaningful only without errors) and what was found on the way. */
  public record Result(Definition definition, List<LintIssue> issues, Position mqlPosition) {}

  private Position mqlPosition = Position.UNKNOWN;

  private DefinitionReader() {}

  public static Result read(String yaml) {
    return new DefinitionReader().readAll(yaml);
  }

  private Result readAll(String yaml) {
    Node root;
    try {
      var options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      root =
          new Yaml(
                  new SafeConstructor(options),
                  new org.yaml.snakeyaml.representer.Representer(new DumperOptions()),
                  new DumperOptions(),
                  options)
              .compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      issue(mark, Severity.ERROR, "definition.lint.yaml-syntax", "YAML syntax: " + problem);
      return new Result(empty(), issues, mqlPosition);
    } catch (RuntimeException e) {
      issues.add(
          new LintIssue(
              1,
              1,
              Severity.ERROR,
              "definition.lint.yaml-syntax",
              "YAML syntax: " + e.getMessage()));
      return new Result(empty(), issues, mqlPosition);
    }
    if (!(root instanceof MappingNode top)) {
      issues.add(
          new LintIssue(
              1,
              1,
              Severity.ERROR,
              "definition.lint.not-a-mapping",
              "a lead definition is a YAML mapping with name, owners, fit, engagement and mql"));
      return new Result(empty(), issues, mqlPosition);
    }
    Map<String, NodeTuple> fields = fields(top, TOP, "");
    String name = scalar(fields, "name", top, true, "");
    Definition.Owners owners = owners(fields.get("owners"), top);
    Map<String, AttributeType> attributes = attributes(fields.get("attributes"));
    List<Definition.Rule> fit = rules(fields.get("fit"), "fit", false);
    Definition.Engagement engagement = engagement(fields.get("engagement"), top);
    String mql = "";
    NodeTuple mqlTuple = fields.get("mql");
    if (mqlTuple == null) {
      issue(
          top.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "'mql' is missing: the gate a lead must pass, e.g. \"fit >= 20 && engagement >= 15\"");
    } else if (mqlTuple.getValueNode() instanceof ScalarNode s && !s.getValue().isBlank()) {
      mql = s.getValue();
      mqlPosition = expressionStart(s);
    } else {
      issue(
          mqlTuple.getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-value",
          "'mql' must be a CEL expression");
    }
    checkDuplicateNames(fit, engagement.rules());
    var definition =
        new Definition(
            name,
            owners,
            attributes,
            fit,
            engagement,
            mql,
            sla(fields.get("sla")),
            recycle(fields.get("recycle")),
            contactPressure(fields.get("contact_pressure")));
    return new Result(definition, issues, mqlPosition);
  }

  private static Definition empty() {
    return new Definition(
        "",
        new Definition.Owners("", ""),
        Map.of(),
        List.of(),
        new Definition.Engagement(Duration.ofDays(30), List.of()),
        "",
        null,
        null,
        null);
  }

  private Definition.Owners owners(@Nullable NodeTuple tuple, MappingNode parent) {
    if (tuple == null) {
      issue(
          parent.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-owner",
          "'owners' is missing: name one marketing and one sales owner, e.g. owners: { marketing: anna@acme.example, sales: bram@acme.example }");
      return new Definition.Owners("", "");
    }
    MappingNode map = mapping(tuple, "'owners' must be a mapping with marketing and sales");
    if (map == null) {
      return new Definition.Owners("", "");
    }
    Map<String, NodeTuple> f = fields(map, Set.of("marketing", "sales"), "owners.");
    String marketing = ownerEmail(f.get("marketing"), map, "marketing");
    String sales = ownerEmail(f.get("sales"), map, "sales");
    if (!marketing.isEmpty() && marketing.equals(sales)) {
      issue(
          f.get("sales").getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.same-owner",
          "the marketing and the sales owner must be two different people");
    }
    return new Definition.Owners(marketing, sales);
  }

  private String ownerEmail(@Nullable NodeTuple tuple, MappingNode parent, String side) {
    if (tuple == null
        || !(tuple.getValueNode() instanceof ScalarNode s)
        || s.getValue().isBlank()) {
      issue(
          tuple == null ? parent.getStartMark() : tuple.getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-owner",
          "the " + side + " owner is missing: give their e-mail address");
      return "";
    }
    String email = s.getValue().trim().toLowerCase(Locale.ROOT);
    if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      issue(
          s.getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-owner",
          "the " + side + " owner '" + s.getValue() + "' is not an e-mail address");
    }
    return email;
  }

  private Map<String, AttributeType> attributes(@Nullable NodeTuple tuple) {
    var result = new LinkedHashMap<String, AttributeType>();
    if (tuple == null) {
      return result;
    }
    MappingNode map =
        mapping(
            tuple,
            "'attributes' maps person and company to their attributes and types, e.g. company: { industry: string }");
    if (map == null) {
      return result;
    }
    Map<String, NodeTuple> owners = fields(map, Set.of("person", "company"), "attributes.");
    owners.forEach((owner, t) -> {
      if (!(t.getValueNode() instanceof MappingNode attrs)) {
        issue(
            t.getValueNode().getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-value",
            "attributes." + owner + " must be a mapping of attribute: type");
        return;
      }
      for (NodeTuple a : attrs.getValue()) {
        String key = ((ScalarNode) a.getKeyNode()).getValue();
        if (!key.matches("[a-z][a-z0-9_]*")) {
          issue(
              a.getKeyNode().getStartMark(),
              Severity.ERROR,
              "definition.lint.invalid-attribute",
              "attribute name '" + key + "' must be lower_snake_case");
          continue;
        }
        AttributeType type =
            a.getValueNode() instanceof ScalarNode s ? AttributeType.parse(s.getValue()) : null;
        if (type == null) {
          issue(
              a.getValueNode().getStartMark(),
              Severity.ERROR,
              "definition.lint.invalid-attribute-type",
              "attribute "
                  + owner
                  + "."
                  + key
                  + " needs a type: string, int, double, bool or list");
          continue;
        }
        result.put(owner + "." + key, type);
      }
    });
    return result;
  }

  private Definition.Engagement engagement(@Nullable NodeTuple tuple, MappingNode parent) {
    if (tuple == null) {
      issue(
          parent.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "'engagement' is missing: half_life and rules");
      return new Definition.Engagement(Duration.ofDays(30), List.of());
    }
    MappingNode map = mapping(tuple, "'engagement' must be a mapping with half_life and rules");
    if (map == null) {
      return new Definition.Engagement(Duration.ofDays(30), List.of());
    }
    Map<String, NodeTuple> f = fields(map, Set.of("half_life", "rules"), "engagement.");
    Duration halfLife = Duration.ofDays(30);
    if (f.get("half_life") == null) {
      issue(
          map.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "engagement.half_life is missing, e.g. half_life: 30d");
    } else {
      Duration d = duration(f.get("half_life").getValueNode(), "engagement.half_life");
      if (d != null) {
        halfLife = d;
      }
    }
    if (f.get("rules") == null) {
      issue(
          map.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "engagement.rules is missing");
    }
    return new Definition.Engagement(halfLife, rules(f.get("rules"), "engagement", true));
  }

  private List<Definition.Rule> rules(
      @Nullable NodeTuple tuple, String section, boolean capsAllowed) {
    var rules = new ArrayList<Definition.Rule>();
    if (tuple == null) {
      return rules;
    }
    if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
      issue(
          tuple.getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-value",
          section
              + " rules are a list of { name, when, points"
              + (capsAllowed ? ", max_per" : "")
              + " }");
      return rules;
    }
    Set<String> allowed =
        capsAllowed
            ? Set.of("name", "when", "points", "max_per")
            : Set.of("name", "when", "points");
    for (Node item : seq.getValue()) {
      if (!(item instanceof MappingNode rule)) {
        issue(
            item.getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-value",
            "a rule is a mapping { name, when, points }");
        continue;
      }
      Map<String, NodeTuple> f = fields(rule, allowed, section + " rule ");
      String name = scalar(f, "name", rule, true, section + " rule ");
      String when = "";
      Position position = Position.UNKNOWN;
      NodeTuple whenTuple = f.get("when");
      if (whenTuple == null) {
        issue(
            rule.getStartMark(),
            Severity.ERROR,
            "definition.lint.missing-field",
            "rule '" + name + "' has no 'when' condition");
      } else if (whenTuple.getValueNode() instanceof ScalarNode s && !s.getValue().isBlank()) {
        when = s.getValue();
        position = expressionStart(s);
      } else {
        issue(
            whenTuple.getValueNode().getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-value",
            "'when' must be a CEL expression");
      }
      long points = 0;
      NodeTuple pointsTuple = f.get("points");
      if (pointsTuple == null) {
        issue(
            rule.getStartMark(),
            Severity.ERROR,
            "definition.lint.missing-field",
            "rule '" + name + "' has no 'points'");
      } else {
        try {
          points = Long.parseLong(((ScalarNode) pointsTuple.getValueNode()).getValue().trim());
          if (Math.abs(points) > 1_000_000) {
            issue(
                pointsTuple.getValueNode().getStartMark(),
                Severity.ERROR,
                "definition.lint.invalid-points",
                "points must be between -1000000 and 1000000");
          }
        } catch (RuntimeException e) {
          issue(
              pointsTuple.getValueNode().getStartMark(),
              Severity.ERROR,
              "definition.lint.invalid-points",
              "points of rule '" + name + "' must be a whole number, e.g. 10 or -20");
        }
      }
      Definition.Cap cap = null;
      if (f.get("max_per") != null) {
        cap = cap(f.get("max_per"), name);
      }
      rules.add(new Definition.Rule(name, when, points, cap, position));
    }
    return rules;
  }

  private Definition.@Nullable Cap cap(NodeTuple tuple, String rule) {
    MappingNode map = mapping(tuple, "max_per is { count: N, window: 30d }");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> f = fields(map, Set.of("count", "window"), "max_per.");
    Integer count = null;
    if (f.get("count") == null) {
      issue(
          map.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "max_per of rule '" + rule + "' needs a count");
    } else {
      try {
        count = Integer.parseInt(((ScalarNode) f.get("count").getValueNode()).getValue().trim());
        if (count < 1) {
          throw new NumberFormatException();
        }
      } catch (RuntimeException e) {
        issue(
            f.get("count").getValueNode().getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-value",
            "max_per.count must be a whole number of at least 1");
        count = null;
      }
    }
    Duration window = null;
    if (f.get("window") == null) {
      issue(
          map.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "max_per of rule '" + rule + "' needs a window, e.g. 30d");
    } else {
      window = duration(f.get("window").getValueNode(), "max_per.window");
    }
    return count == null || window == null ? null : new Definition.Cap(count, window);
  }

  private Definition.@Nullable Sla sla(@Nullable NodeTuple tuple) {
    if (tuple == null) {
      return null;
    }
    MappingNode map = mapping(tuple, "'sla' must be a mapping");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> f =
        fields(map, Set.of("accept_within", "first_contact_within", "business_hours"), "sla.");
    Duration accept =
        f.get("accept_within") == null
            ? missing(map, "sla.accept_within")
            : duration(f.get("accept_within").getValueNode(), "sla.accept_within");
    Duration contact =
        f.get("first_contact_within") == null
            ? missing(map, "sla.first_contact_within")
            : duration(f.get("first_contact_within").getValueNode(), "sla.first_contact_within");
    Definition.BusinessHours hours =
        f.get("business_hours") == null ? null : businessHours(f.get("business_hours"));
    if (f.get("business_hours") == null) {
      issue(
          map.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "sla.business_hours is missing: zone, days, from, to");
    }
    return accept == null || contact == null || hours == null
        ? null
        : new Definition.Sla(accept, contact, hours);
  }

  private Definition.@Nullable BusinessHours businessHours(NodeTuple tuple) {
    MappingNode map = mapping(tuple, "business_hours is { zone, days, from, to, holidays }");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> f =
        fields(map, Set.of("zone", "days", "from", "to", "holidays"), "business_hours.");
    ZoneId zone = null;
    String zoneText = scalar(f, "zone", map, true, "business_hours.");
    if (!zoneText.isEmpty()) {
      try {
        zone = ZoneId.of(zoneText);
      } catch (DateTimeException e) {
        issue(
            f.get("zone").getValueNode().getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-zone",
            "unknown time zone '" + zoneText + "', e.g. Europe/Amsterdam");
      }
    }
    Set<DayOfWeek> days = f.get("days") == null ? null : days(f.get("days").getValueNode());
    if (f.get("days") == null) {
      issue(
          map.getStartMark(),
          Severity.ERROR,
          "definition.lint.missing-field",
          "business_hours.days is missing, e.g. MON-FRI");
    }
    LocalTime from = time(f, "from", map);
    LocalTime to = time(f, "to", map);
    if (from != null && to != null && !from.isBefore(to)) {
      issue(
          f.get("to").getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-hours",
          "business hours end (" + to + ") must be after they start (" + from + ")");
    }
    var holidays = new ArrayList<LocalDate>();
    if (f.get("holidays") != null) {
      if (f.get("holidays").getValueNode() instanceof SequenceNode seq) {
        for (Node n : seq.getValue()) {
          try {
            holidays.add(LocalDate.parse(((ScalarNode) n).getValue().trim()));
          } catch (RuntimeException e) {
            issue(
                n.getStartMark(),
                Severity.ERROR,
                "definition.lint.invalid-date",
                "a holiday is a date like 2026-12-25");
          }
        }
      } else {
        issue(
            f.get("holidays").getValueNode().getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-value",
            "holidays is a list of dates");
      }
    }
    return zone == null || days == null || from == null || to == null
        ? null
        : new Definition.BusinessHours(zone, days, from, to, List.copyOf(holidays));
  }

  private @Nullable Set<DayOfWeek> days(Node node) {
    var result = EnumSet.noneOf(DayOfWeek.class);
    List<String> parts = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      seq.getValue().forEach(n -> parts.add(n instanceof ScalarNode s ? s.getValue() : "?"));
    } else if (node instanceof ScalarNode s) {
      parts.addAll(List.of(s.getValue().split(",")));
    }
    for (String part : parts) {
      String p = part.trim().toUpperCase(Locale.ROOT);
      String[] range = p.split("-");
      DayOfWeek a = day(range[0]);
      DayOfWeek b = range.length == 2 ? day(range[1]) : a;
      if (a == null || b == null || range.length > 2) {
        issue(
            node.getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-days",
            "days are like MON-FRI or [MON, TUE, THU]; '" + part.trim() + "' is not");
        return null;
      }
      for (DayOfWeek d = a; ; d = d.plus(1)) {
        result.add(d);
        if (d == b) {
          break;
        }
      }
    }
    if (result.isEmpty()) {
      issue(
          node.getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-days",
          "business_hours.days names no day, so the SLA clock would never run; e.g. MON-FRI");
      return null;
    }
    return result;
  }

  private static @Nullable DayOfWeek day(String text) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(text) && text.length() >= 2) {
        return d;
      }
    }
    return null;
  }

  private @Nullable LocalTime time(Map<String, NodeTuple> f, String key, MappingNode parent) {
    String text = scalar(f, key, parent, true, "business_hours.");
    if (text.isEmpty()) {
      return null;
    }
    try {
      return LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeParseException e) {
      issue(
          f.get(key).getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-time",
          "business_hours." + key + " '" + text + "' is not a time like 09:00");
      return null;
    }
  }

  private Definition.@Nullable Recycle recycle(@Nullable NodeTuple tuple) {
    if (tuple == null) {
      return null;
    }
    MappingNode map = mapping(tuple, "'recycle' is { on_reject: nurture, min_nurture: 30d }");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> f = fields(map, Set.of("on_reject", "min_nurture"), "recycle.");
    String onReject = scalar(f, "on_reject", map, true, "recycle.");
    // Sales' rejection recycles a lead to nurture; the lifecycle knows no other target.
    if (!onReject.isEmpty() && !onReject.equals("nurture")) {
      issue(
          f.get("on_reject").getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-value",
          "recycle.on_reject is nurture: a rejected lead is recycled to nurture");
    }
    Duration min =
        f.get("min_nurture") == null
            ? missing(map, "recycle.min_nurture")
            : duration(f.get("min_nurture").getValueNode(), "recycle.min_nurture");
    return min == null || onReject.isEmpty() ? null : new Definition.Recycle(onReject, min);
  }

  private Definition.@Nullable ContactPressure contactPressure(@Nullable NodeTuple tuple) {
    if (tuple == null) {
      return null;
    }
    MappingNode map = mapping(tuple, "'contact_pressure' is { marketing_per_week: N }");
    if (map == null) {
      return null;
    }
    Map<String, NodeTuple> f = fields(map, Set.of("marketing_per_week"), "contact_pressure.");
    String text = scalar(f, "marketing_per_week", map, true, "contact_pressure.");
    try {
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return new Definition.ContactPressure(n);
    } catch (NumberFormatException e) {
      if (!text.isEmpty()) {
        issue(
            f.get("marketing_per_week").getValueNode().getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-value",
            "contact_pressure.marketing_per_week must be a whole number of 0 or more");
      }
      return null;
    }
  }

  private void checkDuplicateNames(List<Definition.Rule> fit, List<Definition.Rule> engagement) {
    var seen = new HashMap<String, Definition.Rule>();
    var all = new ArrayList<Definition.Rule>(fit);
    all.addAll(engagement);
    for (Definition.Rule r : all) {
      if (r.name().isEmpty()) {
        continue;
      }
      Definition.Rule first = seen.putIfAbsent(r.name().toLowerCase(Locale.ROOT), r);
      if (first != null) {
        issues.add(
            new LintIssue(
                r.position().line(),
                Math.max(1, r.position().column()),
                Severity.ERROR,
                "definition.lint.duplicate-rule",
                "rule name '"
                    + r.name()
                    + "' is used twice (first on line "
                    + first.position().line()
                    + "); explanations need unique names"));
      }
    }
  }

  private @Nullable Duration missing(MappingNode parent, String field) {
    issue(
        parent.getStartMark(),
        Severity.ERROR,
        "definition.lint.missing-field",
        field + " is missing");
    return null;
  }

  private @Nullable Duration duration(Node node, String field) {
    String text = node instanceof ScalarNode s ? s.getValue().trim() : "";
    Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
          };
      if (d.isZero()) {
        issue(
            node.getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-duration",
            field + " must be longer than zero");
        return null;
      }
      return d;
    }
    issue(
        node.getStartMark(),
        Severity.ERROR,
        "definition.lint.invalid-duration",
        field
            + " '"
            + text
            + "' is not a duration: a whole number with s, m, h, d or w, e.g. 30d or 8h");
    return null;
  }

  private String scalar(
      Map<String, NodeTuple> f, String key, MappingNode parent, boolean required, String prefix) {
    NodeTuple t = f.get(key);
    if (t == null) {
      if (required) {
        issue(
            parent.getStartMark(),
            Severity.ERROR,
            "definition.lint.missing-field",
            "'" + prefix + key + "' is missing");
      }
      return "";
    }
    if (!(t.getValueNode() instanceof ScalarNode s)) {
      issue(
          t.getValueNode().getStartMark(),
          Severity.ERROR,
          "definition.lint.invalid-value",
          "'" + prefix + key + "' must be a single value");
      return "";
    }
    return s.getValue().trim();
  }

  /**
   * The mapping a field holds, or null (reported as {@code expected}) when it holds something else.
   */
  private @Nullable MappingNode mapping(NodeTuple tuple, String expected) {
    if (tuple.getValueNode() instanceof MappingNode map) {
      return map;
    }
    issue(
        tuple.getValueNode().getStartMark(),
        Severity.ERROR,
        "definition.lint.invalid-value",
        expected);
    return null;
  }

  /** The fields of a mapping by key; unknown keys are reported (with the allowed ones). */
  private Map<String, NodeTuple> fields(MappingNode map, Set<String> allowed, String prefix) {
    var result = new LinkedHashMap<String, NodeTuple>();
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) {
        issue(
            t.getKeyNode().getStartMark(),
            Severity.ERROR,
            "definition.lint.invalid-key",
            "keys must be plain names");
        continue;
      }
      if (!allowed.contains(key.getValue())) {
        issue(
            key.getStartMark(),
            Severity.ERROR,
            "definition.lint.unknown-key",
            "unknown key '"
                + prefix
                + key.getValue()
                + "'; expected one of "
                + allowed.stream().sorted().toList());
        continue;
      }
      NodeTuple earlier = result.putIfAbsent(key.getValue(), t);
      if (earlier != null) {
        issue(
            key.getStartMark(),
            Severity.ERROR,
            "definition.lint.duplicate-key",
            "duplicate key '"
                + prefix
                + key.getValue()
                + "' (first on line "
                + (earlier.getKeyNode().getStartMark().getLine() + 1)
                + ")");
      }
    }
    return result;
  }

  /** Where the expression text of a scalar begins: past the opening quote of a quoted scalar. */
  private static Position expressionStart(ScalarNode s) {
    Mark mark = s.getStartMark();
    int offset =
        switch (s.getScalarStyle()) {
          case DOUBLE_QUOTED, SINGLE_QUOTED -> 1;
          default -> 0;
        };
    return new Position(mark.getLine() + 1, mark.getColumn() + 1 + offset);
  }

  private void issue(@Nullable Mark mark, Severity severity, String code, String message) {
    issues.add(
        new LintIssue(
            mark == null ? 1 : mark.getLine() + 1,
            mark == null ? 1 : mark.getColumn() + 1,
            severity,
            code,
            message));
  }
}
