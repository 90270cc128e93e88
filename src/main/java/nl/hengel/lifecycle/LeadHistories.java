package nl.hengel.lifecycle;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nl.hengel.lifecycle.internal.TransitionPolicies;
import nl.hengel.platform.BulkInsert;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the pasts of leads in bulk, as they happened: the stage history with its own times and
 * actors, and the lead as that history leaves it. Unlike a live move, nothing is routed, no SLA
 * clock starts and no stage change is published — it already happened; only {@link
 * LeadPastsRecorded} says which leads got a past, for derived state such as analytics. The
 * waterfall's shape is still enforced (no step outside its paths, none skipping acceptance, times
 * in order).
 *
 * <p>A lead that has a history already is compared with the past: when its recorded steps begin the
 * past (same stages, same times where both are dated), the steps after them are appended, so a
 * newer export of the same source applies only what is new and the same export again changes
 * nothing; when they contradict it, the past is refused with the first difference. A step to lost,
 * disqualified or back to nurture that the source gives no reason for is recorded with the reason
 * {@value #NOT_RECORDED}, never an invented one.
 */
@Service
public class LeadHistories {

  /** The reason code of an imported step whose source recorded no reason. */
  public static final String NOT_RECORDED = "not-recorded";

  /**
   * What became of a batch of pasts: leads recorded anew, leads whose history got new steps, leads
   * whose history held the past already (of which {@code updated} got a new owner or deal value),
   * the steps written per stage (implied ones apart), and the pasts refused.
   */
  public record Outcome(
      int recorded,
      int extended,
      int alreadyKnown,
      int updated,
      Map<Stage, Integer> dated,
      Map<Stage, Integer> implied,
      List<Refusal> refused) {

    /** The steps written, dated and implied. */
    public int steps() {
      return dated.values().stream().mapToInt(Integer::intValue).sum()
          + implied.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** A past that was not recorded, and why. */
  public record Refusal(PersonId person, String reason) {}

  private static final int CHUNK = 1_000;

  private static final List<BulkInsert.Column> LEAD_COLUMNS =
      columns(
          "person_id bigint, workspace_id bigint, stage varchar, stage_since timestamptz,"
              + " mql_at timestamptz, mql_count integer, owner_user_id bigint, team_id bigint,"
              + " assigned_at timestamptz, accepted_at timestamptz, source varchar,"
              + " campaign varchar, new_since timestamptz, deal_amount_minor bigint,"
              + " deal_currency varchar, created_at timestamptz, updated_at timestamptz");

  private static final List<BulkInsert.Column> STEP_COLUMNS =
      columns(
          "workspace_id bigint, person_id bigint, from_stage varchar, to_stage varchar,"
              + " actor varchar, reason_code varchar, comment varchar, at timestamptz,"
              + " implied boolean");

  private static List<BulkInsert.Column> columns(String spec) {
    return java.util.Arrays.stream(spec.split(","))
        .map(String::trim)
        .map(c -> new BulkInsert.Column(c.split(" ")[0], c.split(" ")[1]))
        .toList();
  }

  private final JdbcTemplate jdbc;
  private final BulkInsert bulk;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  LeadHistories(JdbcTemplate jdbc, BulkInsert bulk, ApplicationEventPublisher events, Clock clock) {
    this.jdbc = jdbc;
    this.bulk = bulk;
    this.events = events;
    this.clock = clock;
  }

  /** A step already recorded. */
  private record Recorded(Stage to, Instant at, boolean implied, String actor) {}

  /** A lead as recorded now: the columns an import may change, and its steps in order. */
  private record Current(
      Stage stage,
      @Nullable Long owner,
      @Nullable Instant newSince,
      PastLead.@Nullable Deal deal,
      List<Recorded> steps) {}

  @Transactional
  public Outcome record(WorkspaceId ws, List<PastLead> pasts) {
    var tally = new Tally();
    var valid = new ArrayList<PastLead>(pasts.size());
    for (PastLead past : pasts) {
      String fault = fault(past);
      if (fault == null) {
        valid.add(past);
      } else {
        tally.refused.add(new Refusal(past.person(), fault));
      }
    }
    Instant now = clock.instant();
    for (int from = 0; from < valid.size(); from += CHUNK) {
      List<PastLead> chunk = valid.subList(from, Math.min(valid.size(), from + CHUNK));
      List<Long> ids = chunk.stream().map(p -> p.person().value()).toList();
      // By id alone, the workspace checked on the rows: see current().
      var people = new java.util.HashSet<Long>();
      jdbc.query(
          "select id, workspace_id from person where id = any(?)",
          rs -> {
            if (rs.getLong(2) == ws.value()) {
              people.add(rs.getLong(1));
            }
          },
          array(ids));
      Map<Long, Current> current = current(ids.stream().filter(people::contains).toList());
      var fresh = new ArrayList<PastLead>();
      var extensions = new ArrayList<Extension>();
      var changed = new ArrayList<PersonId>();
      for (PastLead p : chunk) {
        long id = p.person().value();
        if (!people.contains(id)) {
          tally.refused.add(new Refusal(p.person(), "no person " + id + " in this workspace"));
          continue;
        }
        Current now0 = current.get(id);
        if (now0 == null) {
          fresh.add(p);
          tally.recorded++;
          tally.count(p.steps());
          changed.add(p.person());
          continue;
        }
        switch (compare(now0, p)) {
          case Comparison.Contradicts c -> tally.refused.add(new Refusal(p.person(), c.reason()));
          case Comparison.Holds h -> {
            boolean updates = updates(now0, p);
            if (h.from() < p.steps().size()) {
              extensions.add(new Extension(p, now0, h.from()));
              tally.extended++;
              tally.count(p.steps().subList(h.from(), p.steps().size()));
              changed.add(p.person());
            } else if (updates) {
              extensions.add(new Extension(p, now0, p.steps().size()));
              tally.alreadyKnown++;
              tally.updated++;
              changed.add(p.person());
            } else {
              tally.alreadyKnown++;
            }
          }
        }
      }
      insert(ws, fresh, now);
      extend(ws, extensions, now);
      if (!changed.isEmpty()) {
        events.publishEvent(new LeadPastsRecorded(ws, changed));
      }
    }
    return new Outcome(
        tally.recorded,
        tally.extended,
        tally.alreadyKnown,
        tally.updated,
        Collections.unmodifiableMap(tally.dated),
        Collections.unmodifiableMap(tally.implied),
        List.copyOf(tally.refused));
  }

  /** Counts while a batch is recorded. */
  private static final class Tally {
    int recorded;
    int extended;
    int alreadyKnown;
    int updated;
    final Map<Stage, Integer> dated = new java.util.EnumMap<>(Stage.class);
    final Map<Stage, Integer> implied = new java.util.EnumMap<>(Stage.class);
    final List<Refusal> refused = new ArrayList<>();

    void count(List<PastLead.Step> steps) {
      for (PastLead.Step s : steps) {
        (s.implied() ? implied : dated).merge(s.stage(), 1, Integer::sum);
      }
    }
  }

  /** How a past relates to the history a lead has. */
  private sealed interface Comparison {
    /** The recorded steps begin the past; the past's steps from {@code from} on are new. */
    record Holds(int from) implements Comparison {}

    record Contradicts(String reason) implements Comparison {}
  }

  /**
   * Whether the lead's recorded steps begin the past: step by step the same stage, at the same time
   * unless one of the two is implied (its time is only a bound). A past shorter than the history is
   * held when it begins it: the lead moved on since that export.
   */
  private static Comparison compare(Current current, PastLead past) {
    List<Recorded> recorded = current.steps();
    List<PastLead.Step> steps = past.steps();
    int common = Math.min(recorded.size(), steps.size());
    for (int i = 0; i < common; i++) {
      Recorded r = recorded.get(i);
      PastLead.Step s = steps.get(i);
      boolean sameTime = r.implied() || s.implied() || r.at().equals(s.at());
      if (r.to() != s.stage() || !sameTime) {
        return new Comparison.Contradicts(
            "its recorded history has "
                + describe(r.to(), r.at(), r.implied())
                + " (by "
                + r.actor()
                + ") where this past has "
                + describe(s.stage(), s.at(), s.implied()));
      }
    }
    if (steps.size() > recorded.size() && !recorded.isEmpty()) {
      Recorded last = recorded.getLast();
      PastLead.Step next = steps.get(recorded.size());
      if (next.at().isBefore(last.at())) {
        return new Comparison.Contradicts(
            "its recorded history reached "
                + last.to().key()
                + " at "
                + last.at()
                + ", after this past's next step, "
                + describe(next.stage(), next.at(), next.implied()));
      }
    }
    return new Comparison.Holds(recorded.size());
  }

  private static String describe(Stage stage, Instant at, boolean implied) {
    return stage.key() + (implied ? " (implied, by " + at + ")" : " at " + at);
  }

  /**
   * Whether the past sets an owner, a deal value or a created date the lead lacks or differs in.
   */
  private static boolean updates(Current current, PastLead past) {
    return (past.owner() != null && !Objects.equals(past.owner().user().value(), current.owner()))
        || (past.deal() != null && !past.deal().equals(current.deal()))
        || (past.newSince() != null && current.newSince() == null);
  }

  /** A lead with a history that gets the past's steps from {@code from} on. */
  private record Extension(PastLead past, Current current, int from) {}

  /** Why a past cannot be recorded, or null when it can. */
  static @Nullable String fault(PastLead past) {
    Stage stage = Stage.NEW;
    Instant last = past.newSince() == null ? Instant.MIN : past.newSince();
    for (PastLead.Step step : past.steps()) {
      if (step.at().isBefore(last)) {
        return "step to "
            + step.stage().key()
            + " at "
            + step.at()
            + " comes before the step before it";
      }
      if (!TransitionPolicies.isPath(stage, step.stage())) {
        return "no path from " + stage.key() + " to " + step.stage().key();
      }
      stage = step.stage();
      last = step.at();
    }
    return null;
  }

  private Map<Long, Current> current(List<Long> ids) {
    var leads = new HashMap<Long, Current>();
    if (ids.isEmpty()) {
      return leads;
    }
    // Locked, so a live move cannot slip between the comparison and the write. By person alone
    // (the people are the workspace's, checked before): with "workspace_id = ? and person_id in
    // (...)", statistics that do not know a new workspace yet make PostgreSQL read every lead of
    // it through a workspace index for each chunk, which made a large import quadratic.
    jdbc.query(
        "select person_id, stage, owner_user_id, new_since, deal_amount_minor, deal_currency"
            + " from lead where person_id = any(?) for update",
        rs -> {
          long amount = rs.getLong("deal_amount_minor");
          PastLead.Deal deal =
              rs.wasNull() ? null : new PastLead.Deal(amount, rs.getString("deal_currency").trim());
          long owner = rs.getLong("owner_user_id");
          leads.put(
              rs.getLong("person_id"),
              new Current(
                  Stage.parse(rs.getString("stage")).orElseThrow(),
                  rs.wasNull() ? null : owner,
                  Sql.instant(rs, "new_since"),
                  deal,
                  new ArrayList<>()));
        },
        array(ids));
    if (leads.isEmpty()) {
      return leads;
    }
    List<Long> known = List.copyOf(leads.keySet());
    jdbc.query(
        "select person_id, to_stage, at, implied, actor from lead_transition"
            + " where person_id = any(?) order by person_id, at, id",
        rs -> {
          leads
              .get(rs.getLong("person_id"))
              .steps()
              .add(
                  new Recorded(
                      Stage.parse(rs.getString("to_stage")).orElseThrow(),
                      Sql.instant(rs, "at"),
                      rs.getBoolean("implied"),
                      rs.getString("actor")));
        },
        array(known));
    return leads;
  }

  /**
   * The ids as one array parameter ({@code = any(?)}): one statement whatever their number, where a
   * list of a thousand parameters cost PostgreSQL more to plan than to answer.
   */
  private static SqlArrayValue array(List<Long> ids) {
    return new SqlArrayValue("bigint", ids.toArray());
  }

  /** The lead's columns as a whole past leaves them. */
  private record LeadColumns(
      Stage stage,
      Instant stageSince,
      @Nullable Instant mqlAt,
      int mqls,
      @Nullable Owner owner,
      @Nullable Instant assignedAt,
      @Nullable Instant acceptedAt) {

    static LeadColumns of(PastLead past, Instant now) {
      Instant mqlAt = null;
      int mqls = 0;
      Owner owner = null;
      Instant assignedAt = null;
      Instant acceptedAt = null;
      for (PastLead.Step step : past.steps()) {
        if (step.stage() == Stage.MQL) {
          mqlAt = step.at();
          mqls++;
        }
        if (step.owner() != null && !step.owner().equals(owner)) {
          owner = step.owner();
          assignedAt = step.at();
        }
        if (step.stage() == Stage.SAL) {
          acceptedAt = step.at();
        }
      }
      if (past.owner() != null && !past.owner().equals(owner)) {
        owner = past.owner();
        // The source names the owner but not since when: from the first step the lead took with
        // sales, else from when it entered the funnel.
        assignedAt =
            past.steps().stream()
                .filter(s -> s.stage().isWithSales())
                .map(PastLead.Step::at)
                .findFirst()
                .orElse(past.newSince());
      }
      Instant since =
          past.steps().isEmpty()
              ? (past.newSince() == null ? now : past.newSince())
              : past.steps().getLast().at();
      return new LeadColumns(past.stage(), since, mqlAt, mqls, owner, assignedAt, acceptedAt);
    }
  }

  private void insert(WorkspaceId ws, List<PastLead> pasts, Instant now) {
    if (pasts.isEmpty()) {
      return;
    }
    var leads = new ArrayList<Object[]>(pasts.size());
    var steps = new ArrayList<Object[]>();
    for (PastLead past : pasts) {
      LeadColumns lead = LeadColumns.of(past, now);
      addSteps(ws, past, Stage.NEW, past.steps(), steps);
      leads.add(
          new Object[] {
            past.person().value(),
            ws.value(),
            lead.stage().key(),
            Sql.ts(lead.stageSince()),
            Sql.ts(lead.mqlAt()),
            lead.mqls(),
            lead.owner() == null ? null : lead.owner().user().value(),
            lead.owner() == null ? null : past.team(),
            Sql.ts(lead.assignedAt()),
            Sql.ts(lead.acceptedAt()),
            past.source(),
            past.campaign(),
            Sql.ts(past.newSince()),
            past.deal() == null ? null : past.deal().amountMinor(),
            past.deal() == null ? null : past.deal().currency(),
            Sql.ts(past.steps().isEmpty() ? now : past.steps().getFirst().at()),
            Sql.ts(now)
          });
    }
    bulk.insert("lead", LEAD_COLUMNS, leads);
    insertSteps(steps);
  }

  /**
   * Appends the new steps of each extension and brings its lead row to where the whole past leaves
   * it; an extension without new steps only updates the owner, deal value and created date.
   */
  private void extend(WorkspaceId ws, List<Extension> extensions, Instant now) {
    if (extensions.isEmpty()) {
      return;
    }
    var steps = new ArrayList<Object[]>();
    var moved = new ArrayList<Object[]>();
    var kept = new ArrayList<Object[]>();
    for (Extension e : extensions) {
      PastLead past = e.past();
      Long owner = past.owner() == null ? e.current().owner() : past.owner().user().value();
      PastLead.Deal deal = past.deal() == null ? e.current().deal() : past.deal();
      Instant newSince = e.current().newSince() == null ? past.newSince() : e.current().newSince();
      if (e.from() == past.steps().size()) {
        kept.add(
            new Object[] {
              owner,
              past.owner() == null ? null : past.team(),
              deal == null ? null : deal.amountMinor(),
              deal == null ? null : deal.currency(),
              Sql.ts(newSince),
              Sql.ts(now),
              past.person().value()
            });
        continue;
      }
      List<PastLead.Step> added = past.steps().subList(e.from(), past.steps().size());
      Stage from = e.from() == 0 ? Stage.NEW : past.steps().get(e.from() - 1).stage();
      addSteps(ws, past, from, added, steps);
      LeadColumns lead = LeadColumns.of(past, now);
      moved.add(
          new Object[] {
            lead.stage().key(),
            Sql.ts(lead.stageSince()),
            Sql.ts(lead.mqlAt()),
            lead.mqls(),
            owner,
            past.owner() == null ? null : past.team(),
            Sql.ts(lead.assignedAt()),
            Sql.ts(lead.acceptedAt()),
            deal == null ? null : deal.amountMinor(),
            deal == null ? null : deal.currency(),
            Sql.ts(newSince),
            Sql.ts(now),
            past.person().value()
          });
    }
    if (!moved.isEmpty()) {
      // mql_at and accepted_at keep the live values where the past has none (coalesce), and the
      // count of MQLs grows by the past's new ones only. By person alone, here and below: the
      // leads are the workspace's, checked and locked by current().
      jdbc.batchUpdate(
          """
          update lead set stage = ?, stage_since = ?, mql_at = coalesce(?, mql_at),
                 mql_count = greatest(mql_count, ?), owner_user_id = ?,
                 team_id = coalesce(?, team_id), assigned_at = coalesce(?, assigned_at),
                 accepted_at = coalesce(?, accepted_at), deal_amount_minor = ?, deal_currency = ?,
                 new_since = ?, updated_at = ?
           where person_id = ?
          """,
          moved,
          new int[] {
            Types.VARCHAR,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.INTEGER,
            Types.BIGINT,
            Types.BIGINT,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.BIGINT,
            Types.CHAR,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.BIGINT
          });
    }
    if (!kept.isEmpty()) {
      jdbc.batchUpdate(
          """
          update lead set owner_user_id = ?, team_id = coalesce(?, team_id),
                 deal_amount_minor = ?, deal_currency = ?, new_since = ?, updated_at = ?
           where person_id = ?
          """,
          kept,
          new int[] {
            Types.BIGINT,
            Types.BIGINT,
            Types.BIGINT,
            Types.CHAR,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.BIGINT
          });
    }
    insertSteps(steps);
  }

  private static void addSteps(
      WorkspaceId ws, PastLead past, Stage from, List<PastLead.Step> added, List<Object[]> rows) {
    for (PastLead.Step step : added) {
      String reason = step.reason();
      if (reason == null && TransitionPolicies.reasonNeeded(from, step.stage()).isPresent()) {
        reason = NOT_RECORDED;
      }
      rows.add(
          new Object[] {
            ws.value(),
            past.person().value(),
            from.key(),
            step.stage().key(),
            step.actor(),
            reason,
            step.comment(),
            Sql.ts(step.at()),
            step.implied()
          });
      from = step.stage();
    }
  }

  private void insertSteps(List<Object[]> steps) {
    if (steps.isEmpty()) {
      return;
    }
    bulk.insert("lead_transition", STEP_COLUMNS, steps);
  }
}
