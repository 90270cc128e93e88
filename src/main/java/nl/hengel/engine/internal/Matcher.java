package nl.hengel.engine.internal;

/** A compiled condition: true when it holds for the context. */
public interface Matcher {

  boolean test(Ctx ctx);

  /** True when it runs as plain Java, without the CEL interpreter. */
  boolean fast();
}
