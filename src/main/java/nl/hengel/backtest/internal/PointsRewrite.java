package nl.hengel.backtest.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Rewrites a definition's text in place: new {@code points:} values for named rules and a suffix on
 * its {@code name:}, everything else — comments, order, flow or block style, spacing — left as it
 * was, so the diff of the two versions shows only the suggestion. Values are found by reading the
 * text as YAML nodes, whose marks say exactly where each value starts and ends.
 */
public final class PointsRewrite {

  /** Appended to the name of a definition with suggested weights. */
  public static final String SUFFIX = " (suggested weights)";

  /** The longest name a version keeps (see Definitions). */
  static final int MAX_NAME = 200;

  private PointsRewrite() {}

  private record Edit(int start, int end, String text) {}

  /**
   * The text with each rule's points replaced ({@code fit} and {@code engagement} by rule name;
   * rules not named keep theirs) and the name suffixed (not again if it already ends so, and cut to
   * keep within 200 characters).
   */
  public static String rewrite(String yaml, Map<String, Long> fit, Map<String, Long> engagement) {
    Node root = compose(yaml);
    if (!(root instanceof MappingNode top)) {
      throw new IllegalArgumentException("the definition is not a YAML mapping");
    }
    var edits = new ArrayList<Edit>();
    Node name = value(top, "name");
    if (name instanceof ScalarNode s) {
      rename(yaml, s, edits);
    }
    rules(yaml, value(top, "fit"), fit, edits);
    Node section = value(top, "engagement");
    if (section instanceof MappingNode m) {
      rules(yaml, value(m, "rules"), engagement, edits);
    }
    edits.sort(Comparator.comparingInt(Edit::start).reversed());
    var text = new StringBuilder(yaml);
    int limit = Integer.MAX_VALUE;
    for (Edit e : edits) {
      if (e.end() > limit) {
        throw new IllegalArgumentException(
            "two rules share one points value (a YAML alias); write them out to rewrite them");
      }
      text.replace(e.start(), e.end(), e.text());
      limit = e.start();
    }
    return text.toString();
  }

  private static void rules(
      String yaml, @Nullable Node list, Map<String, Long> points, List<Edit> edits) {
    if (!(list instanceof SequenceNode sequence)) {
      return;
    }
    for (Node item : sequence.getValue()) {
      if (item instanceof MappingNode rule
          && value(rule, "name") instanceof ScalarNode name
          && value(rule, "points") instanceof ScalarNode old
          && points.containsKey(name.getValue())) {
        long suggested = points.get(name.getValue());
        try {
          if (Long.parseLong(old.getValue().trim()) == suggested) {
            continue;
          }
        } catch (NumberFormatException e) {
          // Not a number as written: replace it all the same.
        }
        edits.add(
            new Edit(
                index(yaml, old.getStartMark().getIndex()),
                index(yaml, old.getEndMark().getIndex()),
                Long.toString(suggested)));
      }
    }
  }

  private static void rename(String yaml, ScalarNode name, List<Edit> edits) {
    String value = name.getValue();
    if (value.endsWith(SUFFIX)) {
      return;
    }
    int start = index(yaml, name.getStartMark().getIndex());
    int end = index(yaml, name.getEndMark().getIndex());
    boolean fits = value.length() + SUFFIX.length() <= MAX_NAME;
    boolean oneLine = name.getStartMark().getLine() == name.getEndMark().getLine();
    if (fits && oneLine && name.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
      edits.add(new Edit(end, end, SUFFIX));
      return;
    }
    String base = value;
    if (!fits) {
      int keep = MAX_NAME - SUFFIX.length();
      if (Character.isHighSurrogate(base.charAt(keep - 1))) {
        keep--;
      }
      base = base.substring(0, keep).stripTrailing();
    }
    edits.add(new Edit(start, end, quoted(base + SUFFIX)));
  }

  /** A YAML double-quoted scalar of the text. */
  static String quoted(String text) {
    var out = new StringBuilder("\"");
    text.codePoints()
        .forEach(c -> {
          switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            default -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            }
          }
        });
    return out.append('"').toString();
  }

  private static @Nullable Node value(MappingNode mapping, String key) {
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  /** SnakeYAML marks count code points; the text is indexed by UTF-16 chars. */
  private static int index(String yaml, int codePoints) {
    return yaml.offsetByCodePoints(0, codePoints);
  }

  private static Node compose(String yaml) {
    var options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    return new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options)
        .compose(new StringReader(yaml));
  }
}
