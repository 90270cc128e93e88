package nl.hengel.timeline;

import java.util.Comparator;

/** How another system knows a person: that system's name and its own id there. */
public record ExternalKey(String source, String id) implements Comparable<ExternalKey> {

  private static final Comparator<ExternalKey> ORDER =
      Comparator.comparing(ExternalKey::source).thenComparing(ExternalKey::id);

  @Override
  public int compareTo(ExternalKey other) {
    return ORDER.compare(this, other);
  }
}
