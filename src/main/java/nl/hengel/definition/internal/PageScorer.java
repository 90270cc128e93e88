package nl.hengel.definition.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import nl.hengel.definition.LeadsScored;
import nl.hengel.engine.Scoring;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Scores a page of leads under one version with the engine's one fold and stores the results; the
 * live scorer and the re-evaluation both go through here. Must run inside a transaction.
 */
@Component
public class PageScorer {

  private final LeadLoader loader;
  private final LeadStates states;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  PageScorer(
      LeadLoader loader,
      LeadStates states,
      JdbcClient jdbc,
      Clock clock,
      ApplicationEventPublisher events) {
    this.loader = loader;
    this.states = states;
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
  }

  /** Scores and stores these people; answers how many leads were scored. */
  public int score(WorkspaceId ws, CompiledVersions.Version version, List<Long> personIds) {
    List<LeadLoader.Lead> leads = loader.load(ws, personIds);
    var scoring = new Scoring(version.compiled());
    var scored = new ArrayList<LeadStates.Scored>(leads.size());
    var now = clock.instant();
    var present = new HashSet<Long>();
    for (LeadLoader.Lead lead : leads) {
      present.add(lead.personId());
      scored.add(
          new LeadStates.Scored(
              lead.personId(),
              scoring.score(
                  lead.facts(version.compiled()),
                  lead.events(),
                  LeadStates.asOfLastEvent(lead.events(), now),
                  false)));
    }
    states.replace(ws, version.id(), scored, now);
    var qualified = new ArrayList<LeadsScored.Qualified>();
    for (LeadStates.Scored s : scored) {
      if (s.score().mqlAt() != null) {
        qualified.add(new LeadsScored.Qualified(new PersonId(s.personId()), s.score().mqlAt()));
      }
    }
    events.publishEvent(new LeadsScored(ws, version.id(), qualified));
    var gone = personIds.stream().filter(id -> !present.contains(id)).toList();
    if (!gone.isEmpty()) {
      // Merged away: the survivor carries their interactions and their score now.
      jdbc.sql("delete from lead_state where version_id = :v and person_id in (:ids)")
          .param("v", version.id())
          .param("ids", gone)
          .update();
    }
    return leads.size();
  }
}
