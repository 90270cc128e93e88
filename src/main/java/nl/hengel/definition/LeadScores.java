package nl.hengel.definition;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hengel.definition.internal.CompiledVersions;
import nl.hengel.definition.internal.LeadLoader;
import nl.hengel.definition.internal.ScoringQueue;
import nl.hengel.engine.LeadScore;
import nl.hengel.engine.Scoring;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.People;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Every lead's score under the workspace's definition: the stored state under the active version,
 * and an explanation computed on demand by the same fold (why MQL, or what is missing).
 */
@Service
public class LeadScores {

  private final JdbcClient jdbc;
  private final CompiledVersions versions;
  private final LeadLoader loader;
  private final ScoringQueue queue;
  private final People people;
  private final Clock clock;

  LeadScores(
      JdbcClient jdbc,
      CompiledVersions versions,
      LeadLoader loader,
      ScoringQueue queue,
      People people,
      Clock clock) {
    this.jdbc = jdbc;
    this.versions = versions;
    this.loader = loader;
    this.queue = queue;
    this.people = people;
    this.clock = clock;
  }

  /**
   * A lead's stored score under the active version. {@code engagement} is decayed to now; {@code
   * pending} says newer data waits in the scoring queue.
   */
  public record Stored(
      PersonId person,
      int version,
      long fit,
      double engagement,
      @Nullable Instant mqlAt,
      int touches,
      @Nullable Instant lastEventAt,
      Instant scoredAt,
      boolean pending) {}

  /** An explanation computed now, by the version it names. */
  public record Explained(PersonId person, int version, LeadScore score) {}

  public Optional<Stored> stored(WorkspaceId ws, PersonId id) {
    PersonId person = people.get(ws, id).id();
    Optional<CompiledVersions.Version> active = versions.active(ws);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    CompiledVersions.Version version = active.get();
    double halfLife = version.compiled().definition().engagement().halfLife().toMillis();
    Instant now = clock.instant();
    boolean pending =
        jdbc.sql("select count(*) from scoring_queue where person_id = ?")
                .param(person.value())
                .query(Long.class)
                .single()
            > 0;
    return jdbc.sql("select * from lead_state where version_id = ? and person_id = ?")
        .params(version.id(), person.value())
        .query((rs, n) -> {
          Instant last = Sql.instant(rs, "last_event_at");
          double engagement = rs.getDouble("engagement");
          if (last != null && now.isAfter(last)) {
            engagement *= Math.pow(0.5, (now.toEpochMilli() - last.toEpochMilli()) / halfLife);
          }
          return new Stored(
              person,
              version.number(),
              rs.getLong("fit"),
              engagement,
              Sql.instant(rs, "mql_at"),
              rs.getInt("touches"),
              last,
              Sql.instant(rs, "scored_at"),
              pending);
        })
        .optional();
  }

  /**
   * Folds the lead now under the active version, or the given version number, with its explanation.
   */
  public Explained explain(WorkspaceId ws, PersonId id, @Nullable Integer versionNumber) {
    PersonId person = people.get(ws, id).id();
    CompiledVersions.Version version =
        versionNumber == null
            ? versions
                .active(ws)
                .orElseThrow(() ->
                    Problem.conflict(
                        "definition.none-active",
                        "No definition is active in this workspace yet; name a version to explain by."))
            : versions
                .byNumber(ws, versionNumber)
                .orElseThrow(() ->
                    Problem.notFound(
                        "definition.version-not-found",
                        "No definition version " + versionNumber + " in this workspace."));
    List<LeadLoader.Lead> leads = loader.load(ws, List.of(person.value()));
    LeadLoader.Lead lead = leads.getFirst();
    Instant now = clock.instant();
    Instant last =
        lead.events().stream().map(nl.hengel.engine.Event::at).max(Instant::compareTo).orElse(now);
    LeadScore score =
        new Scoring(version.compiled())
            .score(
                lead.facts(version.compiled()),
                lead.events(),
                last.isAfter(now) ? last : now,
                true);
    return new Explained(person, version.number(), score);
  }

  /** How many people of the workspace wait to be scored. */
  public long waiting(WorkspaceId ws) {
    return queue.waiting(ws);
  }
}
