package nl.hengel.engine;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import nl.hengel.testing.DefinitionTexts;
import org.junit.jupiter.api.Test;

class BusinessTimeUnitTests {

  static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final Set<DayOfWeek> MON_FRI = EnumSet.range(MONDAY, FRIDAY);
  static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

  /** DESIGN.md's hours without holidays: Mon–Fri 09:00–17:30, 8.5h a day. */
  final BusinessTime office = hours(AMSTERDAM, MON_FRI, "09:00", "17:30");

  static BusinessTime hours(
      ZoneId zone, Set<DayOfWeek> days, String from, String to, LocalDate... holidays) {
    return BusinessTime.of(
        new Definition.BusinessHours(
            zone, days, LocalTime.parse(from), LocalTime.parse(to), List.of(holidays)));
  }

  /** An instant given as wall-clock time in Amsterdam, checked to fall on the expected day. */
  static Instant ams(String dateTime, DayOfWeek day) {
    return at(AMSTERDAM, dateTime, day);
  }

  static Instant at(ZoneId zone, String dateTime, DayOfWeek day) {
    LocalDateTime local = LocalDateTime.parse(dateTime);
    assertThat(local.getDayOfWeek()).as(dateTime).isEqualTo(day);
    return local.atZone(zone).toInstant();
  }

  static LocalDate date(String text) {
    return LocalDate.parse(text);
  }

  // --- Mon–Fri 09:00–17:30 in Amsterdam (June 2026: no DST change, no holiday) ---

  @Test
  void an_mql_on_friday_afternoon_is_due_on_monday_afternoon() {
    // Friday 16:45–17:30 uses 45m; 7h15m remain; Monday 09:00 + 7h15m = 16:15.
    assertThat(office.plus(ams("2026-06-05T16:45", FRIDAY), Duration.ofHours(8)))
        .isEqualTo(ams("2026-06-08T16:15", MONDAY));
  }

  @Test
  void an_mql_on_saturday_starts_counting_at_monday_opening() {
    // Closed all weekend; Monday 09:00 + 8h = 17:00.
    assertThat(office.plus(ams("2026-06-06T11:00", SATURDAY), Duration.ofHours(8)))
        .isEqualTo(ams("2026-06-08T17:00", MONDAY));
  }

  @Test
  void an_mql_before_opening_starts_counting_at_opening() {
    // 08:00 is closed; 09:00 + 1h = 10:00.
    assertThat(office.plus(ams("2026-06-09T08:00", TUESDAY), Duration.ofHours(1)))
        .isEqualTo(ams("2026-06-09T10:00", TUESDAY));
  }

  @Test
  void an_amount_used_up_exactly_at_closing_is_due_at_closing_not_next_morning() {
    // 17:00 + 30m = 17:30, the closing time itself.
    assertThat(office.plus(ams("2026-06-09T17:00", TUESDAY), Duration.ofMinutes(30)))
        .isEqualTo(ams("2026-06-09T17:30", TUESDAY));
    // One minute more spills over: 30m on Tuesday, 1m from Wednesday 09:00 = 09:01.
    assertThat(office.plus(ams("2026-06-09T17:00", TUESDAY), Duration.ofMinutes(31)))
        .isEqualTo(ams("2026-06-10T09:01", WEDNESDAY));
  }

  @Test
  void whole_days_count_eight_and_a_half_hours_each() {
    // Monday 8.5h + Tuesday 8.5h = 17h; 7h remain: Wednesday 09:00 + 7h = 16:00.
    assertThat(office.plus(ams("2026-06-01T09:00", MONDAY), Duration.ofHours(24)))
        .isEqualTo(ams("2026-06-03T16:00", WEDNESDAY));
    // Three days hold 25.5h; 28h leaves 2.5h for Thursday: 09:00 + 2.5h = 11:30.
    assertThat(office.plus(ams("2026-06-01T09:00", MONDAY), Duration.ofHours(28)))
        .isEqualTo(ams("2026-06-04T11:30", THURSDAY));
  }

