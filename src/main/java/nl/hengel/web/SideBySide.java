package nl.hengel.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Two texts side by side, row by row, from their unified diff ({@code diff -u}, as {@code
 * Definitions.diff} answers it): lines outside the hunks are taken from the texts themselves as
 * unchanged, and within a hunk each run of removed lines is paired with the added lines after it.
 */
public final class SideBySide {

  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  /** How a row differs. */
  public enum Kind {
    SAME,
    CHANGED,
    REMOVED,
    ADDED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One row: the left line (number and text, absent when added) and the right one. */
  public record Row(
      Kind kind,
      @Nullable Integer leftNumber,
      @Nullable String left,
      @Nullable Integer rightNumber,
      @Nullable String right) {

    public String kindKey() {
      return kind.key();
    }
  }

  private SideBySide() {}

  static List<Row> rows(String leftText, String rightText, String unified) {
    List<String> left = leftText.lines().toList();
    List<String> right = rightText.lines().toList();
    var rows = new ArrayList<Row>();
    int l = 1; // next line of the left text, 1-based
    int r = 1;
    var removed = new ArrayList<String>();
    var added = new ArrayList<String>();
    boolean inHunk = false;
    for (String line : unified.lines().toList()) {
      Matcher hunk = HUNK.matcher(line);
      if (hunk.find()) {
        int[] at = pairUp(rows, removed, added, l, r);
        l = at[0];
        r = at[1];
        int start = Integer.parseInt(hunk.group(1));
        if ("0".equals(hunk.group(2))) {
          start++; // an empty left range names the line before it
        }
        while (l < start && l <= left.size()) {
          rows.add(new Row(Kind.SAME, l, left.get(l - 1), r, right.get(r - 1)));
          l++;
          r++;
        }
        inHunk = true;
        continue;
      }
      if (!inHunk || line.startsWith("\\")) {
        continue; // the --- / +++ header, or "\ No newline at end of file"
      }
      char mark = line.isEmpty() ? ' ' : line.charAt(0);
      String text = line.isEmpty() ? "" : line.substring(1);
      switch (mark) {
        case '-' -> {
          if (!added.isEmpty()) {
            int[] at = pairUp(rows, removed, added, l, r);
            l = at[0];
            r = at[1];
          }
          removed.add(text);
        }
        case '+' -> added.add(text);
        default -> {
          int[] at = pairUp(rows, removed, added, l, r);
          l = at[0];
          r = at[1];
          rows.add(new Row(Kind.SAME, l++, text, r++, text));
        }
      }
    }
    int[] at = pairUp(rows, removed, added, l, r);
    l = at[0];
    r = at[1];
    while (l <= left.size() && r <= right.size()) {
      rows.add(new Row(Kind.SAME, l, left.get(l - 1), r, right.get(r - 1)));
      l++;
      r++;
    }
    return rows;
  }

  /** Emits the pending removed and added lines as rows; answers the next line numbers. */
  private static int[] pairUp(
      List<Row> rows, List<String> removed, List<String> added, int l, int r) {
    int n = Math.max(removed.size(), added.size());
    for (int i = 0; i < n; i++) {
      boolean hasLeft = i < removed.size();
      boolean hasRight = i < added.size();
      Kind kind = hasLeft && hasRight ? Kind.CHANGED : hasLeft ? Kind.REMOVED : Kind.ADDED;
      rows.add(
          new Row(
              kind,
              hasLeft ? l++ : null,
              hasLeft ? removed.get(i) : null,
              hasRight ? r++ : null,
              hasRight ? added.get(i) : null));
    }
    removed.clear();
    added.clear();
    return new int[] {l, r};
  }
}
