package nl.hengel.lifecycle;

import java.util.Set;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import org.springframework.stereotype.Component;

/**
 * Whether someone may act for a lead's owner: the owner, an admin, or anyone while the lead has no
 * owner.
 */
@Component
public class LeadAccess {

  public boolean actsFor(WorkspaceId ws, Actor actor, Set<Role> roles, Lead lead) {
    if (roles.contains(Role.ADMIN) || lead.owner() == null) {
      return true;
    }
    return lead.owner().user().equals(actor.user());
  }
}
