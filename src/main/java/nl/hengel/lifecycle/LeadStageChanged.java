package nl.hengel.lifecycle;

import nl.hengel.platform.WorkspaceId;

/**
 * A lead moved to another stage; published inside the transaction that stored the move, with the
 * lead as it is after it.
 */
public record LeadStageChanged(WorkspaceId workspace, StageChange change, Lead lead) {}
