package nl.hengel.handoff.internal;

import java.util.List;
import nl.hengel.access.TeamId;
import org.jspecify.annotations.Nullable;

/** A workspace's territory rules in order, and its fallback team, as stored. */
public record StoredRules(
    List<StoredTerritory> territories, @Nullable TeamId fallback, @Nullable String fallbackName) {

  public StoredRules {
    territories = List.copyOf(territories);
  }
}
