package nl.hengel.lifecycle;

import nl.hengel.platform.Caller;
import nl.hengel.platform.UserId;
import org.jspecify.annotations.Nullable;

/** Who made a transition: a person using Hengel, or Hengel itself ({@link #SYSTEM}). */
public record Actor(@Nullable UserId user, String name) {

  public static final Actor SYSTEM = new Actor(null, "system");

  public static Actor of(Caller caller) {
    return new Actor(caller.user(), caller.actor());
  }

  public boolean isSystem() {
    return user == null;
  }
}
