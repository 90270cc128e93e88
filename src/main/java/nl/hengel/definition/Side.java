package nl.hengel.definition;

import java.util.Locale;
import java.util.Optional;
import nl.hengel.platform.Role;

/** The two sides that must approve a definition version before it may become active. */
public enum Side {
  MARKETING(Role.MARKETING),
  SALES(Role.SALES);

  private final Role role;

  Side(Role role) {
    this.role = role;
  }

  /** The role an approver of this side must hold in the workspace. */
  public Role role() {
    return role;
  }

  /** The other side: the one a different person must approve. */
  public Side other() {
    return this == MARKETING ? SALES : MARKETING;
  }

  /** The lower-case name used in the API, the CLI and storage. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code marketing} or {@code sales}, ignoring case. */
  public static Optional<Side> parse(String text) {
    for (Side side : values()) {
      if (text != null && side.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(side);
      }
    }
    return Optional.empty();
  }
}