  @Test
  void a_long_amount_counts_whole_weeks_of_days() {
    // 400h / 8.5h = 47 days (399.5h) and 30m. From Monday 1 June: 45 business days end Friday 31
    // July, day 46 is Monday 3 August, day 48 is Wednesday 5 August: 09:00 + 30m.
    assertThat(office.plus(ams("2026-06-01T09:00", MONDAY), Duration.ofHours(400)))
        .isEqualTo(ams("2026-08-05T09:30", WEDNESDAY));
  }

  @Test
  void a_zero_amount_is_the_next_opening_or_the_start_itself_when_open() {
    Instant saturday = ams("2026-06-06T11:00", SATURDAY);
    Instant tuesdayMorning = ams("2026-06-09T10:15", TUESDAY);
    Instant tuesdayClosing = ams("2026-06-09T17:30", TUESDAY);

    assertThat(office.plus(saturday, Duration.ZERO)).isEqualTo(ams("2026-06-08T09:00", MONDAY));
    assertThat(office.plus(tuesdayMorning, Duration.ZERO)).isEqualTo(tuesdayMorning);
    assertThat(office.nextOpening(tuesdayMorning)).isEqualTo(tuesdayMorning);
    // The closing instant itself is closed: the next opening is Wednesday's.
    assertThat(office.nextOpening(tuesdayClosing)).isEqualTo(ams("2026-06-10T09:00", WEDNESDAY));
  }

  @Test
  void open_means_at_or_after_opening_and_before_closing_on_a_working_day() {
    assertThat(office.isOpen(ams("2026-06-09T08:59:59", TUESDAY))).isFalse();
    assertThat(office.isOpen(ams("2026-06-09T09:00", TUESDAY))).isTrue();
    assertThat(office.isOpen(ams("2026-06-09T17:29:59", TUESDAY))).isTrue();
    assertThat(office.isOpen(ams("2026-06-09T17:30", TUESDAY))).isFalse();
    assertThat(office.isOpen(ams("2026-06-06T12:00", SATURDAY))).isFalse();
  }

