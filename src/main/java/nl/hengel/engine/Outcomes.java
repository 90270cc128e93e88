package nl.hengel.engine;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What really happened to a lead after the fact (its first entry into sal, sql and won, and its
 * sales owner), looked up only to score a backtest and never to decide an MQL.
 */
public record Outcomes(
    @Nullable Instant salAt,
    @Nullable Instant sqlAt,
    @Nullable Instant wonAt,
    @Nullable String owner) {

  /** A lead that never went anywhere and has no owner. */
  public static final Outcomes NONE = new Outcomes(null, null, null, null);
}
