package nl.hengel.lifecycle;

import java.util.List;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;

/**
 * {@link LeadHistories} recorded the pasts of these leads, inside the transaction that wrote them;
 * capabilities that keep derived state per lead (analytics) bring it up to date from the history.
 */
public record LeadPastsRecorded(WorkspaceId workspace, List<PersonId> people) {

  public LeadPastsRecorded {
    people = List.copyOf(people);
  }
}
