package nl.hengel.timeline;

import java.util.Set;
import nl.hengel.platform.WorkspaceId;

/**
 * Published inside the transaction that changed what is known about these people (their attributes,
 * their company, or a merge that gave them another's interactions), so derived state (scores) is
 * brought up to date.
 */
public record PeopleChanged(WorkspaceId workspace, Set<PersonId> people) {}