  @Test
  void a_negative_amount_is_refused() {
    assertThatThrownBy(() -> office.plus(ams("2026-06-09T10:00", TUESDAY), Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  // --- holidays ---

  @Test
  void christmas_day_and_boxing_day_do_not_count() {
    BusinessTime christmas =
        hours(AMSTERDAM, MON_FRI, "09:00", "17:30", date("2026-12-25"), date("2026-12-26"));
    // Thursday 24th 16:00–17:30 uses 1.5h; Friday 25th is a holiday, 26th–27th a weekend;
    // Monday 28th 09:00 + 6.5h = 15:30.
    assertThat(christmas.plus(ams("2026-12-24T16:00", THURSDAY), Duration.ofHours(8)))
        .isEqualTo(ams("2026-12-28T15:30", MONDAY));
    assertThat(christmas.isOpen(ams("2026-12-25T10:00", FRIDAY))).isFalse();
  }

  @Test
  void a_holiday_monday_after_a_weekend_moves_the_due_time_to_tuesday() {
    BusinessTime easter = hours(AMSTERDAM, MON_FRI, "09:00", "17:30", date("2026-04-06"));
    // Friday 3 April 16:45 uses 45m; weekend; Easter Monday 6 April is a holiday;
    // Tuesday 7 April 09:00 + 7h15m = 16:15.
    assertThat(easter.plus(ams("2026-04-03T16:45", FRIDAY), Duration.ofHours(8)))
        .isEqualTo(ams("2026-04-07T16:15", TUESDAY));
    assertThat(easter.nextOpening(ams("2026-04-04T12:00", SATURDAY)))
        .isEqualTo(ams("2026-04-07T09:00", TUESDAY));
  }

  // --- daylight saving time ---

  @Test
  void open_hours_across_the_spring_forward_gap_are_an_hour_shorter_in_real_time() {
    BusinessTime night = hours(AMSTERDAM, EVERY_DAY, "00:30", "05:00");
    // Sunday 29 March 2026: 00:30 +01:00 = 23:30Z (28th) to 05:00 +02:00 = 03:00Z: 3h30m, not
    // 4h30m.
    Instant sundayOpening = ams("2026-03-29T00:30", DayOfWeek.SUNDAY);
    Instant sundayClosing = ams("2026-03-29T05:00", DayOfWeek.SUNDAY);
    assertThat(sundayOpening).isEqualTo(Instant.parse("2026-03-28T23:30:00Z"));
    assertThat(sundayClosing).isEqualTo(Instant.parse("2026-03-29T03:00:00Z"));
    assertThat(night.between(sundayOpening, sundayClosing)).isEqualTo(Duration.ofMinutes(210));
    // The day before has its full 4h30m.
    assertThat(night.between(ams("2026-03-28T00:30", SATURDAY), ams("2026-03-28T05:00", SATURDAY)))
        .isEqualTo(Duration.ofMinutes(270));
    // 4h from Sunday 00:30: 3h30m on Sunday, 30m from Monday 00:30 = 01:00.
    assertThat(night.plus(sundayOpening, Duration.ofHours(4)))
        .isEqualTo(ams("2026-03-30T01:00", MONDAY));
    // 1h30m from 01:00 +01:00 (00:00Z) is 01:30Z, which the clock shows as 03:30 +02:00.
    assertThat(night.plus(ams("2026-03-29T01:00", DayOfWeek.SUNDAY), Duration.ofMinutes(90)))
        .isEqualTo(ams("2026-03-29T03:30", DayOfWeek.SUNDAY));
    // The skipped hour is not a closed hour: business time runs straight through the jump.
    assertThat(night.isOpen(Instant.parse("2026-03-29T01:00:00Z"))).isTrue();
  }

  @Test
  void open_hours_across_the_fall_back_overlap_are_an_hour_longer_in_real_time() {
    BusinessTime night = hours(AMSTERDAM, EVERY_DAY, "00:30", "05:00");
    // Sunday 25 October 2026: 00:30 +02:00 = 22:30Z (24th) to 05:00 +01:00 = 04:00Z: 5h30m.
    Instant sundayOpening = ams("2026-10-25T00:30", DayOfWeek.SUNDAY);
    Instant sundayClosing = ams("2026-10-25T05:00", DayOfWeek.SUNDAY);
    assertThat(night.between(sundayOpening, sundayClosing)).isEqualTo(Duration.ofMinutes(330));
    // Until Monday 00:00 +01:00 (23:00Z): nothing more opens on Sunday.
    assertThat(night.between(sundayOpening, Instant.parse("2026-10-25T23:00:00Z")))
        .isEqualTo(Duration.ofMinutes(330));
    // 5h30m from the opening is used up exactly at the closing, still on Sunday.
    assertThat(night.plus(sundayOpening, Duration.ofMinutes(330))).isEqualTo(sundayClosing);
    // 2h from 01:30 +02:00 (23:30Z) = 01:30Z: the clock shows 02:30 for the second time (+01:00).
    assertThat(night.plus(ams("2026-10-25T01:30", DayOfWeek.SUNDAY), Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
  }

  @Test
  void
      an_opening_the_clock_skips_opens_at_the_jump_and_a_repeated_closing_closes_the_second_time() {
    // 02:30 does not exist on 29 March; the clock jumps from 02:00 +01:00 to 03:00 +02:00 at
    // 01:00Z.
    BusinessTime skipped = hours(AMSTERDAM, EVERY_DAY, "02:30", "04:00");
    assertThat(skipped.nextOpening(ams("2026-03-29T00:00", DayOfWeek.SUNDAY)))
        .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    // From the jump to 04:00 +02:00 (02:00Z) is 1h, not the usual 1h30m.
    assertThat(
            skipped.between(
                Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-29T12:00:00Z")))
        .isEqualTo(Duration.ofHours(1));
    // 02:15–02:45 is shown twice on 25 October: open from the first 02:15 (00:15Z) to the second
    // 02:45 (01:45Z), 1h30m.
    BusinessTime repeated = hours(AMSTERDAM, EVERY_DAY, "02:15", "02:45");
    assertThat(
            repeated.between(
                Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-10-25T12:00:00Z")))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(repeated.plus(Instant.parse("2026-10-24T12:00:00Z"), Duration.ofMinutes(90)))
        .isEqualTo(Instant.parse("2026-10-25T01:45:00Z"));
  }

  @Test
  void office_hours_across_a_dst_weekend_keep_their_wall_clock_time_at_the_new_offset() {
    // Spring: Friday 27 March 16:45 +01:00 (15:45Z) uses 45m; Monday 30 March 09:00 + 7h15m =
    // 16:15 +02:00 = 14:15Z.
    Instant spring = office.plus(ams("2026-03-27T16:45", FRIDAY), Duration.ofHours(8));
    assertThat(spring).isEqualTo(ams("2026-03-30T16:15", MONDAY));
    assertThat(spring).isEqualTo(Instant.parse("2026-03-30T14:15:00Z"));
    // Autumn: Friday 23 October 16:45 +02:00 (14:45Z); Monday 26 October 16:15 +01:00 = 15:15Z.
    Instant autumn = office.plus(ams("2026-10-23T16:45", FRIDAY), Duration.ofHours(8));
    assertThat(autumn).isEqualTo(ams("2026-10-26T16:15", MONDAY));
    assertThat(autumn).isEqualTo(Instant.parse("2026-10-26T15:15:00Z"));
    // Only open time counts, however many real hours the weekend had.
    assertThat(office.between(ams("2026-03-27T16:45", FRIDAY), spring))
        .isEqualTo(Duration.ofHours(8));
  }

  @Test
  void new_york_hours_follow_new_york_daylight_saving_dates() {
    BusinessTime ny = hours(NEW_YORK, MON_FRI, "09:00", "17:00");
    // Spring (Sunday 8 March 2026): Friday 6 March 16:00 -05:00 (21:00Z) uses 1h; Monday 9 March
    // 09:00 + 7h = 16:00 -04:00 = 20:00Z.
    Instant spring = ny.plus(at(NEW_YORK, "2026-03-06T16:00", FRIDAY), Duration.ofHours(8));
    assertThat(spring).isEqualTo(Instant.parse("2026-03-09T20:00:00Z"));
    // Autumn (Sunday 1 November 2026): Friday 30 October 16:00 -04:00 (20:00Z); Monday 2 November
    // 16:00 -05:00 = 21:00Z.
    Instant autumn = ny.plus(at(NEW_YORK, "2026-10-30T16:00", FRIDAY), Duration.ofHours(8));
    assertThat(autumn).isEqualTo(Instant.parse("2026-11-02T21:00:00Z"));
    // 8 March is not a DST date in Amsterdam's rules, and this zone ignores Amsterdam's.
    BusinessTime nights = hours(NEW_YORK, EVERY_DAY, "00:00", "04:00");
    // 8 March: 00:00 -05:00 = 05:00Z to 04:00 -04:00 = 08:00Z, 3h. 1 November: 04:00Z to 09:00Z,
    // 5h.
    assertThat(
            nights.between(
                at(NEW_YORK, "2026-03-08T00:00", DayOfWeek.SUNDAY),
                at(NEW_YORK, "2026-03-08T12:00", DayOfWeek.SUNDAY)))
        .isEqualTo(Duration.ofHours(3));
    assertThat(
            nights.between(
                at(NEW_YORK, "2026-11-01T00:00", DayOfWeek.SUNDAY),
                at(NEW_YORK, "2026-11-01T12:00", DayOfWeek.SUNDAY)))
        .isEqualTo(Duration.ofHours(5));
    assertThat(
            nights.between(
                at(NEW_YORK, "2026-03-29T00:00", DayOfWeek.SUNDAY),
                at(NEW_YORK, "2026-03-29T12:00", DayOfWeek.SUNDAY)))
        .isEqualTo(Duration.ofHours(4));
  }

  // --- between ---

  @Test
  void between_undoes_plus_for_any_start_in_business_hours() {
    BusinessTime christmas =
        hours(AMSTERDAM, MON_FRI, "09:00", "17:30", date("2026-12-25"), date("2026-12-26"));
    BusinessTime night = hours(AMSTERDAM, EVERY_DAY, "00:30", "05:00");
    Random random = new Random(20260329L);
    Instant yearStart = Instant.parse("2026-01-01T00:00:00Z");
    int checked = 0;
    for (BusinessTime time : List.of(christmas, night)) {
      while (checked < 2_000) {
        // A random second of 2026 (both DST changes and the holidays included), moved to an open
        // one; amounts up to 120h to the second.
        Instant start = time.nextOpening(yearStart.plusSeconds(random.nextLong(365L * 24 * 3600)));
        Duration amount = Duration.ofSeconds(random.nextLong(120L * 3600 + 1));
        Instant due = time.plus(start, amount);

        assertThat(time.between(start, due)).as("%s + %s", start, amount).isEqualTo(amount);
        assertThat(due).isAfterOrEqualTo(start);
        checked++;
      }
      checked = 0;
    }
  }

  @Test
  void between_is_zero_backwards_over_a_weekend_and_counts_only_open_time() {
    Instant friday = ams("2026-06-05T16:45", FRIDAY);
    Instant monday = ams("2026-06-08T10:00", MONDAY);

    assertThat(office.between(monday, friday)).isZero();
    assertThat(office.between(friday, friday)).isZero();
    assertThat(office.between(ams("2026-06-05T17:30", FRIDAY), ams("2026-06-08T09:00", MONDAY)))
        .isZero();
    // 45m on Friday and 1h on Monday.
    assertThat(office.between(friday, monday)).isEqualTo(Duration.ofMinutes(105));
    // A breach reported late: due Monday 16:15, answered Tuesday 09:30 is 1h15m + 30m late.
    assertThat(office.between(ams("2026-06-08T16:15", MONDAY), ams("2026-06-09T09:30", TUESDAY)))
        .isEqualTo(Duration.ofMinutes(105));
  }

  // --- calendars that are never open ---

  @Test
  void a_calendar_whose_every_working_day_is_a_holiday_is_refused_with_a_clear_message() {
    var saturdays = new ArrayList<LocalDate>();
    for (LocalDate d = date("2026-01-03"); d.getYear() < 2038; d = d.plusWeeks(1)) {
      saturdays.add(d);
    }
    BusinessTime never =
        hours(AMSTERDAM, Set.of(SATURDAY), "09:00", "17:00", saturdays.toArray(LocalDate[]::new));
    Instant start = ams("2026-06-01T09:00", MONDAY);

    assertThatThrownBy(() -> never.plus(start, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never open within 10 years");
    assertThatThrownBy(() -> never.nextOpening(start))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never open");
    assertThat(never.between(start, start.plus(Duration.ofDays(3650)))).isZero();
  }

  @Test
  void an_amount_longer_than_ten_years_of_business_time_is_refused() {
    // 10 years hold about 2,600 days of 8.5h, some 22,000h.
    assertThatThrownBy(() -> office.plus(ams("2026-06-01T09:00", MONDAY), Duration.ofHours(30_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not used up within 10 years");
  }

  @Test
  void hours_without_a_working_day_or_ending_before_they_start_are_refused() {
    assertThatThrownBy(() -> hours(AMSTERDAM, Set.of(), "09:00", "17:30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no working day");
    assertThatThrownBy(() -> hours(AMSTERDAM, MON_FRI, "17:30", "09:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be after");
    assertThatThrownBy(() -> hours(AMSTERDAM, MON_FRI, "09:00", "09:00"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_example_definition_hours_read_from_yaml_give_the_same_due_time() {
    Definition.BusinessHours read =
        Lint.compileValid(DefinitionTexts.DESIGN).definition().sla().businessHours();
    BusinessTime time = BusinessTime.of(read);

    assertThat(time.plus(ams("2026-12-24T16:00", THURSDAY), Duration.ofHours(8)))
        .isEqualTo(ams("2026-12-28T15:30", MONDAY));
  }
}
