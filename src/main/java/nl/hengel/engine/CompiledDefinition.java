package nl.hengel.engine;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.hengel.engine.Definition.AttributeType;
import nl.hengel.engine.Definition.Position;
import nl.hengel.engine.LintIssue.Severity;
import nl.hengel.engine.internal.CelMatcher;
import nl.hengel.engine.internal.Ctx;
import nl.hengel.engine.internal.FastMatcher;
import nl.hengel.engine.internal.FastPath;
import org.jspecify.annotations.Nullable;

/**
 * A lead definition made ready to fold: every expression type-checked by CEL against the declared
 * variables, compiled to a plain Java predicate where it has a common shape (else to a CEL
 * program), and the engagement rules indexed by the event types they can match. Immutable and
 * thread-safe; build one per definition version and share it.
 */
public final class CompiledDefinition {

  static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** A compiled rule: its definition, its condition, and its place in the explanation. */
  record CompiledRule(int index, Definition.Rule rule, nl.hengel.engine.internal.Matcher matcher) {}

  /** One part of the gate (a top-level {@code &&} operand), checked and explained on its own. */
  record GatePart(
      String expression, nl.hengel.engine.internal.Matcher matcher, List<String> variables) {}

  private final Definition definition;
  private final Map<String, AttributeType> attributeTypes;
  private final Map<String, Function<Ctx, Object>> variables;
  final CompiledRule[] fit;
  final CompiledRule[] engagement;
  final Map<String, CompiledRule[]> byType;
  final CompiledRule[] anyType;
  final GatePart[] gate;
  final double halfLifeMillis;
  final long maxFit;

  private CompiledDefinition(
      Definition definition,
      Map<String, AttributeType> attributeTypes,
      Map<String, Function<Ctx, Object>> variables,
      CompiledRule[] fit,
      CompiledRule[] engagement,
      GatePart[] gate,
      Map<Integer, Set<String>> typesByRule) {
    this.definition = definition;
    this.attributeTypes = attributeTypes;
    this.variables = variables;
    this.fit = fit;
    this.engagement = engagement;
    this.gate = gate;
    this.halfLifeMillis = definition.engagement().halfLife().toMillis();
    this.maxFit = definition.fit().stream().mapToLong(r -> Math.max(0, r.points())).sum();
    var typed = new HashMap<String, List<CompiledRule>>();
    var any = new ArrayList<CompiledRule>();
    for (CompiledRule rule : engagement) {
      Set<String> types = typesByRule.get(rule.index());
      if (types == null) {
        any.add(rule);
      } else {
        types.forEach(t -> typed.computeIfAbsent(t, k -> new ArrayList<>()).add(rule));
      }
    }
    // A rule that may match any type joins every typed list, keeping definition order.
    var index = new HashMap<String, CompiledRule[]>();
    typed.forEach((type, rules) -> {
      var all = new ArrayList<>(rules);
      all.addAll(any);
      all.sort(java.util.Comparator.comparingInt(CompiledRule::index));
      index.put(type, all.toArray(CompiledRule[]::new));
    });
    this.byType = Map.copyOf(index);
    this.anyType = any.toArray(CompiledRule[]::new);
  }

  /** The definition this was compiled from. */
  public Definition definition() {
    return definition;
  }

  /** Every person and company attribute the expressions may use, with its type. */
  public Map<String, AttributeType> attributeTypes() {
    return attributeTypes;
  }

  Map<String, Function<Ctx, Object>> variables() {
    return variables;
  }

  /**
   * The outcome of compiling: the compiled definition when there was no error, and every finding.
   */
  public record Compilation(Optional<CompiledDefinition> compiled, List<LintIssue> issues) {}

  /**
   * Compiles a definition read by {@link Lint}; {@code mqlPosition} is where the gate's text starts
   * in the YAML, {@code knownTypes} the interaction types sources send (for "never matches"
   * warnings).
   */
  public static Compilation compile(
      Definition definition, Position mqlPosition, Set<String> knownTypes) {
    return compile(definition, mqlPosition, knownTypes, true);
  }

