package nl.hengel.definition;

import java.util.List;
import nl.hengel.engine.LintIssue;

/**
 * What became of an uploaded definition text: a new draft version, or nothing because it has
 * errors.
 */
public sealed interface UploadOutcome {

  /** Stored as a new draft; the warnings did not block it. */
  record Stored(DefinitionVersion version, List<LintIssue> warnings) implements UploadOutcome {
    public Stored {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Not stored: at least one issue is an error. Every issue is listed, warnings too, in text order.
   */
  record Refused(List<LintIssue> issues) implements UploadOutcome {
    public Refused {
      issues = List.copyOf(issues);
    }

    public List<LintIssue> errors() {
      return issues.stream().filter(LintIssue::isError).toList();
    }

    public List<LintIssue> warnings() {
      return issues.stream().filter(i -> !i.isError()).toList();
    }
  }
}
