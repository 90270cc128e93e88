package nl.hengel.definition.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import nl.hengel.definition.DefinitionDiff.Change;
import nl.hengel.definition.DefinitionDiff.Kind;
import nl.hengel.engine.Definition;
import nl.hengel.engine.Definition.AttributeType;
import nl.hengel.engine.Definition.BusinessHours;
import nl.hengel.engine.Definition.Cap;
import nl.hengel.engine.Definition.Rule;
import org.jspecify.annotations.Nullable;

/**
 * The changes in meaning between two parsed definitions. Rules are matched by name within their
 * section (a renamed rule is one removed and one added); conditions and the gate are compared with
 * their spacing outside string literals ignored; the order of rules does not count.
 */
public final class SemanticDiff {

  private final List<Change> changes = new ArrayList<>();

  private SemanticDiff() {}

  /** Every change from {@code a} to {@code b}, in the order of the sections in a definition. */
  public static List<Change> between(Definition a, Definition b) {
    var diff = new SemanticDiff();
    diff.compare(a, b);
    return List.copyOf(diff.changes);
  }

  private void compare(Definition a, Definition b) {
    if (!a.name().equals(b.name())) {
      add(
          Kind.NAME_CHANGED,
          "name",
          null,
          a.name(),
          b.name(),
          "name: '" + a.name() + "' → '" + b.name() + "'");
    }
    owner("marketing", a.owners().marketing(), b.owners().marketing());
    owner("sales", a.owners().sales(), b.owners().sales());
    attributes(a.attributes(), b.attributes());
    rules("fit", a.fit(), b.fit());
    Duration halfLifeA = a.engagement().halfLife();
    Duration halfLifeB = b.engagement().halfLife();
    if (!halfLifeA.equals(halfLifeB)) {
      add(
          Kind.HALF_LIFE_CHANGED,
          "engagement",
          "half_life",
          duration(halfLifeA),
          duration(halfLifeB),
          "engagement half_life: " + duration(halfLifeA) + " → " + duration(halfLifeB));
    }
    rules("engagement", a.engagement().rules(), b.engagement().rules());
    if (!normalised(a.mql()).equals(normalised(b.mql()))) {
      add(
          Kind.GATE_CHANGED,
          "mql",
          null,
          a.mql(),
          b.mql(),
          "mql gate: " + a.mql() + " → " + b.mql());
    }
    sla(a.sla(), b.sla());
    recycle(a.recycle(), b.recycle());
    contactPressure(a.contactPressure(), b.contactPressure());
  }

  private void owner(String side, String a, String b) {
    if (!a.equals(b)) {
      add(Kind.OWNER_CHANGED, "owners", side, a, b, side + " owner: " + a + " → " + b);
    }
  }

  private void attributes(Map<String, AttributeType> a, Map<String, AttributeType> b) {
    a.forEach((name, type) -> {
      AttributeType now = b.get(name);
      if (now == null) {
        add(
            Kind.ATTRIBUTE_REMOVED,
            "attributes",
            name,
            key(type),
            null,
            "attribute " + name + " (" + key(type) + ") removed");
      } else if (now != type) {
        add(
            Kind.ATTRIBUTE_TYPE_CHANGED,
            "attributes",
            name,
            key(type),
            key(now),
            "attribute " + name + ": " + key(type) + " → " + key(now));
      }
    });
    b.forEach((name, type) -> {
      if (!a.containsKey(name)) {
        add(
            Kind.ATTRIBUTE_ADDED,
            "attributes",
            name,
            null,
            key(type),
            "attribute " + name + " (" + key(type) + ") added");
      }
    });
  }

  private void rules(String section, List<Rule> a, List<Rule> b) {
    Map<String, Rule> before = byName(a);
    Map<String, Rule> after = byName(b);
    before.forEach((name, old) -> {
      Rule now = after.get(name);
      String label = section + " rule '" + name + "'";
      if (now == null) {
        add(
            Kind.RULE_REMOVED,
            section,
            name,
            rule(old),
            null,
            label + " removed (was " + rule(old) + ")");
        return;
      }
      if (old.points() != now.points()) {
        add(
            Kind.POINTS_CHANGED,
            section,
            name,
            String.valueOf(old.points()),
            String.valueOf(now.points()),
            label + ": points " + old.points() + " → " + now.points());
      }
      if (!normalised(old.when()).equals(normalised(now.when()))) {
        add(
            Kind.CONDITION_CHANGED,
            section,
            name,
            old.when(),
            now.when(),
            label + ": when " + old.when() + " → " + now.when());
      }
      if (!Objects.equals(old.maxPer(), now.maxPer())) {
        add(
            Kind.CAP_CHANGED,
            section,
            name,
            cap(old.maxPer()),
            cap(now.maxPer()),
            label + ": max_per " + capOrNone(old.maxPer()) + " → " + capOrNone(now.maxPer()));
      }
    });
    after.forEach((name, now) -> {
      if (!before.containsKey(name)) {
        add(
            Kind.RULE_ADDED,
            section,
            name,
            null,
            rule(now),
            section + " rule '" + name + "' added: " + rule(now));
      }
    });
  }

