package nl.hengel.access;

import java.util.Set;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;

/**
 * A user as a member of one workspace, with the roles held there; {@code canSignIn} is false for a
 * member without a password (one an import created from a name in a CRM, or one not yet given a
 * password), who cannot sign in to the browser.
 */
public record Member(
    UserId id, String email, String displayName, Set<Role> roles, boolean canSignIn) {

  public Member {
    roles = Set.copyOf(roles);
  }
}
