package nl.hengel.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hengel.engine.internal.DefinitionReader;

/**
 * Checks a lead definition's YAML text and compiles it: every structural fault, unknown key, bad
 * duration, missing owner, unknown variable, CEL type error, duplicate rule name, impossible gate
 * and never-matching rule, each with the line and column it is at. The definition is usable only
 * when no error was found; warnings do not block it.
 */
public final class Lint {

  private Lint() {}

  /** Every finding in text order, and the compiled definition when there was no error. */
  public record Result(List<LintIssue> issues, Optional<CompiledDefinition> compiled) {

    public boolean hasErrors() {
      return issues.stream().anyMatch(LintIssue::isError);
    }

    public List<LintIssue> errors() {
      return issues.stream().filter(LintIssue::isError).toList();
    }
  }

  public static Result check(String yaml) {
    return check(yaml, Variables.KNOWN_TYPES);
  }

  /** Checks with the interaction types this workspace's sources are known to send. */
  public static Result check(String yaml, Set<String> knownTypes) {
    DefinitionReader.Result read = DefinitionReader.read(yaml == null ? "" : yaml);
    var issues = new ArrayList<>(read.issues());
    Optional<CompiledDefinition> compiled = Optional.empty();
    if (!read.definition().name().isEmpty()
        || !read.definition().fit().isEmpty()
        || !read.definition().mql().isEmpty()) {
      CompiledDefinition.Compilation compilation =
          CompiledDefinition.compile(read.definition(), read.mqlPosition(), knownTypes);
      issues.addAll(compilation.issues());
      compiled = compilation.compiled();
    }
    issues.sort(Comparator.comparingInt(LintIssue::line).thenComparingInt(LintIssue::column));
    boolean errors = issues.stream().anyMatch(LintIssue::isError);
    return new Result(List.copyOf(issues), errors ? Optional.empty() : compiled);
  }

  /**
   * Compiles a definition that must be valid (a stored, approved version); fails loudly otherwise.
   */
  public static CompiledDefinition compileValid(String yaml) {
    Result result = check(yaml);
    return result
        .compiled()
        .orElseThrow(() ->
            new IllegalArgumentException(
                "the definition has errors: "
                    + result.errors().stream().map(i -> i.format("definition")).toList()));
  }
}
