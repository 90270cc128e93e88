package nl.hengel.handoff.internal;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whether a territory rule's conditions hold for a company's attributes. A rule without conditions
 * matches every lead, also one without a company; a condition on an attribute the company lacks (or
 * a lead without a company) does not hold.
 */
public final class TerritoryMatch {

  private TerritoryMatch() {}

  /** The company attribute holding the country a rule's {@code countries} are compared with. */
  public static final String COUNTRY = "country";

  /** The company attribute holding the head count a rule's employee range is compared with. */
  public static final String EMPLOYEES = "employees";

  public static boolean matches(StoredTerritory rule, @Nullable Map<String, Object> company) {
    if (!rule.countries().isEmpty()) {
      if (company == null || !(company.get(COUNTRY) instanceof String country)) {
        return false;
      }
      if (rule.countries().stream().noneMatch(c -> c.trim().equalsIgnoreCase(country.trim()))) {
        return false;
      }
    }
    if (rule.minEmployees() != null || rule.maxEmployees() != null) {
      BigDecimal employees = company == null ? null : number(company.get(EMPLOYEES));
      if (employees == null) {
        return false;
      }
      if (rule.minEmployees() != null
          && employees.compareTo(BigDecimal.valueOf(rule.minEmployees())) < 0) {
        return false;
      }
      if (rule.maxEmployees() != null
          && employees.compareTo(BigDecimal.valueOf(rule.maxEmployees())) > 0) {
        return false;
      }
    }
    return true;
  }

  /** A number, or a string holding one ("250"); anything else is no number. */
  static @Nullable BigDecimal number(@Nullable Object value) {
    try {
      return switch (value) {
        case null -> null;
        case Number n -> new BigDecimal(n.toString());
        case String s -> new BigDecimal(s.trim());
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
