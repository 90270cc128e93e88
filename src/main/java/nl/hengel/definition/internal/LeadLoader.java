package nl.hengel.definition.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.engine.CompiledDefinition;
import nl.hengel.engine.Event;
import nl.hengel.engine.Facts;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the fold needs for a page of leads: each person's and company's attributes, and all
 * their interactions in time order, in two queries per page (no query per lead).
 */
@Component
public class LeadLoader {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  static final int PAGE = 500;

  /**
   * One lead as the engine takes it: raw attributes (typed per definition by {@link #facts}) and
   * events.
   */
  public record Lead(
      long personId, Map<String, Object> person, Map<String, Object> company, List<Event> events) {

    public Facts facts(CompiledDefinition definition) {
      return Facts.of(definition, person, company);
    }
  }

  private final JdbcClient jdbc;
  private final JsonMapper json;

  LeadLoader(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The leads of these people (merged-away ones are left out), in id order. */
  public List<Lead> load(WorkspaceId ws, List<Long> personIds) {
    var people = new LinkedHashMap<Long, Lead>();
    for (int from = 0; from < personIds.size(); from += PAGE) {
      List<Long> page = personIds.subList(from, Math.min(personIds.size(), from + PAGE));
      jdbc.sql(
              """
              select p.id, p.email, p.first_name, p.last_name, p.attributes,
                     c.domain, c.name as company_name, c.attributes as company_attributes
                from person p left join company c on c.id = p.company_id
               where p.workspace_id = :ws and p.id in (:ids) and p.merged_into is null
               order by p.id
              """)
          .param("ws", ws.value())
          .param("ids", page)
          .query(rs -> {
            var person = new HashMap<>(parse(rs.getString("attributes")));
            String email = rs.getString("email");
            person.put("email", email == null ? "" : email);
            person.put(
                "email_domain", email == null ? "" : email.substring(email.indexOf('@') + 1));
            putIfPresent(person, "first_name", rs.getString("first_name"));
            putIfPresent(person, "last_name", rs.getString("last_name"));
            var company = new HashMap<>(parse(rs.getString("company_attributes")));
            putIfPresent(company, "domain", rs.getString("domain"));
            putIfPresent(company, "name", rs.getString("company_name"));
            people.put(
                rs.getLong("id"), new Lead(rs.getLong("id"), person, company, new ArrayList<>()));
          });
    }
    if (people.isEmpty()) {
      return List.of();
    }
    var ids = new ArrayList<>(people.keySet());
    for (int from = 0; from < ids.size(); from += PAGE) {
      jdbc.sql(
              """
              select person_id, occurred_at, source, external_id, department, channel, type, campaign, content,
                     sentiment, attributes
                from interaction where workspace_id = :ws and person_id in (:ids)
               order by person_id, occurred_at
              """)
          .param("ws", ws.value())
          .param("ids", ids.subList(from, Math.min(ids.size(), from + PAGE)))
          .query(rs -> {
            people
                .get(rs.getLong("person_id"))
                .events()
                .add(
                    new Event(
                        Sql.instant(rs, "occurred_at"),
                        rs.getString("source"),
                        rs.getString("external_id"),
                        lower(rs.getString("department")),
                        rs.getString("channel"),
                        rs.getString("type"),
                        rs.getString("campaign"),
                        rs.getString("content"),
                        lower(rs.getString("sentiment")),
                        parse(rs.getString("attributes"))));
          });
    }
    return List.copyOf(people.values());
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
    return value.toLowerCase(java.util.Locale.ROOT);
  }
}
