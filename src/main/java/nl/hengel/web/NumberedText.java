package nl.hengel.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.hengel.engine.LintIssue;

/**
 * A definition text as a page shows it: one row per line with its number, and the lint's issues at
 * that line, so an error is read where it is. An issue past the last line (a YAML error at the end)
 * goes to the last line.
 */
public record NumberedText(List<Line> lines, boolean errors) {

  /** One line of the text and the issues found on it. */
  public record Line(int number, String text, List<LintIssue> issues) {

    public boolean hasError() {
      return issues.stream().anyMatch(LintIssue::isError);
    }

    public boolean hasWarning() {
      return !issues.isEmpty() && !hasError();
    }
  }

  public NumberedText {
    lines = List.copyOf(lines);
  }

  static NumberedText of(String text, List<LintIssue> issues) {
    List<String> texts = text.lines().toList();
    if (texts.isEmpty()) {
      texts = List.of("");
    }
    Map<Integer, List<LintIssue>> byLine = new TreeMap<>();
    for (LintIssue issue : issues) {
      int at = Math.max(1, Math.min(issue.line(), texts.size()));
      byLine.computeIfAbsent(at, k -> new ArrayList<>()).add(issue);
    }
    var lines = new ArrayList<Line>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      lines.add(new Line(i + 1, texts.get(i), byLine.getOrDefault(i + 1, List.of())));
    }
    return new NumberedText(lines, issues.stream().anyMatch(LintIssue::isError));
  }
}