  /** As above; without {@code fastPath} every condition runs in CEL (tests compare the two). */
  static Compilation compile(
      Definition definition, Position mqlPosition, Set<String> knownTypes, boolean fastPath) {
    var issues = new ArrayList<LintIssue>();
    var attributeTypes = new LinkedHashMap<String, AttributeType>(Variables.DEFAULT_ATTRIBUTES);
    attributeTypes.putAll(definition.attributes());
    Map<String, Function<Ctx, Object>> variables = accessors(attributeTypes);

    CelCompiler fitEnv = environment(attributeTypes, false, false);
    CelCompiler eventEnv = environment(attributeTypes, true, false);
    CelCompiler gateEnv = environment(attributeTypes, false, true);

    var fit = new ArrayList<CompiledRule>();
    int index = 0;
    for (Definition.Rule rule : definition.fit()) {
      CelAbstractSyntaxTree ast =
          check(
              fitEnv,
              rule.when(),
              rule.position(),
              "fit rule '" + rule.name() + "'",
              "fit",
              issues);
      if (ast != null) {
        fit.add(new CompiledRule(index, rule, matcher(ast, variables, fastPath)));
      }
      index++;
    }
    var engagement = new ArrayList<CompiledRule>();
    var types = new HashMap<Integer, Set<String>>();
    index = 0;
    for (Definition.Rule rule : definition.engagement().rules()) {
      CelAbstractSyntaxTree ast =
          check(
              eventEnv,
              rule.when(),
              rule.position(),
              "engagement rule '" + rule.name() + "'",
              "engagement",
              issues);
      if (ast != null) {
        engagement.add(new CompiledRule(index, rule, matcher(ast, variables, fastPath)));
        Set<String> matched = FastPath.eventTypes(ast.getExpr());
        if (matched != null) {
          types.put(index, Set.copyOf(matched));
          neverMatches(rule, matched, knownTypes, issues);
        }
      }
      index++;
    }
    var gate = new ArrayList<GatePart>();
    if (!definition.mql().isBlank()) {
      for (Part part : splitConjunction(definition.mql())) {
        Position at = shift(mqlPosition, part.offset());
        CelAbstractSyntaxTree ast = check(gateEnv, part.text(), at, "the mql gate", "gate", issues);
        if (ast != null) {
          gate.add(
              new GatePart(
                  part.text(),
                  matcher(ast, variables, fastPath),
                  referenced(part.text(), variables.keySet())));
          impossible(part.text(), at, definition, issues);
        }
      }
    }
    if (issues.stream().anyMatch(LintIssue::isError)) {
      return new Compilation(Optional.empty(), issues);
    }
    return new Compilation(
        Optional.of(
            new CompiledDefinition(
                definition,
                java.util.Collections.unmodifiableMap(attributeTypes),
                variables,
                fit.toArray(CompiledRule[]::new),
                engagement.toArray(CompiledRule[]::new),
                gate.toArray(GatePart[]::new),
                types)),
        issues);
  }

  /** The rules an event of this type may match, in definition order. */
  CompiledRule[] rulesFor(String type) {
    CompiledRule[] rules = byType.get(type);
    return rules != null ? rules : anyType;
  }

  /**
   * How many conditions run as plain Java, of all: for the benchmark report and the explain output.
   */
  public String fastPathSummary() {
    long fast =
        java.util.stream.Stream.of(fit, engagement)
                .flatMap(java.util.Arrays::stream)
                .filter(r -> r.matcher().fast())
                .count()
            + java.util.Arrays.stream(gate).filter(g -> g.matcher().fast()).count();
    long all = fit.length + engagement.length + gate.length;
    return fast + " of " + all + " conditions compiled to Java";
  }

  // ---------------------------------------------------------------- compilation helpers

