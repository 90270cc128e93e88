package nl.hengel.engine;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Time counted only while a business is open: on its working days, minus holidays, between its
 * opening and closing wall-clock times in its zone; what SLA clocks run on.
 *
 * <p>A day's open period runs from the first moment the zone's clock shows {@code from} to the last
 * moment it shows {@code to}, so around a daylight-saving change it is shorter or longer in real
 * time than on other days (a time the clock skips counts as the moment of the jump). Durations are
 * real elapsed time within open periods. Searches end after {@value #HORIZON_YEARS} years; a
 * calendar that is never open within that horizon is refused with an {@link
 * IllegalArgumentException}.
 */
public final class BusinessTime {

  /** How far ahead a search goes before it decides the business is never open. */
  static final int HORIZON_YEARS = 10;

  private final ZoneId zone;
  private final Set<DayOfWeek> days;
  private final LocalTime from;
  private final LocalTime to;
  private final Set<LocalDate> holidays;

  private BusinessTime(Definition.BusinessHours hours) {
    this.zone = Objects.requireNonNull(hours.zone(), "zone");
    this.from = Objects.requireNonNull(hours.from(), "from");
    this.to = Objects.requireNonNull(hours.to(), "to");
    if (hours.days() == null || hours.days().isEmpty()) {
      throw new IllegalArgumentException("business hours name no working day");
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "business hours end (" + to + ") must be after they start (" + from + ")");
    }
    this.days = EnumSet.copyOf(hours.days());
    this.holidays = hours.holidays() == null ? Set.of() : Set.copyOf(hours.holidays());
  }

  /** The business time of these hours; they must name a working day and end after they start. */
  public static BusinessTime of(Definition.BusinessHours hours) {
    return new BusinessTime(Objects.requireNonNull(hours, "hours"));
  }

  /**
   * The instant at which {@code amount} of business time has elapsed after {@code start}: counting
   * begins at the next opening when {@code start} is closed, a zero amount gives that opening, and
   * an amount used up exactly at closing gives the closing time.
   *
   * @throws IllegalArgumentException when {@code amount} is negative or is not used up within
   *     {@value #HORIZON_YEARS} years
   */
  public Instant plus(Instant start, Duration amount) {
    Objects.requireNonNull(start, "start");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("business time to add is negative: " + amount);
    }
    Duration left = amount;
    boolean everOpen = false;
    LocalDate last = horizon(start);
    // From the day before: a period is within its own date, except around a transition at midnight.
    for (LocalDate d = dateOf(start).minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
      Period p = period(d);
      if (p == null || !start.isBefore(p.closing())) {
        continue;
      }
      everOpen = true;
      Instant cursor = start.isAfter(p.opening()) ? start : p.opening();
      Duration available = Duration.between(cursor, p.closing());
      if (left.compareTo(available) <= 0) {
        return cursor.plus(left);
      }
      left = left.minus(available);
    }
    throw everOpen
        ? new IllegalArgumentException(
            amount + " of business time is not used up within " + HORIZON_YEARS + " years")
        : neverOpen(start);
  }

  /**
   * The business time elapsed from {@code from} to {@code to}; zero when {@code to} is not later.
   */
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    Duration total = Duration.ZERO;
    LocalDate last = dateOf(to).plusDays(1);
    for (LocalDate d = dateOf(from).minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
      Period p = period(d);
      if (p == null) {
        continue;
      }
      Instant a = from.isAfter(p.opening()) ? from : p.opening();
      Instant b = to.isBefore(p.closing()) ? to : p.closing();
      if (a.isBefore(b)) {
        total = total.plus(Duration.between(a, b));
      }
    }
    return total;
  }

  /** Whether business time runs at this instant: at or after an opening and before its closing. */
  public boolean isOpen(Instant at) {
    LocalDate date = dateOf(at);
    for (LocalDate d = date.minusDays(1); !d.isAfter(date.plusDays(1)); d = d.plusDays(1)) {
      Period p = period(d);
      if (p != null && !at.isBefore(p.opening()) && at.isBefore(p.closing())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first open instant at or after {@code at}: {@code at} itself when open.
   *
   * @throws IllegalArgumentException when nothing is open within {@value #HORIZON_YEARS} years
   */
  public Instant nextOpening(Instant at) {
    return plus(at, Duration.ZERO);
  }

  @Override
  public String toString() {
    return "BusinessTime["
        + zone
        + " "
        + days
        + " "
        + from
        + "-"
        + to
        + ", holidays="
        + holidays
        + "]";
  }

  /** One day's open period, opening inclusive and closing exclusive. */
  private record Period(Instant opening, Instant closing) {}

  private @Nullable Period period(LocalDate date) {
    if (!days.contains(date.getDayOfWeek()) || holidays.contains(date)) {
      return null;
    }
    Instant opening = instant(date.atTime(from), true);
    Instant closing = instant(date.atTime(to), false);
    // Both times inside one gap: the clock never shows an open time that day.
    return opening.isBefore(closing) ? new Period(opening, closing) : null;
  }

  /**
   * The first moment the clock shows {@code time} (an opening) or the last (a closing); a time the
   * clock skips is reached at the jump.
   */
  private Instant instant(LocalDateTime time, boolean first) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(time);
    if (transition == null) {
      return time.atZone(zone).toInstant();
    }
    if (transition.isGap()) {
      return transition.getInstant();
    }
    return time.atOffset(first ? transition.getOffsetBefore() : transition.getOffsetAfter())
        .toInstant();
  }

  private LocalDate dateOf(Instant at) {
    return LocalDate.ofInstant(at, zone);
  }

  private LocalDate horizon(Instant start) {
    return dateOf(start).plusYears(HORIZON_YEARS);
  }

  private IllegalArgumentException neverOpen(Instant start) {
    return new IllegalArgumentException(
        "business hours are never open within "
            + HORIZON_YEARS
            + " years of "
            + start
            + ": every "
            + days
            + " from "
            + dateOf(start)
            + " is a holiday");
  }
}
