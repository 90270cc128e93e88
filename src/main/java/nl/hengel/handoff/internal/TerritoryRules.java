package nl.hengel.handoff.internal;

import java.util.List;
import nl.hengel.access.TeamId;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The stored territory rules and fallback team of each workspace. */
@Repository
public class TerritoryRules {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  TerritoryRules(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public StoredRules load(WorkspaceId ws) {
    List<StoredTerritory> territories =
        jdbc.sql(
                """
                select r.name, r.countries, r.min_employees, r.max_employees,
                       r.team_id, t.name as team_name, r.user_id, u.email as user_email
                  from routing_territory r
                  left join team t on t.id = r.team_id
                  left join app_user u on u.id = r.user_id
                 where r.workspace_id = ?
                 order by r.position
                """)
            .param(ws.value())
            .query((rs, n) -> {
              Long team = Sql.nullableLong(rs, "team_id");
              Long user = Sql.nullableLong(rs, "user_id");
              return new StoredTerritory(
                  rs.getString("name"),
                  json.readValue(rs.getString("countries"), STRINGS),
                  Sql.nullableLong(rs, "min_employees"),
                  Sql.nullableLong(rs, "max_employees"),
                  team == null ? null : new TeamId(team),
                  rs.getString("team_name"),
                  user == null ? null : new UserId(user),
                  rs.getString("user_email"));
            })
            .list();
    record Fallback(TeamId id, String name) {}
    var fallback =
        jdbc.sql(
                """
                select f.team_id, t.name from routing_fallback f join team t on t.id = f.team_id
                 where f.workspace_id = ?
                """)
            .param(ws.value())
            .query((rs, n) -> new Fallback(new TeamId(rs.getLong(1)), rs.getString(2)))
            .optional();
    return new StoredRules(
        territories,
        fallback.map(Fallback::id).orElse(null),
        fallback.map(Fallback::name).orElse(null));
  }

  /** Replaces the workspace's rules with these; call in a transaction. */
  public void replace(WorkspaceId ws, StoredRules rules) {
    jdbc.sql("delete from routing_territory where workspace_id = ?").param(ws.value()).update();
    jdbc.sql("delete from routing_fallback where workspace_id = ?").param(ws.value()).update();
    int position = 0;
    for (StoredTerritory t : rules.territories()) {
      jdbc.sql(
              """
              insert into routing_territory (workspace_id, position, name, countries,
                                             min_employees, max_employees, team_id, user_id)
              values (?, ?, ?, ?, ?, ?, ?, ?)
              """)
          .params(
              ws.value(),
              position++,
              t.name(),
              json.writeValueAsString(t.countries()),
              t.minEmployees(),
              t.maxEmployees(),
              t.team() == null ? null : t.team().value(),
              t.user() == null ? null : t.user().value())
          .update();
    }
    if (rules.fallback() != null) {
      jdbc.sql("insert into routing_fallback (workspace_id, team_id) values (?, ?)")
          .params(ws.value(), rules.fallback().value())
          .update();
    }
  }
}
