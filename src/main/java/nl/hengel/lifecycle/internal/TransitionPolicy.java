package nl.hengel.lifecycle.internal;

import java.util.List;
import java.util.Set;
import nl.hengel.lifecycle.Actor;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.Move;
import nl.hengel.lifecycle.Reason;
import nl.hengel.lifecycle.Verdict;
import nl.hengel.platform.Role;

/** One named rule about moving a lead from stage to stage; it allows a move or says why not. */
public interface TransitionPolicy {

  /**
   * Everything a policy may look at: the lead as it is, the move asked for, who asks with which
   * roles, the reason codes the workspace accepts for this move (empty when it needs none), and
   * whether the actor may act for the lead's owner (its owner, a teammate, their manager, an admin,
   * or anyone while the lead has no owner).
   */
  record Attempt(
      Lead lead,
      Move move,
      Actor actor,
      Set<Role> roles,
      List<Reason> reasons,
      boolean actsForOwner) {

    boolean any(Role... wanted) {
      for (Role r : wanted) {
        if (roles.contains(r)) {
          return true;
        }
      }
      return false;
    }
  }

  Verdict check(Attempt attempt);
}
