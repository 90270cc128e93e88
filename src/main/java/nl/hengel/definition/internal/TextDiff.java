package nl.hengel.definition.internal;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/** The unified diff of two texts, as {@code diff -u} prints it; empty when they are equal. */
public final class TextDiff {

  private static final int CONTEXT_LINES = 3;

  private TextDiff() {}

  public static String unified(String fromName, String from, String toName, String to) {
    List<String> a = lines(from);
    List<String> b = lines(to);
    Patch<String> patch = DiffUtils.diff(a, b);
    if (patch.getDeltas().isEmpty()) {
      return "";
    }
    return String.join(
            "\n", UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, CONTEXT_LINES))
        + "\n";
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }
}
