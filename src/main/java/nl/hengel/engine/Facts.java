package nl.hengel.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.engine.Definition.AttributeType;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a lead outside its events: the person's and the company's attributes, typed
 * as the definition declares them. A missing or unreadable attribute has its type's zero value ("",
 * 0, 0.0, false, []), so conditions on it are simply not met.
 */
public final class Facts {

  private final Map<String, Object> values;

  private Facts(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * Types the raw attributes for a definition.
   *
   * @param person person fields and attributes by name (email, first_name, last_name, title, …)
   * @param company company fields and attributes by name (domain, name, country, employees, …)
   */
  public static Facts of(
      CompiledDefinition definition, Map<String, ?> person, Map<String, ?> company) {
    var values = new HashMap<String, Object>();
    definition
        .attributeTypes()
        .forEach((name, type) -> {
          Map<String, ?> source = name.startsWith("person.") ? person : company;
          Object raw = source.get(name.substring(name.indexOf('.') + 1));
          values.put(name, coerce(raw, type));
        });
    return new Facts(values);
  }

  public Object get(String name) {
    return values.get(name);
  }

  public Map<String, Object> asMap() {
    return Map.copyOf(values);
  }

  static Object zero(AttributeType type) {
    return switch (type) {
      case STRING -> "";
      case INT -> 0L;
      case DOUBLE -> 0.0;
      case BOOL -> false;
      case LIST -> List.of();
    };
  }

  static Object coerce(@Nullable Object raw, AttributeType type) {
    if (raw == null) {
      return zero(type);
    }
    try {
      return switch (type) {
        case STRING -> raw instanceof String s ? s : String.valueOf(raw);
        case INT ->
            raw instanceof Number n
                ? (Object) n.longValue()
                : (Object) Long.parseLong(raw.toString().trim());
        case DOUBLE ->
            raw instanceof Number n
                ? (Object) n.doubleValue()
                : (Object) Double.parseDouble(raw.toString().trim());
        case BOOL -> raw instanceof Boolean b ? b : Boolean.parseBoolean(raw.toString().trim());
        case LIST ->
            raw instanceof List<?> l
                ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(raw));
      };
    } catch (NumberFormatException e) {
      return zero(type);
    }
  }
}
