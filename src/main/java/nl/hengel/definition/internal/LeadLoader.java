package nl.hengel.definition.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.definition.FoldInputs;
import nl.hengel.engine.CompiledDefinition;
import nl.hengel.engine.Event;
import nl.hengel.engine.Facts;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads what the fold needs for a page of leads: each person's and company's attributes, and all
 * their interactions in time order, in two queries per page (no query per lead).
 */
@Component
public class LeadLoader {

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
  private final FoldInputs rows;

  LeadLoader(JdbcClient jdbc, FoldInputs rows) {
    this.jdbc = jdbc;
    this.rows = rows;
  }

  /** The leads of these people (merged-away ones are left out), in id order. */
  public List<Lead> load(WorkspaceId ws, List<Long> personIds) {
    var people = new LinkedHashMap<Long, Lead>();
    for (int from = 0; from < personIds.size(); from += PAGE) {
      List<Long> page = personIds.subList(from, Math.min(personIds.size(), from + PAGE));
      jdbc.sql(
              "select "
                  + FoldInputs.PERSON_COLUMNS
                  + " from person p left join company c on c.id = p.company_id"
                  + " where p.workspace_id = :ws and p.id in (:ids) and p.merged_into is null"
                  + " order by p.id")
          .param("ws", ws.value())
          .param("ids", page)
          .query(rs -> {
            long id = rs.getLong("id");
            people.put(id, new Lead(id, rows.person(rs), rows.company(rs), new ArrayList<>()));
          });
    }
    if (people.isEmpty()) {
      return List.of();
    }
    var ids = new ArrayList<>(people.keySet());
    for (int from = 0; from < ids.size(); from += PAGE) {
      jdbc.sql(
              "select "
                  + FoldInputs.EVENT_COLUMNS
                  + " from interaction where workspace_id = :ws and person_id in (:ids)"
                  + " order by person_id, occurred_at")
          .param("ws", ws.value())
          .param("ids", ids.subList(from, Math.min(ids.size(), from + PAGE)))
          .query(rs -> {
            people.get(rs.getLong("person_id")).events().add(rows.event(rs));
          });
    }
    return List.copyOf(people.values());
  }
}
