package nl.hengel.handoff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's routing document: territory rules tried in order (the first that matches wins) and
 * the team that takes leads no rule matches.
 */
public record RoutingRules(
    @Nullable List<@Nullable Territory> territories, @Nullable String fallbackTeam) {

  public RoutingRules {
    // Not List.copyOf: a null entry sent by a client must reach validation, not fail here.
    territories =
        territories == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(territories));
  }
}
