package nl.hengel.timeline;

import org.jspecify.annotations.Nullable;

/**
 * How a caller points at a person: by Hengel id, by e-mail, by a key in another system, or by
 * e-mail and key together (which links the two, merging if they were two people).
 */
public record PersonRef(
    @Nullable Long id, @Nullable String email, @Nullable ExternalKey externalKey) {

  public static PersonRef byEmail(String email) {
    return new PersonRef(null, email, null);
  }

  public static PersonRef byKey(String source, String id) {
    return new PersonRef(null, null, new ExternalKey(source, id));
  }
}