  private void sla(Definition.@Nullable Sla a, Definition.@Nullable Sla b) {
    if (a == null && b == null) {
      return;
    }
    if (a == null || b == null) {
      String before = a == null ? null : sla(a);
      String after = b == null ? null : sla(b);
      add(
          Kind.SLA_CHANGED,
          "sla",
          null,
          before,
          after,
          b == null ? "sla removed (was " + before + ")" : "sla added: " + after);
      return;
    }
    field(
        Kind.SLA_CHANGED,
        "sla",
        "accept_within",
        duration(a.acceptWithin()),
        duration(b.acceptWithin()));
    field(
        Kind.SLA_CHANGED,
        "sla",
        "first_contact_within",
        duration(a.firstContactWithin()),
        duration(b.firstContactWithin()));
    BusinessHours ha = a.businessHours();
    BusinessHours hb = b.businessHours();
    field(Kind.SLA_CHANGED, "sla", "business_hours.zone", ha.zone().getId(), hb.zone().getId());
    field(Kind.SLA_CHANGED, "sla", "business_hours.days", days(ha), days(hb));
    field(
        Kind.SLA_CHANGED, "sla", "business_hours.from", ha.from().toString(), hb.from().toString());
    field(Kind.SLA_CHANGED, "sla", "business_hours.to", ha.to().toString(), hb.to().toString());
    field(Kind.SLA_CHANGED, "sla", "business_hours.holidays", holidays(ha), holidays(hb));
  }

  private void recycle(Definition.@Nullable Recycle a, Definition.@Nullable Recycle b) {
    if (a == null && b == null) {
      return;
    }
    if (a == null || b == null) {
      String before = a == null ? null : recycle(a);
      String after = b == null ? null : recycle(b);
      add(
          Kind.RECYCLE_CHANGED,
          "recycle",
          null,
          before,
          after,
          b == null ? "recycle removed (was " + before + ")" : "recycle added: " + after);
      return;
    }
    field(Kind.RECYCLE_CHANGED, "recycle", "on_reject", a.onReject(), b.onReject());
    field(
        Kind.RECYCLE_CHANGED,
        "recycle",
        "min_nurture",
        duration(a.minNurture()),
        duration(b.minNurture()));
  }

  private void contactPressure(
      Definition.@Nullable ContactPressure a, Definition.@Nullable ContactPressure b) {
    String before = a == null ? null : String.valueOf(a.marketingPerWeek());
    String after = b == null ? null : String.valueOf(b.marketingPerWeek());
    if (!Objects.equals(before, after)) {
      add(
          Kind.CONTACT_PRESSURE_CHANGED,
          "contact_pressure",
          "marketing_per_week",
          before,
          after,
          "contact_pressure marketing_per_week: "
              + (before == null ? "none" : before)
              + " → "
              + (after == null ? "none" : after));
    }
  }

  private void field(Kind kind, String section, String name, String before, String after) {
    if (!before.equals(after)) {
      add(kind, section, name, before, after, section + " " + name + ": " + before + " → " + after);
    }
  }

  private void add(
      Kind kind,
      String section,
      @Nullable String name,
      @Nullable String before,
      @Nullable String after,
      String summary) {
    changes.add(new Change(kind, section, name, before, after, summary));
  }

  // ---------------------------------------------------------------- rendering

  private static Map<String, Rule> byName(List<Rule> rules) {
    var map = new LinkedHashMap<String, Rule>();
    rules.forEach(r -> map.putIfAbsent(r.name(), r));
    return map;
  }

  private static String rule(Rule r) {
    return r.points()
        + " points when "
        + r.when()
        + (r.maxPer() == null ? "" : ", at most " + cap(r.maxPer()));
  }

  private static @Nullable String cap(@Nullable Cap cap) {
    return cap == null ? null : cap.count() + " per " + duration(cap.window());
  }

  private static String capOrNone(@Nullable Cap cap) {
    return cap == null ? "none" : cap(cap);
  }

  private static String sla(Definition.Sla s) {
    BusinessHours h = s.businessHours();
    return "accept within "
        + duration(s.acceptWithin())
        + ", first contact within "
        + duration(s.firstContactWithin())
        + ", business hours "
        + days(h)
        + " "
        + h.from()
        + "-"
        + h.to()
        + " "
        + h.zone().getId()
        + (h.holidays().isEmpty() ? "" : ", holidays " + holidays(h));
  }

  private static String recycle(Definition.Recycle r) {
    return "on reject " + r.onReject() + ", nurture at least " + duration(r.minNurture());
  }

  private static String days(BusinessHours h) {
    return h.days().stream()
        .sorted()
        .map(DayOfWeek::name)
        .map(d -> d.substring(0, 3))
        .collect(Collectors.joining(","));
  }

  private static String holidays(BusinessHours h) {
    return h.holidays().stream()
        .sorted()
        .map(Object::toString)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String key(AttributeType type) {
    return type.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A duration as written in a definition: {@code 30d}, {@code 8h}, {@code 90m}, {@code 45s}. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /**
   * An expression with the spacing outside string literals removed where it does not separate two
   * words ({@code a in b} keeps its spaces, {@code a >= 1} becomes {@code a>=1}), for comparing
   * meaning.
   */
  static String normalised(String expression) {
    var sb = new StringBuilder(expression.length());
    char quote = 0;
    boolean space = false;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (quote != 0) {
        sb.append(c);
        if (c == '\\' && i + 1 < expression.length()) {
          sb.append(expression.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        space = true;
        continue;
      }
      if (space && !sb.isEmpty() && word(sb.charAt(sb.length() - 1)) && word(c)) {
        sb.append(' ');
      }
      space = false;
      if (c == '\'' || c == '"') {
        quote = c;
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static boolean word(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
