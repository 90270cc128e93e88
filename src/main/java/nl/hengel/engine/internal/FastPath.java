package nl.hengel.engine.internal;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the common shapes of conditions into plain Java predicates, so most events never reach the
 * CEL interpreter: comparisons of a variable with a literal, {@code in} a literal list,
 * startsWith/endsWith/contains with a literal, and {@code && || !} of those. Anything else is left
 * to CEL. The two must agree; a property test checks that they do.
 */
public final class FastPath {

  private FastPath() {}

  /** A predicate for a checked CEL expression, or empty if it is not one of the shapes above. */
  public static Optional<Predicate<Ctx>> compile(
      CelExpr expr, Map<String, Function<Ctx, Object>> variables) {
    try {
      return Optional.ofNullable(node(expr, variables));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Predicate<Ctx> node(CelExpr e, Map<String, Function<Ctx, Object>> vars) {
    switch (e.getKind()) {
      case CONSTANT -> {
        if (e.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE) {
          boolean b = e.constant().booleanValue();
          return ctx -> b;
        }
        return null;
      }
      case IDENT -> {
        Function<Ctx, Object> v = vars.get(e.ident().name());
        return v == null ? null : ctx -> Boolean.TRUE.equals(v.apply(ctx));
      }
      case CALL -> {
        return call(e.call(), vars);
      }
      default -> {
        return null;
      }
    }
  }

  private static Predicate<Ctx> call(
      CelExpr.CelCall call, Map<String, Function<Ctx, Object>> vars) {
    List<CelExpr> args = call.args();
    switch (call.function()) {
      case "_&&_" -> {
        Predicate<Ctx> a = node(args.get(0), vars);
        Predicate<Ctx> b = node(args.get(1), vars);
        return a == null || b == null ? null : ctx -> a.test(ctx) && b.test(ctx);
      }
      case "_||_" -> {
        Predicate<Ctx> a = node(args.get(0), vars);
        Predicate<Ctx> b = node(args.get(1), vars);
        return a == null || b == null ? null : ctx -> a.test(ctx) || b.test(ctx);
      }
      case "!_" -> {
        Predicate<Ctx> a = node(args.get(0), vars);
        return a == null ? null : a.negate();
      }
      case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_" -> {
        return comparison(call.function(), args.get(0), args.get(1), vars);
      }
      case "@in" -> {
        Function<Ctx, Object> v = variable(args.get(0), vars);
        if (v == null || args.get(1).getKind() != CelExpr.ExprKind.Kind.LIST) {
          return null;
        }
        Set<Object> values = new HashSet<>();
        for (CelExpr element : args.get(1).list().elements()) {
          Object c = constant(element);
          if (c == null) {
            return null;
          }
          values.add(c);
        }
        Set<Object> frozen = Set.copyOf(values);
        return ctx -> {
          Object x = v.apply(ctx);
          return x != null
              && frozen.contains(
                  x instanceof Number n && !(x instanceof Double) ? (Object) n.longValue() : x);
        };
      }
      case "startsWith", "endsWith", "contains" -> {
        if (call.target().isEmpty() || args.size() != 1) {
          return null;
        }
        Function<Ctx, Object> v = variable(call.target().get(), vars);
        Object c = constant(args.get(0));
        if (v == null || !(c instanceof String literal)) {
          return null;
        }
        return switch (call.function()) {
          case "startsWith" -> ctx -> v.apply(ctx) instanceof String s && s.startsWith(literal);
          case "endsWith" -> ctx -> v.apply(ctx) instanceof String s && s.endsWith(literal);
          default -> ctx -> v.apply(ctx) instanceof String s && s.contains(literal);
        };
      }
      default -> {
        return null;
      }
    }
  }

  private static Predicate<Ctx> comparison(
      String op, CelExpr left, CelExpr right, Map<String, Function<Ctx, Object>> vars) {
    Function<Ctx, Object> v = variable(left, vars);
    Object c = constant(right);
    String operator = op;
    if (v == null || c == null) {
      v = variable(right, vars);
      c = constant(left);
      operator = flip(op);
    }
    if (v == null || c == null) {
      return null;
    }
    Function<Ctx, Object> variable = v;
    Object literal = c;
    if (literal instanceof String || literal instanceof Boolean) {
      return switch (operator) {
        case "_==_" -> ctx -> literal.equals(variable.apply(ctx));
        case "_!=_" -> ctx -> !literal.equals(variable.apply(ctx));
        default -> literal instanceof String s ? stringOrder(operator, variable, s) : null;
      };
    }
    double bound = ((Number) literal).doubleValue();
    return switch (operator) {
      case "_==_" -> ctx -> number(variable.apply(ctx)) == bound;
      case "_!=_" -> ctx -> number(variable.apply(ctx)) != bound;
      case "_<_" -> ctx -> number(variable.apply(ctx)) < bound;
      case "_<=_" -> ctx -> number(variable.apply(ctx)) <= bound;
      case "_>_" -> ctx -> number(variable.apply(ctx)) > bound;
      case "_>=_" -> ctx -> number(variable.apply(ctx)) >= bound;
      default -> null;
    };
  }

  private static Predicate<Ctx> stringOrder(
      String operator, Function<Ctx, Object> variable, String literal) {
    return switch (operator) {
      case "_<_" -> ctx -> variable.apply(ctx) instanceof String s && s.compareTo(literal) < 0;
      case "_<=_" -> ctx -> variable.apply(ctx) instanceof String s && s.compareTo(literal) <= 0;
      case "_>_" -> ctx -> variable.apply(ctx) instanceof String s && s.compareTo(literal) > 0;
      case "_>=_" -> ctx -> variable.apply(ctx) instanceof String s && s.compareTo(literal) >= 0;
      default -> null;
    };
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String flip(String op) {
    return switch (op) {
      case "_<_" -> "_>_";
      case "_<=_" -> "_>=_";
      case "_>_" -> "_<_";
      case "_>=_" -> "_<=_";
      default -> op;
    };
  }

  private static Function<Ctx, Object> variable(
      CelExpr e, Map<String, Function<Ctx, Object>> vars) {
    return e.getKind() == CelExpr.ExprKind.Kind.IDENT ? vars.get(e.ident().name()) : null;
  }

  private static Object constant(CelExpr e) {
    if (e.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
      return null;
    }
    CelConstant c = e.constant();
    return switch (c.getKind()) {
      case STRING_VALUE -> c.stringValue();
      case INT64_VALUE -> c.int64Value();
      case DOUBLE_VALUE -> c.doubleValue();
      case BOOLEAN_VALUE -> c.booleanValue();
      default -> null;
    };
  }

  /** The event types a condition can match, or null when it may match any type. */
  public static Set<String> eventTypes(CelExpr e) {
    if (e.getKind() != CelExpr.ExprKind.Kind.CALL) {
      return null;
    }
    CelExpr.CelCall call = e.call();
    List<CelExpr> args = call.args();
    switch (call.function()) {
      case "_&&_" -> {
        Set<String> a = eventTypes(args.get(0));
        Set<String> b = eventTypes(args.get(1));
        if (a == null) {
          return b;
        }
        if (b == null) {
          return a;
        }
        var both = new HashSet<>(a);
        both.retainAll(b);
        return both;
      }
      case "_||_" -> {
        Set<String> a = eventTypes(args.get(0));
        Set<String> b = eventTypes(args.get(1));
        if (a == null || b == null) {
          return null;
        }
        var either = new HashSet<>(a);
        either.addAll(b);
        return either;
      }
      case "_==_" -> {
        Object c =
            isEventType(args.get(0))
                ? constant(args.get(1))
                : isEventType(args.get(1)) ? constant(args.get(0)) : null;
        return c instanceof String s ? Set.of(s) : null;
      }
      case "@in" -> {
        if (!isEventType(args.get(0)) || args.get(1).getKind() != CelExpr.ExprKind.Kind.LIST) {
          return null;
        }
        var types = new HashSet<String>();
        for (CelExpr element : args.get(1).list().elements()) {
          if (!(constant(element) instanceof String s)) {
            return null;
          }
          types.add(s);
        }
        return types;
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean isEventType(CelExpr e) {
    return e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals("event.type");
  }
}
