package nl.hengel.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nl.hengel.lifecycle.LeadHistories;
import nl.hengel.lifecycle.Owner;
import nl.hengel.lifecycle.PastLead;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.UserId;
import nl.hengel.timeline.InteractionInput;
import nl.hengel.timeline.PersonId;
import org.junit.jupiter.api.Test;

class GeneratorUnitTests {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final List<Owner> REPS =
      List.of(
          new Owner(new UserId(1), "bram@x.example"), new Owner(new UserId(2), "sara@x.example"));

  static List<Object> all(long seed, int people, long interactions, int chunk) {
    var g = new Generator(new Generator.Settings(seed, people, interactions, 12, NOW), REPS);
    var out = new ArrayList<Object>();
    out.addAll(g.companies());
    out.addAll(g.campaigns());
    var events = new ArrayList<Object>();
    var fates = new ArrayList<Object>();
    while (!g.done()) {
      Generator.Chunk c = g.next(chunk);
      out.addAll(c.people());
      events.addAll(c.interactions());
      fates.addAll(c.fates());
    }
    out.addAll(events);
    out.addAll(fates);
    return out;
  }

  @Test
  void the_same_seed_gives_the_same_data_whatever_the_chunk_size_and_another_seed_other_data() {
    List<Object> a = all(42, 500, 6_000, 500);
    assertThat(all(42, 500, 6_000, 37)).isEqualTo(a);
    assertThat(all(43, 500, 6_000, 500)).isNotEqualTo(a);
  }

  @Test
  void it_makes_exactly_the_interactions_asked_for_within_the_months_and_unique_emails() {
    var g = new Generator(new Generator.Settings(7, 2_000, 30_000, 12, NOW), REPS);
    var emails = new HashSet<String>();
    var keys = new HashSet<String>();
    long count = 0;
    Instant start = NOW.minus(java.time.Duration.ofDays(366));
    while (!g.done()) {
      Generator.Chunk c = g.next(300);
      c.people().forEach(p -> assertThat(emails.add(p.email())).as(p.email()).isTrue());
      for (InteractionInput i : c.interactions()) {
        count++;
        assertThat(keys.add(i.source() + "/" + i.externalId())).isTrue();
        Instant at = Instant.parse(i.occurredAt());
        assertThat(at).isBefore(NOW).isAfter(start);
      }
    }
    assertThat(count).isEqualTo(30_000);
    assertThat(emails).hasSize(2_000).contains("noor.devries@brightlane.example");
    assertThat(g.companies()).hasSize(50);
  }

  @Test
  void pasts_reach_every_stage_in_the_waterfall_shape_and_won_leads_met_sales_first() {
    var g = new Generator(new Generator.Settings(7, 2_000, 30_000, 12, NOW), REPS);
    Set<Stage> last = EnumSet.noneOf(Stage.class);
    int recycled = 0;
    int requalified = 0;
    while (!g.done()) {
      Generator.Chunk c = g.next(1_000);
      for (Generator.Fate f : c.fates()) {
        PastLead past =
            new PastLead(new PersonId(f.index() + 1), f.steps(), f.source(), f.campaign());
        assertThat(LeadHistoriesAccess.fault(past)).as(f.toString()).isNull();
        last.add(f.steps().getLast().stage());
        List<Stage> stages = f.steps().stream().map(PastLead.Step::stage).toList();
        if (stages.indexOf(Stage.NURTURE) > 0
            && stages.get(stages.indexOf(Stage.NURTURE) - 1) == Stage.MQL) {
          recycled++;
          if (stages.lastIndexOf(Stage.MQL) > stages.indexOf(Stage.NURTURE)) {
            requalified++;
          }
        }
        if (stages.getLast() == Stage.WON) {
          Instant won = f.steps().getLast().at();
          assertThat(
                  c.interactions().stream()
                      .filter(i -> i.person().email().equals(f.email()))
                      .filter(i -> i.type().equals("meeting"))
                      .filter(i -> Instant.parse(i.occurredAt()).isBefore(won)))
              .hasSizeGreaterThanOrEqualTo(2);
        }
      }
    }
    assertThat(last)
        .contains(
            Stage.NURTURE,
            Stage.MQL,
            Stage.SAL,
            Stage.SQL,
            Stage.WON,
            Stage.LOST,
            Stage.DISQUALIFIED,
            Stage.SUPPRESSED);
    assertThat(recycled).isGreaterThan(20);
    assertThat(requalified).isGreaterThan(5);
  }

  /** The lifecycle's own check of a past's shape. */
  static final class LeadHistoriesAccess {
    static String fault(PastLead past) {
      try {
        var m = LeadHistories.class.getDeclaredMethod("fault", PastLead.class);
        m.setAccessible(true);
        return (String) m.invoke(null, past);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }
}
