package nl.hengel.access;

import java.util.Set;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;

/** A user as a member of one workspace, with the roles held there. */
public record Member(UserId id, String email, String displayName, Set<Role> roles) {

  public Member {
    roles = Set.copyOf(roles);
  }
}
