package nl.hengel.engine.internal;

import java.util.function.Predicate;

/** A condition run as plain Java (see {@link FastPath}). */
public record FastMatcher(Predicate<Ctx> predicate) implements Matcher {

  @Override
  public boolean test(Ctx ctx) {
    return predicate.test(ctx);
  }

  @Override
  public boolean fast() {
    return true;
  }
}
