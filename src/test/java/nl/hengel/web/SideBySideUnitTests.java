package nl.hengel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.hengel.web.SideBySide.Kind;
import nl.hengel.web.SideBySide.Row;
import org.junit.jupiter.api.Test;

class SideBySideUnitTests {

  static String lines(int from, int to) {
    var sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      sb.append("line ").append(i).append('\n');
    }
    return sb.toString();
  }

  @Test
  void lines_outside_the_hunks_are_unchanged_and_a_changed_line_pairs_old_with_new() {
    String left = lines(1, 12);
    String right = left.replace("line 6\n", "line six\n").replace("line 11\n", "");
    String unified =
        nl.hengel.definition.internal.TextDiff.unified("version 1", left, "version 2", right);

    List<Row> rows = SideBySide.rows(left, right, unified);

    assertThat(rows).hasSize(12);
    assertThat(rows.getFirst()).isEqualTo(new Row(Kind.SAME, 1, "line 1", 1, "line 1"));
    assertThat(rows.get(5)).isEqualTo(new Row(Kind.CHANGED, 6, "line 6", 6, "line six"));
    assertThat(rows.get(10)).isEqualTo(new Row(Kind.REMOVED, 11, "line 11", null, null));
    assertThat(rows.getLast()).isEqualTo(new Row(Kind.SAME, 12, "line 12", 11, "line 12"));
  }

  @Test
  void an_added_line_has_no_left_side_and_moves_the_right_numbers_on() {
    String left = lines(1, 3);
    String right = "line 0\n" + left;
    String unified =
        nl.hengel.definition.internal.TextDiff.unified("version 1", left, "version 2", right);

    List<Row> rows = SideBySide.rows(left, right, unified);

    assertThat(rows)
        .containsExactly(
            new Row(Kind.ADDED, null, null, 1, "line 0"),
            new Row(Kind.SAME, 1, "line 1", 2, "line 1"),
            new Row(Kind.SAME, 2, "line 2", 3, "line 2"),
            new Row(Kind.SAME, 3, "line 3", 4, "line 3"));
  }

  @Test
  void equal_texts_are_all_unchanged() {
    assertThat(SideBySide.rows(lines(1, 2), lines(1, 2), ""))
        .extracting(Row::kind)
        .containsExactly(Kind.SAME, Kind.SAME);
  }
}
