package nl.hengel.attribution;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The campaigns of a workspace and their spend per month. Anyone in the workspace reads them; an
 * admin or marketing writes them. Amounts are kept exactly, in minor units of their currency.
 */
@Service
public class Campaigns {

  /** What a caller sends to create or change a campaign; dates are ISO {@code 2026-03-01}. */
  public record CampaignSpec(
      @Nullable String name,
      @Nullable String channel,
      @Nullable String startsOn,
      @Nullable String endsOn) {}

  /**
   * One month's spend as a caller sends it: {@code {month: "2026-03", amount: 1250.00, currency:
   * "EUR"}}.
   */
  public record SpendInput(
      @Nullable String month, @Nullable BigDecimal amount, @Nullable String currency) {}

  static final String INVALID = "attribution.invalid-campaign";
  static final String INVALID_SPEND = "attribution.invalid-spend";
  private static final Pattern KEY = Pattern.compile("[^/\\p{Cntrl}]{1,200}");
  private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final BigDecimal MAX = new BigDecimal("1000000000000");

  private final JdbcClient jdbc;
  private final Clock clock;

  Campaigns(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Every campaign of the workspace with its spend, by key. */
  public List<Campaign> list(WorkspaceId ws) {
    return read(ws, null);
  }

  public Optional<Campaign> find(WorkspaceId ws, String key) {
    return read(ws, key).stream().findFirst();
  }

  public Campaign get(WorkspaceId ws, String key) {
    return find(ws, key)
        .orElseThrow(() ->
            Problem.notFound("attribution.no-campaign", "There is no campaign '" + key + "'."));
  }

  /** Creates the campaign of this key, or replaces its name, channel and run; spend stays. */
  @Transactional
  public Campaign put(Caller caller, String key, CampaignSpec spec) {
    mayWrite(caller);
    var errors = new ArrayList<FieldError>();
    if (!KEY.matcher(key).matches()) {
      errors.add(new FieldError("/key", "a key is 1-200 characters without '/' or control ones"));
    }
    String name = spec.name() == null ? null : spec.name().strip();
    if (name == null || name.isEmpty() || name.length() > 300) {
      errors.add(new FieldError("/name", "a name is 1-300 characters"));
    }
    if (spec.channel() == null || !CHANNEL.matcher(spec.channel()).matches()) {
      errors.add(
          new FieldError(
              "/channel", "a channel is 1-64 lower-case letters, digits, '-' or '_', e.g. email"));
    }
    LocalDate starts = date(spec.startsOn(), "/startsOn", errors);
    LocalDate ends = date(spec.endsOn(), "/endsOn", errors);
    if (starts != null && ends != null && ends.isBefore(starts)) {
      errors.add(new FieldError("/endsOn", "the end " + ends + " is before the start " + starts));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(INVALID, "The campaign has " + errors.size() + " error(s).", errors);
    }
    var ts = Sql.ts(clock.instant());
    int changed =
        jdbc.sql(
                "update campaign set name = ?, channel = ?, starts_on = ?, ends_on = ?, updated_at = ?"
                    + " where workspace_id = ? and campaign_key = ?")
            .params(
                name, spec.channel(), sql(starts), sql(ends), ts, caller.workspace().value(), key)
            .update();
    if (changed == 0) {
      jdbc.sql(
              "insert into campaign (workspace_id, campaign_key, name, channel, starts_on, ends_on,"
                  + " updated_at) values (?, ?, ?, ?, ?, ?, ?)")
          .params(caller.workspace().value(), key, name, spec.channel(), sql(starts), sql(ends), ts)
          .update();
    }
    return get(caller.workspace(), key);
  }

  /**
   * Replaces the campaign's spend with these months: one amount per month and currency, at least
   * zero, with no more decimals than the currency has.
   */
  @Transactional
  public Campaign putSpend(Caller caller, String key, List<SpendInput> months) {
    mayWrite(caller);
    get(caller.workspace(), key);
    var errors = new ArrayList<FieldError>();
    var rows = new ArrayList<Object[]>();
    var seen = new HashSet<String>();
    for (int i = 0; i < months.size(); i++) {
      SpendInput in = months.get(i);
      String at = "/" + i;
      if (in == null) {
        errors.add(new FieldError(at, "a spend is an object with month, amount and currency"));
        continue;
      }
      YearMonth month = null;
      try {
        month = in.month() == null ? null : YearMonth.parse(in.month().strip());
      } catch (DateTimeParseException e) {
        // reported below
      }
      if (month == null) {
        errors.add(new FieldError(at + "/month", "a month is written 2026-03"));
      }
      Currency currency = null;
      try {
        currency = in.currency() == null ? null : Currency.getInstance(in.currency().strip());
      } catch (IllegalArgumentException e) {
        // reported below
      }
      if (currency == null || currency.getDefaultFractionDigits() < 0) {
        errors.add(new FieldError(at + "/currency", "an ISO 4217 currency code, e.g. EUR"));
      }
      BigDecimal amount = in.amount();
      if (amount == null || amount.signum() < 0 || amount.compareTo(MAX) >= 0) {
        errors.add(new FieldError(at + "/amount", "an amount from 0 to less than 10^12"));
        amount = null;
      } else if (currency != null
          && currency.getDefaultFractionDigits() >= 0
          && amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
        errors.add(
            new FieldError(
                at + "/amount",
                currency.getCurrencyCode()
                    + " has "
                    + currency.getDefaultFractionDigits()
                    + " decimal(s), not "
                    + amount.stripTrailingZeros().scale()));
        amount = null;
      }
      if (month != null && currency != null && !seen.add(month + " " + currency)) {
        errors.add(new FieldError(at + "/month", month + " in " + currency + " appears twice"));
      }
      if (month != null && currency != null && amount != null) {
        rows.add(
            new Object[] {
              caller.workspace().value(),
              key,
              Date.valueOf(month.atDay(1)),
              currency.getCurrencyCode(),
              amount.movePointRight(currency.getDefaultFractionDigits()).longValueExact()
            });
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(INVALID_SPEND, "The spend has " + errors.size() + " error(s).", errors);
    }
    jdbc.sql("delete from campaign_spend where workspace_id = ? and campaign_key = ?")
        .params(caller.workspace().value(), key)
        .update();
    for (Object[] row : rows) {
      jdbc.sql(
              "insert into campaign_spend (workspace_id, campaign_key, spend_month, currency,"
                  + " amount_minor) values (?, ?, ?, ?, ?)")
          .params(row)
          .update();
    }
    return get(caller.workspace(), key);
  }

  private static void mayWrite(Caller caller) {
    if (!caller.has(Role.ADMIN) && !caller.has(Role.MARKETING)) {
      throw Problem.forbidden(
          "attribution.forbidden", "Only an admin or marketing changes campaigns and spend.");
    }
  }

  private static @Nullable LocalDate date(
      @Nullable String text, String pointer, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(pointer, "a date is written 2026-03-01, not '" + text + "'"));
      return null;
    }
  }

