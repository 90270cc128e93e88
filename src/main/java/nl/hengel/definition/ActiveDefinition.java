package nl.hengel.definition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hengel.definition.internal.CompiledVersions;
import nl.hengel.definition.internal.LeadLoader;
import nl.hengel.engine.Definition;
import nl.hengel.engine.Event;
import nl.hengel.engine.Scoring;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.springframework.stereotype.Service;

/**
 * The definition version in force in a workspace, for the capabilities that act on its SLA and
 * recycle rules, and the engine's verdict on one lead under it.
 */
@Service
public class ActiveDefinition {

  /** The version in force: its id, its number and what it says. */
  public record InForce(long versionId, int number, Definition definition) {}

  private final CompiledVersions versions;
  private final LeadLoader loader;

  ActiveDefinition(CompiledVersions versions, LeadLoader loader) {
    this.versions = versions;
    this.loader = loader;
  }

  public Optional<InForce> of(WorkspaceId ws) {
    return versions.active(ws).map(v -> new InForce(v.id(), v.number(), v.compiled().definition()));
  }

  /**
   * The first moment, at or after {@code notBefore}, at which the lead meets the MQL gate of the
   * version in force, by the engine's one fold over all its events (a recycled lead qualifies again
   * only on new activity); empty when it does not, or when no version is in force.
   */
  public Optional<Instant> qualifyingMoment(WorkspaceId ws, PersonId person, Instant notBefore) {
    Optional<CompiledVersions.Version> active = versions.active(ws);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    List<LeadLoader.Lead> leads = loader.load(ws, List.of(person.value()));
    if (leads.isEmpty()) {
      return Optional.empty();
    }
    LeadLoader.Lead lead = leads.getFirst();
    var compiled = active.get().compiled();
    Instant last = lead.events().stream().map(Event::at).max(Instant::compareTo).orElse(notBefore);
    return Optional.ofNullable(
        new Scoring(compiled)
            .score(lead.facts(compiled), lead.events(), last, false, notBefore)
            .mqlAt());
  }
}
