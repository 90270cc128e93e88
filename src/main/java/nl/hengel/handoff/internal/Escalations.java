package nl.hengel.handoff.internal;

import java.util.Optional;
import nl.hengel.access.Team;
import nl.hengel.access.TeamId;
import nl.hengel.access.TeamMember;
import nl.hengel.access.Teams;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Who hears of a breach: the manager of the lead's team, else the manager of a team its owner is in
 * (not the owner themself).
 */
@Component
class Escalations {

  private final Teams teams;

  Escalations(Teams teams) {
    this.teams = teams;
  }

  Optional<String> managerFor(WorkspaceId ws, @Nullable Long team, @Nullable Long owner) {
    if (team != null) {
      Optional<String> manager =
          teams.find(ws, new TeamId(team)).map(Team::manager).map(TeamMember::email);
      if (manager.isPresent()) {
        return manager;
      }
    }
    if (owner == null) {
      return Optional.empty();
    }
    return teams.teamsOf(ws, new UserId(owner)).stream()
        .map(Team::manager)
        .filter(m -> m != null && m.user().value() != owner)
        .map(TeamMember::email)
        .findFirst();
  }
}