  private static @Nullable Date sql(@Nullable LocalDate date) {
    return date == null ? null : Date.valueOf(date);
  }

  private List<Campaign> read(WorkspaceId ws, @Nullable String key) {
    String only = key == null ? "" : " and campaign_key = :key";
    var spend = new LinkedHashMap<String, List<Campaign.Spend>>();
    var spendQuery =
        jdbc.sql(
                "select campaign_key, spend_month, currency, amount_minor from campaign_spend"
                    + " where workspace_id = :ws"
                    + only
                    + " order by campaign_key, spend_month, currency")
            .param("ws", ws.value());
    if (key != null) {
      spendQuery = spendQuery.param("key", key);
    }
    spendQuery.query(rs -> {
      Currency currency = Currency.getInstance(rs.getString("currency"));
      spend
          .computeIfAbsent(rs.getString("campaign_key"), k -> new ArrayList<>())
          .add(
              new Campaign.Spend(
                  YearMonth.from(rs.getDate("spend_month").toLocalDate()),
                  BigDecimal.valueOf(
                      rs.getLong("amount_minor"), currency.getDefaultFractionDigits()),
                  currency));
    });
    var query =
        jdbc.sql(
                "select campaign_key, name, channel, starts_on, ends_on from campaign"
                    + " where workspace_id = :ws"
                    + only
                    + " order by campaign_key")
            .param("ws", ws.value());
    if (key != null) {
      query = query.param("key", key);
    }
    Map<String, List<Campaign.Spend>> byKey = spend;
    return query
        .query((rs, n) -> {
          Date starts = rs.getDate("starts_on");
          Date ends = rs.getDate("ends_on");
          String k = rs.getString("campaign_key");
          return new Campaign(
              k,
              rs.getString("name"),
              rs.getString("channel"),
              starts == null ? null : starts.toLocalDate(),
              ends == null ? null : ends.toLocalDate(),
              byKey.getOrDefault(k, List.of()));
        })
        .list();
  }
}
