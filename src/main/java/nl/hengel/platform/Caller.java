package nl.hengel.platform;

import java.util.Set;

/**
 * Who is making this request, in which workspace, with which roles. Every capability takes the
 * workspace from here, never from the request body, so no caller can reach another's data.
 */
public record Caller(UserId user, String email, WorkspaceId workspace, Set<Role> roles) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** True when the caller may change data: any role but a lone analyst. */
  public boolean mayWrite() {
    return roles.stream().anyMatch(role -> role != Role.ANALYST);
  }

  /** The actor name recorded in audit trails. */
  public String actor() {
    return "user:" + email;
  }
}
