package nl.hengel.engine;

/**
 * One finding of the lint: where (1-based line and column in the YAML text), how bad, a stable code
 * ({@code definition.lint.unknown-variable}) and a message for people.
 */
public record LintIssue(int line, int column, Severity severity, String code, String message) {

  public enum Severity {
    ERROR,
    WARNING;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The compiler-style line: {@code FILE:LINE:COL: error: message [code]}. */
  public String format(String file) {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + severity.key()
        + ": "
        + message
        + " ["
        + code
        + "]";
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
