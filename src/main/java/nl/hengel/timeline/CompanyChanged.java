package nl.hengel.timeline;

import nl.hengel.platform.WorkspaceId;

/**
 * Published inside the transaction that changed a company's attributes; its people may score
 * differently.
 */
public record CompanyChanged(WorkspaceId workspace, CompanyId company) {}
