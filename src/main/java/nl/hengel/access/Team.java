package nl.hengel.access;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A named team of workspace members with an optional manager; {@code members} are in user id order,
 * which is the round-robin order of routing.
 */
public record Team(TeamId id, String name, @Nullable TeamMember manager, List<TeamMember> members) {

  public Team {
    members = List.copyOf(members);
  }
}
