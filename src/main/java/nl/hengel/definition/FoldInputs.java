package nl.hengel.definition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import nl.hengel.engine.Event;
import nl.hengel.platform.Sql;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * How stored rows become what the fold reads: a person's and company's attributes and an
 * interaction as an {@link Event}. Live scoring, re-evaluation and backtest all read through here,
 * so they see every lead alike.
 */
@Component
public class FoldInputs {

  /**
   * The person and company columns {@link #person} and {@link #company} read, for {@code person p
   * left join company c on c.id = p.company_id}.
   */
  public static final String PERSON_COLUMNS =
      "p.id, p.email, p.first_name, p.last_name, p.attributes, c.domain,"
          + " c.name as company_name, c.attributes as company_attributes";

  /** The interaction columns {@link #event} reads. */
  public static final String EVENT_COLUMNS =
      "person_id, occurred_at, source, external_id, department, channel, type, campaign, content,"
          + " sentiment, attributes";

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JsonMapper json;

  // Public for the backtest benchmark, which builds one without Spring.
  public FoldInputs(JsonMapper json) {
    this.json = json;
  }

  /**
   * The person's attributes as the definition reads them: the stored ones plus email, email_domain,
   * first_name and last_name.
   */
  public Map<String, Object> person(ResultSet rs) throws SQLException {
    var person = new HashMap<>(parse(rs.getString("attributes")));
    String email = rs.getString("email");
    person.put("email", email == null ? "" : email);
    person.put("email_domain", email == null ? "" : email.substring(email.indexOf('@') + 1));
    putIfPresent(person, "first_name", rs.getString("first_name"));
    putIfPresent(person, "last_name", rs.getString("last_name"));
    return person;
  }

  /** The company's attributes plus domain and name; empty for a person without a company. */
  public Map<String, Object> company(ResultSet rs) throws SQLException {
    var company = new HashMap<>(parse(rs.getString("company_attributes")));
    putIfPresent(company, "domain", rs.getString("domain"));
    putIfPresent(company, "name", rs.getString("company_name"));
    return company;
  }

  /** The interaction on the current row. */
  public Event event(ResultSet rs) throws SQLException {
    return new Event(
        Sql.instant(rs, "occurred_at"),
        rs.getString("source"),
        rs.getString("external_id"),
        lower(rs.getString("department")),
        rs.getString("channel"),
        rs.getString("type"),
        rs.getString("campaign"),
        rs.getString("content"),
        lower(rs.getString("sentiment")),
        parse(rs.getString("attributes")));
  }

  private Map<String, Object> parse(String text) {
    return text == null || text.equals("{}") ? Map.of() : json.readValue(text, MAP);
  }

  private static void putIfPresent(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
