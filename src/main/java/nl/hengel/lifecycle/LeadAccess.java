package nl.hengel.lifecycle;

import java.util.Set;
import nl.hengel.access.Team;
import nl.hengel.access.TeamMember;
import nl.hengel.access.Teams;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.springframework.stereotype.Component;

/**
 * Whether someone may act for a lead's owner: the owner; a member or the manager of the lead's team
 * or of a team the owner is in; an admin; or anyone while the lead has no owner.
 */
@Component
public class LeadAccess {

  private final Teams teams;

  LeadAccess(Teams teams) {
    this.teams = teams;
  }

  /** The refusal a person reads when they act on a lead that is not theirs to act on. */
  public static String notYours(Lead lead) {
    return "This lead is owned by "
        + lead.owner().email()
        + "; sales acts only on its own or its team's leads.";
  }

  /** Refuses, as the lifecycle's own-leads policy does, a caller who may not act for the owner. */
  public void require(Caller caller, Lead lead) {
    if (!actsFor(caller.workspace(), Actor.of(caller), caller.roles(), lead)) {
      throw Problem.forbidden("lifecycle.not-your-lead", notYours(lead));
    }
  }

  public boolean actsFor(WorkspaceId ws, Actor actor, Set<Role> roles, Lead lead) {
    if (roles.contains(Role.ADMIN) || lead.owner() == null) {
      return true;
    }
    UserId me = actor.user();
    if (me == null || lead.owner().user().equals(me)) {
      return me != null;
    }
    for (Team team : teams.teamsOf(ws, me)) {
      if (lead.team() != null && team.id().value() == lead.team()) {
        return true;
      }
      if (team.members().stream().map(TeamMember::user).anyMatch(lead.owner().user()::equals)) {
        return true;
      }
    }
    return teams.isManagerOf(ws, me, lead.owner().user());
  }
}
