package nl.hengel.lifecycle;

/**
 * What a transition policy says of a move: allowed, or refused by a named rule with the reason the
 * user will read unchanged.
 */
public sealed interface Verdict {

  Verdict ALLOWED = new Allowed();

  /** The policy has no objection. */
  record Allowed() implements Verdict {}

  /** The policy {@code policy} refuses the move; {@code code} is the stable problem code. */
  record Refused(String policy, String code, String reason) implements Verdict {}
}
