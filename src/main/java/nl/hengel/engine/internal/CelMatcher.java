package nl.hengel.engine.internal;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A condition the fast path cannot express, run by the CEL interpreter. An evaluation error (say a
 * missing map key without {@code has()}) counts as "does not hold".
 */
public record CelMatcher(CelRuntime.Program program) implements Matcher {

  @Override
  public boolean test(Ctx ctx) {
    try {
      return Boolean.TRUE.equals(program.eval(ctx.resolver));
    } catch (CelEvaluationException e) {
      return false;
    }
  }

  @Override
  public boolean fast() {
    return false;
  }
}
