package nl.hengel.analytics;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.hengel.analytics.internal.FunnelQueries;

/**
 * The deal values of a waterfall's groups and of its total, summed per currency: minor units are
 * added up exactly, and only a single currency makes a single amount.
 */
final class DealValues {

  /** The currency of an amount stored without one: ISO 4217's "no currency". */
  static final String NO_CURRENCY = "XXX";

  /** Leads and minor units per currency, in currency order. */
  private record Sums(TreeMap<String, long[]> byCurrency) {
    Sums() {
      this(new TreeMap<>());
    }

    void add(String currency, long leads, long minor) {
      long[] s = byCurrency.computeIfAbsent(currency, c -> new long[2]);
      s[0] += leads;
      s[1] = Math.addExact(s[1], minor);
    }

    Waterfall.DealValue value() {
      var nonEmpty = new TreeMap<String, long[]>();
      byCurrency.forEach((c, s) -> {
        if (s[0] > 0) {
          nonEmpty.put(c, s);
        }
      });
      if (nonEmpty.isEmpty()) {
        return Waterfall.DealValue.NONE;
      }
      long leads = nonEmpty.values().stream().mapToLong(s -> s[0]).sum();
      List<String> currencies = List.copyOf(nonEmpty.keySet());
      if (currencies.size() > 1) {
        return new Waterfall.DealValue(leads, null, null, currencies);
      }
      String currency = currencies.getFirst();
      return new Waterfall.DealValue(
          leads, major(nonEmpty.get(currency)[1], currency), currency, currencies);
    }
  }

  private final Map<String, Sums> won = new TreeMap<>();
  private final Map<String, Sums> open = new TreeMap<>();
  private final Sums wonTotal = new Sums();
  private final Sums openTotal = new Sums();

  private DealValues() {}

  static DealValues of(List<FunnelQueries.Values> values) {
    var v = new DealValues();
    for (FunnelQueries.Values x : values) {
      String currency = x.currency() == null ? NO_CURRENCY : x.currency();
      v.won.computeIfAbsent(x.key(), k -> new Sums()).add(currency, x.wonLeads(), x.wonMinor());
      v.open.computeIfAbsent(x.key(), k -> new Sums()).add(currency, x.openLeads(), x.openMinor());
      v.wonTotal.add(currency, x.wonLeads(), x.wonMinor());
      v.openTotal.add(currency, x.openLeads(), x.openMinor());
    }
    return v;
  }

  Waterfall.DealValue won(String key) {
    Sums s = won.get(key);
    return s == null ? Waterfall.DealValue.NONE : s.value();
  }

  Waterfall.DealValue open(String key) {
    Sums s = open.get(key);
    return s == null ? Waterfall.DealValue.NONE : s.value();
  }

  Waterfall.DealValue wonTotal() {
    return wonTotal.value();
  }

  Waterfall.DealValue openTotal() {
    return openTotal.value();
  }

  /**
   * A note for each group (in the order of {@code keys}, then the total under {@code totalKey})
   * whose won or open deals are in more than one currency, with the sum and leads per currency.
   */
  List<Note> mixed(List<String> keys, String totalKey) {
    var notes = new java.util.ArrayList<Note>();
    for (String key : keys) {
      mixed(key, "won", won.get(key)).ifPresent(notes::add);
      mixed(key, "open pipeline", open.get(key)).ifPresent(notes::add);
    }
    mixed(totalKey, "won", wonTotal).ifPresent(notes::add);
    mixed(totalKey, "open pipeline", openTotal).ifPresent(notes::add);
    return notes;
  }

  private static java.util.Optional<Note> mixed(String key, String what, Sums sums) {
    if (sums == null) {
      return java.util.Optional.empty();
    }
    var counts = new java.util.LinkedHashMap<String, Long>();
    var parts = new java.util.ArrayList<String>();
    sums.byCurrency()
        .forEach((c, s) -> {
          if (s[0] > 0) {
            counts.put(c, s[0]);
            parts.add(Notes.money(major(s[1], c), c) + " (" + Notes.leads(s[0]) + ")");
          }
        });
    if (counts.size() < 2) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Note(
            Note.MIXED_CURRENCIES,
            key,
            counts,
            key
                + ": the "
                + what
                + " deals are in "
                + counts.size()
                + " currencies, "
                + String.join(", ", parts)
                + ", so the "
                + what
                + " value has no single sum."));
  }

  /**
   * Minor units in major units of the currency: its ISO 4217 decimals (JPY 0, EUR 2, BHD 3), two
   * for a code Java does not know or one without minor units (XXX).
   */
  static BigDecimal major(long minor, String currency) {
    int digits;
    try {
      digits = Currency.getInstance(currency).getDefaultFractionDigits();
    } catch (IllegalArgumentException e) {
      digits = -1;
    }
    return BigDecimal.valueOf(minor, digits < 0 ? 2 : digits);
  }
}
