package nl.hengel.definition;

import java.util.Optional;
import nl.hengel.platform.WorkspaceId;

/**
 * Activation's second half: re-scores every lead of the workspace under an approved version in the
 * background, then switches the workspace to it in one transaction (the previous active version is
 * retired). Readers see the previous version's scores until the switch.
 */
public interface Reevaluations {

  /**
   * Starts re-evaluating under an approved version and marks it activating. Refused (conflict) if
   * the version is not approved or a re-evaluation of the workspace is running.
   */
  Reevaluation start(WorkspaceId workspace, long versionId, String actor);

  /** The latest re-evaluation of a version, if any. */
  Optional<Reevaluation> latest(WorkspaceId workspace, long versionId);
}