  private static CelCompiler environment(
      Map<String, AttributeType> attributes, boolean event, boolean gate) {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL);
    attributes.forEach((name, type) -> builder.addVar(name, celType(type)));
    if (event) {
      Variables.EVENT
          .keySet()
          .forEach(name ->
              builder.addVar(
                  name,
                  name.equals("event.attributes")
                      ? MapType.create(SimpleType.STRING, SimpleType.DYN)
                      : SimpleType.STRING));
    }
    if (gate) {
      Variables.GATE
          .keySet()
          .forEach(name ->
              builder.addVar(
                  name,
                  switch (name) {
                    case "engagement", "days_since_first_touch" -> SimpleType.DOUBLE;
                    case "touches.departments" -> ListType.create(SimpleType.STRING);
                    default -> SimpleType.INT;
                  }));
    }
    return builder.build();
  }

  private static CelType celType(AttributeType type) {
    return switch (type) {
      case STRING -> SimpleType.STRING;
      case INT -> SimpleType.INT;
      case DOUBLE -> SimpleType.DOUBLE;
      case BOOL -> SimpleType.BOOL;
      case LIST -> ListType.create(SimpleType.STRING);
    };
  }

  /** How each variable is read from the fold's context; one table for the fast path and for CEL. */
  private static Map<String, Function<Ctx, Object>> accessors(
      Map<String, AttributeType> attributes) {
    var map = new HashMap<String, Function<Ctx, Object>>();
    attributes.keySet().forEach(name -> map.put(name, ctx -> ctx.facts.get(name)));
    map.put("event.type", ctx -> ctx.event.type());
    map.put("event.source", ctx -> ctx.event.source());
    map.put("event.department", ctx -> ctx.event.department());
    map.put("event.channel", ctx -> orEmpty(ctx.event.channel()));
    map.put("event.campaign", ctx -> orEmpty(ctx.event.campaign()));
    map.put("event.content", ctx -> orEmpty(ctx.event.content()));
    map.put("event.sentiment", ctx -> ctx.event.sentiment());
    map.put("event.path", ctx -> ctx.event.path());
    map.put("event.attributes", ctx -> ctx.event.attributes());
    map.put("fit", ctx -> ctx.fit);
    map.put("engagement", ctx -> ctx.engagement);
    map.put("touches.count", ctx -> ctx.touches);
    map.put("touches.distinct_content", ctx -> ctx.distinctContent);
    map.put("touches.distinct_campaigns", ctx -> ctx.distinctCampaigns);
    map.put("touches.marketing", ctx -> ctx.marketing);
    map.put("touches.sales", ctx -> ctx.sales);
    map.put("touches.service", ctx -> ctx.service);
    map.put("touches.positive", ctx -> ctx.positive);
    map.put("touches.negative", ctx -> ctx.negative);
    map.put("touches.departments", ctx -> ctx.departments);
    map.put("days_since_first_touch", ctx -> ctx.daysSinceFirstTouch);
    return Map.copyOf(map);
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static nl.hengel.engine.internal.Matcher matcher(
      CelAbstractSyntaxTree ast, Map<String, Function<Ctx, Object>> variables, boolean fastPath) {
    return (fastPath
            ? FastPath.compile(ast.getExpr(), variables)
            : Optional.<java.util.function.Predicate<Ctx>>empty())
        .<nl.hengel.engine.internal.Matcher>map(FastMatcher::new)
        .orElseGet(() -> {
          try {
            return new CelMatcher(RUNTIME.createProgram(ast));
          } catch (CelEvaluationException e) {
            throw new IllegalStateException("CEL could not plan a checked expression", e);
          }
        });
  }

  private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']*)'");

  private static @Nullable CelAbstractSyntaxTree check(
      CelCompiler env,
      String text,
      Position at,
      String what,
      String scope,
      List<LintIssue> issues) {
    if (text.isBlank()) {
      return null;
    }
    CelValidationResult result = env.compile(text);
    if (!result.hasError()) {
      try {
        return result.getAst();
      } catch (CelValidationException e) {
        throw new IllegalStateException(e);
      }
    }
    for (CelIssue issue : result.getErrors()) {
      int line = issue.getSourceLocation().getLine();
      int column = issue.getSourceLocation().getColumn();
      Position p =
          line <= 1
              ? shift(at, Math.max(0, column))
              : new Position(at.line() + line - 1, Math.max(1, column + 1));
      String message = issue.getMessage();
      String code;
      Matcher undeclared = UNDECLARED.matcher(message);
      if (undeclared.find()) {
        code = "definition.lint.unknown-variable";
        String name = identifierAt(text, line, column);
        message = unknownVariable(name.isEmpty() ? undeclared.group(1) : name, scope);
      } else if (message.contains("no matching overload")) {
        code = "definition.lint.type-error";
        message = "type error in " + what + ": " + shortOverload(message);
      } else if (message.contains("expected type 'bool'")) {
        code = "definition.lint.not-a-condition";
        message = what + " must be a condition (true or false): " + message;
      } else if (message.contains("mismatched input")
          || message.contains("token recognition")
          || message.contains("Syntax error")
          || message.contains("extraneous input")
          || message.contains("no viable alternative")) {
        code = "definition.lint.expression-syntax";
        message = "syntax error in " + what + ": " + message;
      } else {
        code = "definition.lint.expression-error";
        message = what + ": " + message;
      }
      issues.add(new LintIssue(p.line(), p.column(), Severity.ERROR, code, message));
    }
    return null;
  }

  private static String unknownVariable(String name, String scope) {
    if (name.startsWith("event.")) {
      return scope.equals("engagement")
          ? "unknown variable '"
              + name
              + "'; events have "
              + String.join(", ", Variables.EVENT.keySet())
          : "'" + name + "' is only known in engagement rules, which score one event at a time";
    }
    if (Variables.GATE.containsKey(name) || name.startsWith("touches.") && scope.equals("gate")) {
      return scope.equals("gate")
          ? "unknown variable '"
              + name
              + "'; the gate has "
              + String.join(", ", Variables.GATE.keySet())
          : "'" + name + "' is only known in the mql gate";
    }
    if (name.startsWith("person.") || name.startsWith("company.")) {
      return "unknown attribute '"
          + name
          + "': declare it under attributes: (e.g. attributes: { "
          + name.substring(0, name.indexOf('.'))
          + ": { "
          + name.substring(name.indexOf('.') + 1)
          + ": string } })";
    }
    return "unknown variable '"
        + name
        + "'"
        + (scope.equals("gate")
            ? "; the gate has " + String.join(", ", Variables.GATE.keySet())
            : "");
  }

  /**
   * The dotted identifier at a CEL position, for messages like "unknown attribute 'company.size'".
   */
  private static String identifierAt(String text, int line, int column) {
    String[] lines = text.split("\n", -1);
    if (line < 1 || line > lines.length) {
      return "";
    }
    String l = lines[line - 1];
    int end = Math.max(0, Math.min(column, l.length()));
    while (end < l.length()
        && (Character.isLetterOrDigit(l.charAt(end))
            || l.charAt(end) == '_'
            || l.charAt(end) == '.')) {
      end++;
    }
    String id = l.substring(Math.max(0, Math.min(column, l.length())), end);
    return id.endsWith(".") ? id.substring(0, id.length() - 1) : id;
  }

  private static String shortOverload(String message) {
    int cut = message.indexOf(" (candidates");
    return cut < 0 ? message : message.substring(0, cut);
  }

  private static void neverMatches(
      Definition.Rule rule, Set<String> matched, Set<String> knownTypes, List<LintIssue> issues) {
    if (matched.isEmpty()) {
      issues.add(
          new LintIssue(
              rule.position().line(),
              rule.position().column(),
              Severity.WARNING,
              "definition.lint.never-matches",
              "rule '"
                  + rule.name()
                  + "' can never match: no event has all the types it requires"));
      return;
    }
    var unknown = new TreeSet<>(matched);
    unknown.removeAll(knownTypes);
    if (unknown.size() == matched.size()) {
      issues.add(
          new LintIssue(
              rule.position().line(),
              rule.position().column(),
              Severity.WARNING,
              "definition.lint.never-matches",
              "rule '"
                  + rule.name()
                  + "' tests event.type "
                  + unknown
                  + ", which no source sends; known types include "
                  + new TreeSet<>(knownTypes).stream().limit(12).toList()));
    }
  }

  private static final Pattern FIT_AT_LEAST =
      Pattern.compile("\\(?\\s*fit\\s*(>=|>)\\s*(-?\\d+)\\s*\\)?");
  private static final Pattern AT_MOST_FIT =
      Pattern.compile("\\(?\\s*(-?\\d+)\\s*(<=|<)\\s*fit\\s*\\)?");
  private static final Pattern ENGAGEMENT_AT_LEAST =
      Pattern.compile("\\(?\\s*engagement\\s*(>=|>)\\s*(-?\\d+(?:\\.\\d+)?)\\s*\\)?");

  private static void impossible(
      String part, Position at, Definition definition, List<LintIssue> issues) {
    long maxFit = definition.fit().stream().mapToLong(r -> Math.max(0, r.points())).sum();
    Matcher m = FIT_AT_LEAST.matcher(part);
    Matcher r = AT_MOST_FIT.matcher(part);
    Long needed = null;
    if (m.matches()) {
      needed = Long.parseLong(m.group(2)) + (m.group(1).equals(">") ? 1 : 0);
    } else if (r.matches()) {
      needed = Long.parseLong(r.group(1)) + (r.group(2).equals("<") ? 1 : 0);
    }
    if (needed != null && needed > maxFit) {
      issues.add(
          new LintIssue(
              at.line(),
              at.column(),
              Severity.ERROR,
              "definition.lint.impossible-gate",
              "the gate can never be met: it needs fit "
                  + (needed == 0 ? "> 0" : ">= " + needed)
                  + " but all positive fit points add up to "
                  + maxFit));
    }
    Matcher e = ENGAGEMENT_AT_LEAST.matcher(part);
    boolean anyPositive = definition.engagement().rules().stream().anyMatch(x -> x.points() > 0);
    if (e.matches() && !anyPositive && Double.parseDouble(e.group(2)) >= 0) {
      issues.add(
          new LintIssue(
              at.line(),
              at.column(),
              Severity.ERROR,
              "definition.lint.impossible-gate",
              "the gate can never be met: it needs engagement "
                  + e.group(1)
                  + " "
                  + e.group(2)
                  + " but no engagement rule gives positive points"));
    }
  }

  record Part(String text, int offset) {}

  /**
   * Splits {@code a && b && c} at its top-level {@code &&}; a top-level {@code ||} keeps it whole.
   */
  static List<Part> splitConjunction(String gate) {
    var parts = new ArrayList<Part>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    boolean topLevelOr = false;
    for (int i = 0; i < gate.length(); i++) {
      char c = gate.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '\'', '"' -> quote = c;
        case '(', '[', '{' -> depth++;
        case ')', ']', '}' -> depth--;
        case '&' -> {
          if (depth == 0 && i + 1 < gate.length() && gate.charAt(i + 1) == '&') {
            parts.add(part(gate, start, i));
            start = i + 2;
            i++;
          }
        }
        case '|' -> {
          if (depth == 0 && i + 1 < gate.length() && gate.charAt(i + 1) == '|') {
            topLevelOr = true;
          }
        }
        default -> {}
      }
    }
    parts.add(part(gate, start, gate.length()));
    if (topLevelOr || parts.stream().anyMatch(p -> p.text().isEmpty())) {
      return List.of(part(gate, 0, gate.length()));
    }
    return parts;
  }

  private static Part part(String text, int from, int to) {
    int a = from;
    while (a < to && Character.isWhitespace(text.charAt(a))) {
      a++;
    }
    int b = to;
    while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
      b--;
    }
    return new Part(text.substring(a, b), a);
  }

  private static Position shift(Position p, int columns) {
    return p.line() == 0 ? p : new Position(p.line(), p.column() + columns);
  }

  private static List<String> referenced(String text, Set<String> names) {
    var found = new ArrayList<String>();
    for (String name : names) {
      Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(?![\\w])").matcher(text);
      if (m.find()) {
        found.add(name);
      }
    }
    found.sort(null);
    return List.copyOf(found);
  }
}
