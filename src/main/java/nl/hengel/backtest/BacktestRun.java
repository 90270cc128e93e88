package nl.hengel.backtest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One backtest: which version, against which baseline, over which range, how far it got, and its
 * report once done.
 */
public record BacktestRun(
    long id,
    int version,
    @Nullable Integer baselineVersion,
    Instant from,
    Instant to,
    Duration horizon,
    Status status,
    long total,
    long done,
    String actor,
    Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable BacktestReport report,
    @Nullable String error) {

  public enum Status {
    RUNNING,
    DONE,
    FAILED;

    @JsonValue
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
