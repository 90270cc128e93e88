package nl.hengel.access;

import java.util.Set;
import nl.hengel.platform.Role;

/** One workspace a user belongs to, with the roles held there. */
public record Membership(Workspace workspace, Set<Role> roles) {

  public Membership {
    roles = Set.copyOf(roles);
  }
}
