package nl.hengel.engine;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A lead definition as written: the shared contract of marketing and sales (DESIGN.md §4). It is
 * read from YAML by {@link Lint}, which also reports where the text is wrong; {@link
 * CompiledDefinition} turns it into what the fold runs.
 */
public record Definition(
    String name,
    Owners owners,
    Map<String, AttributeType> attributes,
    List<Rule> fit,
    Engagement engagement,
    String mql,
    @Nullable Sla sla,
    @Nullable Recycle recycle,
    @Nullable ContactPressure contactPressure) {

  /** The marketing owner and the sales owner, by e-mail; both must approve a version. */
  public record Owners(String marketing, String sales) {}

  /** One named condition with the points it gives; engagement rules may be capped. */
  public record Rule(
      String name, String when, long points, @Nullable Cap maxPer, Position position) {}

  /** At most {@code count} matches of a rule count within any {@code window}. */
  public record Cap(int count, Duration window) {}

  /** Engagement decays: a point earned {@code halfLife} ago counts half. */
  public record Engagement(Duration halfLife, List<Rule> rules) {}

  /** The service levels sales agreed to (used by the handoff capability). */
  public record Sla(
      Duration acceptWithin, Duration firstContactWithin, BusinessHours businessHours) {}

  /** When the SLA clock runs: working days and hours in a time zone, minus holidays. */
  public record BusinessHours(
      ZoneId zone,
      Set<java.time.DayOfWeek> days,
      LocalTime from,
      LocalTime to,
      List<LocalDate> holidays) {}

  /** What happens to a lead sales rejects (used by the lifecycle capability). */
  public record Recycle(String onReject, Duration minNurture) {}

  /** How often marketing may reach one person (used by the nurture capability). */
  public record ContactPressure(int marketingPerWeek) {}

  /** The type of a declared person or company attribute. */
  public enum AttributeType {
    STRING,
    INT,
    DOUBLE,
    BOOL,
    LIST;

    public static @Nullable AttributeType parse(String text) {
      return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "string", "text" -> STRING;
        case "int", "integer" -> INT;
        case "double", "number", "decimal" -> DOUBLE;
        case "bool", "boolean" -> BOOL;
        case "list", "list<string>" -> LIST;
        default -> null;
      };
    }
  }

  /** Where something starts in the YAML text, 1-based; used to point lint findings at it. */
  public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);
  }
}
