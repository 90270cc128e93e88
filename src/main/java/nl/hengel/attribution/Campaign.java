package nl.hengel.attribution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A campaign of a workspace: its key is the {@code campaign} string its interactions carry; it has
 * a name, a channel, an optional run and what it cost per month.
 */
public record Campaign(
    String key,
    String name,
    String channel,
    @Nullable LocalDate startsOn,
    @Nullable LocalDate endsOn,
    List<Spend> spend) {

  public Campaign {
    spend = List.copyOf(spend);
  }

  /** What a campaign cost in one calendar month, in one currency. */
  public record Spend(YearMonth month, BigDecimal amount, Currency currency) {}
}
