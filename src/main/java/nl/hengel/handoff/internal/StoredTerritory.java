package nl.hengel.handoff.internal;

import java.util.List;
import nl.hengel.access.TeamId;
import nl.hengel.platform.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A territory rule as stored: its target by identity (exactly one of team and user), with the
 * current team name or user e-mail for display.
 */
public record StoredTerritory(
    String name,
    List<String> countries,
    @Nullable Long minEmployees,
    @Nullable Long maxEmployees,
    @Nullable TeamId team,
    @Nullable String teamName,
    @Nullable UserId user,
    @Nullable String userEmail) {

  public StoredTerritory {
    countries = List.copyOf(countries);
  }
}
