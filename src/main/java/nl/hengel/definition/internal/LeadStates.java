package nl.hengel.definition.internal;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.hengel.engine.LeadScore;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Stores each lead's score under a version. */
@Component
public class LeadStates {

  /** A score to store for one person. */
  public record Scored(long personId, LeadScore score) {}

  private static final List<String> COLUMNS =
      List.of(
          "version_id",
          "person_id",
          "workspace_id",
          "fit",
          "engagement",
          "last_event_at",
          "mql_at",
          "touches",
          "scored_at");
  private static final List<String> UPDATED = COLUMNS.subList(3, COLUMNS.size());

  private final JdbcTemplate template;
  private final Dialect dialect;

  LeadStates(JdbcTemplate template, Dialect dialect) {
    this.template = template;
    this.dialect = dialect;
  }

  /**
   * Replaces the states of these people under the version (people with no row yet get one), by an
   * upsert, so the live scorer and a re-evaluation writing the same lead at once cannot collide.
   * Each score must be taken as of its lead's last event (see {@link #asOfLastEvent}), so the
   * stored engagement is the value at {@code last_event_at}, which readers decay to their own
   * moment.
   */
  public void replace(WorkspaceId ws, long versionId, List<Scored> scores, Instant scoredAt) {
    if (scores.isEmpty()) {
      return;
    }
    var rows = new ArrayList<Object[]>(scores.size());
    var at = Sql.ts(scoredAt);
    scores.stream()
        .sorted(java.util.Comparator.comparingLong(Scored::personId))
        .forEach(s -> {
          LeadScore score = s.score();
          Instant last = score.touches().last();
          rows.add(
              new Object[] {
                versionId,
                s.personId(),
                ws.value(),
                score.fit(),
                last == null ? 0.0 : score.engagement(),
                Sql.ts(last),
                Sql.ts(score.mqlAt()),
                (int) score.touches().count(),
                at
              });
        });
    template.batchUpdate(
        dialect.upsert("lead_state", "version_id, person_id", COLUMNS, UPDATED),
        rows,
        new int[] {
          Types.BIGINT,
          Types.BIGINT,
          Types.BIGINT,
          Types.BIGINT,
          Types.DOUBLE,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.INTEGER,
          Types.TIMESTAMP_WITH_TIMEZONE
        });
  }

  /**
   * The moment to score a stored lead at: its last event, so every event counts and nothing decays
   * yet.
   */
  public static Instant asOfLastEvent(List<nl.hengel.engine.Event> events, Instant otherwise) {
    Instant last = null;
    for (nl.hengel.engine.Event e : events) {
      if (last == null || e.at().isAfter(last)) {
        last = e.at();
      }
    }
    return last == null ? otherwise : last;
  }
}
