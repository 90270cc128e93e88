package nl.hengel.lifecycle;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nl.hengel.lifecycle.internal.TransitionPolicies;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the pasts of leads in bulk, as they happened: the stage history with its own times and
 * actors, and the lead as that history leaves it. Unlike a live move, nothing is routed, no SLA
 * clock starts and no stage change is published — it already happened; only {@link
 * LeadPastsRecorded} says which leads got a past, for derived state such as analytics. The
 * waterfall's shape is still enforced (no step outside its paths, none skipping acceptance, times
 * in order), and a lead that has a history already is left alone, so recording the same pasts again
 * changes nothing.
 */
@Service
public class LeadHistories {

  /** What became of a batch of pasts. */
  public record Outcome(int recorded, int alreadyKnown, List<Refusal> refused) {}

  /** A past that was not recorded, and why. */
  public record Refusal(PersonId person, String reason) {}

  private static final int CHUNK = 2_000;

  private final JdbcTemplate jdbc;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  LeadHistories(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
    this.jdbc = jdbc;
    this.events = events;
    this.clock = clock;
  }

  @Transactional
  public Outcome record(WorkspaceId ws, List<PastLead> pasts) {
    var refused = new ArrayList<Refusal>();
    var valid = new ArrayList<PastLead>(pasts.size());
    for (PastLead past : pasts) {
      String fault = fault(past);
      if (fault == null) {
        valid.add(past);
      } else {
        refused.add(new Refusal(past.person(), fault));
      }
    }
    int recorded = 0;
    int known = 0;
    for (int from = 0; from < valid.size(); from += CHUNK) {
      List<PastLead> chunk = valid.subList(from, Math.min(valid.size(), from + CHUNK));
      Set<Long> people = ids(ws, chunk, "select id from person where workspace_id = ? and id in (");
      for (PastLead p : chunk) {
        if (!people.contains(p.person().value())) {
          refused.add(
              new Refusal(p.person(), "no person " + p.person().value() + " in this workspace"));
        }
      }
      Set<Long> existing =
          ids(ws, chunk, "select person_id from lead where workspace_id = ? and person_id in (");
      var fresh =
          chunk.stream()
              .filter(p -> people.contains(p.person().value()))
              .filter(p -> !existing.contains(p.person().value()))
              .toList();
      known += (int) chunk.stream().filter(p -> existing.contains(p.person().value())).count();
      insert(ws, fresh);
      recorded += fresh.size();
      if (!fresh.isEmpty()) {
        events.publishEvent(
            new LeadPastsRecorded(ws, fresh.stream().map(PastLead::person).toList()));
      }
    }
    return new Outcome(recorded, known, List.copyOf(refused));
  }

  /** Why a past cannot be recorded, or null when it can. */
  static String fault(PastLead past) {
    if (past.steps().isEmpty()) {
      return "a past has at least one step";
    }
    Stage stage = Stage.NEW;
    Instant last = Instant.MIN;
    for (PastLead.Step step : past.steps()) {
      if (step.at().isBefore(last)) {
        return "step to "
            + step.stage().key()
            + " at "
            + step.at()
            + " comes before the step before it";
      }
      if (!TransitionPolicies.isPath(stage, step.stage())) {
        return "no path from " + stage.key() + " to " + step.stage().key();
      }
      stage = step.stage();
      last = step.at();
    }
    return null;
  }

  private Set<Long> ids(WorkspaceId ws, List<PastLead> chunk, String query) {
    var ids = new HashSet<Long>();
    if (chunk.isEmpty()) {
      return ids;
    }
    var marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
    var args = new ArrayList<Object>();
    args.add(ws.value());
    chunk.forEach(p -> args.add(p.person().value()));
    jdbc.query(
        query + marks + ")",
        rs -> {
          ids.add(rs.getLong(1));
        },
        args.toArray());
    return ids;
  }

  private void insert(WorkspaceId ws, List<PastLead> pasts) {
    if (pasts.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    var leads = new ArrayList<Object[]>(pasts.size());
    var steps = new ArrayList<Object[]>();
    for (PastLead past : pasts) {
      Stage from = Stage.NEW;
      Instant mqlAt = null;
      int mqls = 0;
      Owner owner = null;
      Instant assignedAt = null;
      Instant acceptedAt = null;
      for (PastLead.Step step : past.steps()) {
        if (step.stage() == Stage.MQL) {
          mqlAt = step.at();
          mqls++;
        }
        if (step.owner() != null && !step.owner().equals(owner)) {
          owner = step.owner();
          assignedAt = step.at();
        }
        if (step.stage() == Stage.SAL) {
          acceptedAt = step.at();
        }
        steps.add(
            new Object[] {
              ws.value(),
              past.person().value(),
              from.key(),
              step.stage().key(),
              step.actor(),
              step.reason(),
              step.comment(),
              Sql.ts(step.at())
            });
        from = step.stage();
      }
      PastLead.Step last = past.steps().getLast();
      leads.add(
          new Object[] {
            past.person().value(),
            ws.value(),
            last.stage().key(),
            Sql.ts(last.at()),
            Sql.ts(mqlAt),
            mqls,
            owner == null ? null : owner.user().value(),
            Sql.ts(assignedAt),
            Sql.ts(acceptedAt),
            past.source(),
            past.campaign(),
            Sql.ts(past.steps().getFirst().at()),
            Sql.ts(now)
          });
    }
    jdbc.batchUpdate(
        """
        insert into lead (person_id, workspace_id, stage, stage_since, mql_at, mql_count,
          owner_user_id, assigned_at, accepted_at, source, campaign, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        leads,
        new int[] {
          Types.BIGINT,
          Types.BIGINT,
          Types.VARCHAR,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.INTEGER,
          Types.BIGINT,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.TIMESTAMP_WITH_TIMEZONE,
          Types.TIMESTAMP_WITH_TIMEZONE
        });
    jdbc.batchUpdate(
        """
        insert into lead_transition (workspace_id, person_id, from_stage, to_stage, actor,
          reason_code, comment, at)
        values (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        steps,
        new int[] {
          Types.BIGINT,
          Types.BIGINT,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.TIMESTAMP_WITH_TIMEZONE
        });
  }
}
