package nl.hengel.platform;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a member may do in a workspace. A member holds one or more roles. */
public enum Role {
  /** Manages users, tokens and settings of the workspace, and may do everything else. */
  ADMIN,
  /** Writes the lead definition with sales, runs campaigns and nurture. */
  MARKETING,
  /** Accepts or rejects leads and follows them up. */
  SALES,
  /** The customer contact centre: logs service interactions onto the timeline. */
  SERVICE,
  /** Reads everything in the workspace, changes nothing. */
  ANALYST;

  /** The lower-case name used in the API, the CLI and storage. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses one role name, case-insensitively; throws {@link IllegalArgumentException} naming the
   * valid ones.
   */
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(text.trim())) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + text + "', expected one of " + names());
  }

  /** Parses a comma-separated role list as stored. */
  public static Set<Role> parseAll(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return EnumSet.noneOf(Role.class);
    }
    return Arrays.stream(commaSeparated.split(","))
        .filter(s -> !s.isBlank())
        .map(Role::parse)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
  }

  /** The stored form: lower-case names, comma-separated, in declaration order. */
  public static String format(Set<Role> roles) {
    return roles.stream().sorted().map(Role::key).collect(Collectors.joining(","));
  }

  public static String names() {
    return Arrays.stream(values()).map(Role::key).collect(Collectors.joining(", "));
  }
}
