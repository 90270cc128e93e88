package nl.hengel.lifecycle.internal;

import static nl.hengel.lifecycle.Stage.DISQUALIFIED;
import static nl.hengel.lifecycle.Stage.LOST;
import static nl.hengel.lifecycle.Stage.MQL;
import static nl.hengel.lifecycle.Stage.NEW;
import static nl.hengel.lifecycle.Stage.NURTURE;
import static nl.hengel.lifecycle.Stage.SAL;
import static nl.hengel.lifecycle.Stage.SQL;
import static nl.hengel.lifecycle.Stage.SUPPRESSED;
import static nl.hengel.lifecycle.Stage.WON;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hengel.lifecycle.ReasonKind;
import nl.hengel.lifecycle.Stage;
import nl.hengel.lifecycle.Verdict;
import nl.hengel.platform.Role;

/**
 * The rules of the waterfall, checked in order; the first refusal wins and its reason reaches the
 * user unchanged.
 */
public final class TransitionPolicies {

  private TransitionPolicies() {}

  /** Which stages each stage may move to at all. */
  static final Map<Stage, Set<Stage>> PATHS = paths();

  /** The policies, in the order they are asked. */
  public static final List<TransitionPolicy> ALL =
      List.of(
          new NotAlreadyThere(),
          new AcceptanceFirst(),
          new KnownPath(),
          new RightRole(),
          new OwnLeadsOnly(),
          new ReasonFromTheList());

  /** Runs every policy and answers the first refusal, or {@link Verdict#ALLOWED}. */
  public static Verdict check(TransitionPolicy.Attempt attempt) {
    for (TransitionPolicy policy : ALL) {
      Verdict v = policy.check(attempt);
      if (v instanceof Verdict.Refused) {
        return v;
      }
    }
    return Verdict.ALLOWED;
  }

  /**
   * Whether the waterfall has a path from one stage to the next (acceptance first included), for
   * recording a past that happened elsewhere: who made it and why is not ours to judge, its shape
   * is.
   */
  public static boolean isPath(Stage from, Stage to) {
    return from != to && PATHS.get(from).contains(to) && (to != SQL || from == SAL);
  }

  /** The kind of reason code a move needs, if any. */
  public static Optional<ReasonKind> reasonNeeded(Stage from, Stage to) {
    if (to == NURTURE && (from == MQL || from == SAL)) {
      return Optional.of(ReasonKind.REJECT);
    }
    if (to == DISQUALIFIED) {
      return Optional.of(ReasonKind.DISQUALIFY);
    }
    if (to == LOST) {
      return Optional.of(ReasonKind.LOST);
    }
    return Optional.empty();
  }

  private static Map<Stage, Set<Stage>> paths() {
    var m = new EnumMap<Stage, Set<Stage>>(Stage.class);
    m.put(NEW, EnumSet.of(NURTURE, MQL, DISQUALIFIED, SUPPRESSED));
    m.put(NURTURE, EnumSet.of(MQL, DISQUALIFIED, SUPPRESSED));
    m.put(MQL, EnumSet.of(SAL, NURTURE, DISQUALIFIED, SUPPRESSED));
    m.put(SAL, EnumSet.of(SQL, NURTURE, DISQUALIFIED, SUPPRESSED));
    m.put(SQL, EnumSet.of(WON, LOST, SUPPRESSED));
    m.put(WON, EnumSet.of(SUPPRESSED));
    m.put(LOST, EnumSet.of(NURTURE, SUPPRESSED));
    m.put(DISQUALIFIED, EnumSet.of(NURTURE, SUPPRESSED));
    m.put(SUPPRESSED, EnumSet.of(NURTURE));
    return m;
  }

  private static Verdict.Refused refuse(String policy, String code, String reason) {
    return new Verdict.Refused(policy, code, reason);
  }

  /** A move to the stage the lead is in is a mistake, not a no-op that would fake history. */
  static final class NotAlreadyThere implements TransitionPolicy {
    @Override
    public Verdict check(Attempt a) {
      return a.lead().stage() == a.move().to()
          ? refuse(
              "not-already-there",
              "lifecycle.already-in-stage",
              "The lead is already in " + a.move().to().key() + ".")
          : Verdict.ALLOWED;
    }
  }

  /** No lead skips sales acceptance: only an accepted lead (sal) becomes an SQL. */
  static final class AcceptanceFirst implements TransitionPolicy {
    @Override
    public Verdict check(Attempt a) {
      Stage from = a.lead().stage();
      if (a.move().to() != SQL || from == SAL) {
        return Verdict.ALLOWED;
      }
      return refuse(
          "acceptance-first",
          "lifecycle.acceptance-required",
          from == MQL
              ? "An MQL cannot become SQL without sales accepting it first: accept it (sal), then"
                  + " qualify it (sql)."
              : "Only a lead sales accepted (sal) can become SQL; this one is " + from.key() + ".");
    }
  }

  /** The waterfall's paths: e.g. nothing comes back from won but a suppression. */
  static final class KnownPath implements TransitionPolicy {
    @Override
    public Verdict check(Attempt a) {
      Stage from = a.lead().stage();
      Set<Stage> next = PATHS.get(from);
      if (next.contains(a.move().to())) {
        return Verdict.ALLOWED;
      }
      return refuse(
          "known-path",
          "lifecycle.no-such-transition",
          "A lead in "
              + from.key()
              + " cannot move to "
              + a.move().to().key()
              + "; from "
              + from.key()
              + " it can move to "
              + next.stream().map(Stage::key).collect(Collectors.joining(", "))
              + ".");
    }
  }

  /**
   * Who decides what: Hengel alone qualifies (the definition's gate); sales accepts, rejects,
   * qualifies and closes; marketing nurtures and suppresses; admins may do what either may.
   */
  static final class RightRole implements TransitionPolicy {
    @Override
    public Verdict check(Attempt a) {
      if (a.actor().isSystem()) {
        return Verdict.ALLOWED;
      }
      Stage from = a.lead().stage();
      Stage to = a.move().to();
      if (to == MQL) {
        return refuse(
            "right-role",
            "lifecycle.qualified-by-definition",
            "A lead becomes an MQL when it meets the gate of the definition in force; nobody moves"
                + " it there by hand.");
      }
      boolean sales = a.any(Role.SALES, Role.ADMIN);
      boolean marketing = a.any(Role.MARKETING, Role.ADMIN);
      boolean allowed =
          switch (to) {
            case SAL, SQL, WON, LOST -> sales;
            case NURTURE ->
                (from == MQL || from == SAL)
                    ? sales
                    : from == LOST ? sales || marketing : marketing;
            case DISQUALIFIED -> (from == MQL || from == SAL) ? sales : sales || marketing;
            case SUPPRESSED -> marketing;
            default -> false;
          };
      if (allowed) {
        return Verdict.ALLOWED;
      }
      String who =
          switch (to) {
            case SAL, SQL, WON, LOST -> "sales";
            case SUPPRESSED -> "marketing";
            case NURTURE -> (from == MQL || from == SAL) ? "sales (a rejection)" : "marketing";
            case DISQUALIFIED -> (from == MQL || from == SAL) ? "sales" : "sales or marketing";
            default -> "nobody";
          };
      return refuse(
          "right-role",
          "lifecycle.role-not-allowed",
          "Moving a lead from " + from.key() + " to " + to.key() + " is for " + who + ".");
    }
  }

  /** Sales acts only on its own leads and its team's; a lead nobody owns yet is anyone's. */
  static final class OwnLeadsOnly implements TransitionPolicy {
    @Override
    public Verdict check(Attempt a) {
      Stage from = a.lead().stage();
      boolean salesStage = from.isWithSales();
      if (a.actor().isSystem() || !salesStage || a.actsForOwner()) {
        return Verdict.ALLOWED;
      }
      return refuse(
          "own-leads-only",
          "lifecycle.not-your-lead",
          nl.hengel.lifecycle.LeadAccess.notYours(a.lead()));
    }
  }

  /** Rejecting, disqualifying and losing need a reason code from the workspace's list. */
  static final class ReasonFromTheList implements TransitionPolicy {
    @Override
    public Verdict check(Attempt a) {
      Optional<ReasonKind> kind = reasonNeeded(a.lead().stage(), a.move().to());
      String reason = a.move().reason();
      if (kind.isEmpty()) {
        return Verdict.ALLOWED;
      }
      String codes = a.reasons().stream().map(r -> r.code()).collect(Collectors.joining(", "));
      if (reason == null || reason.isBlank()) {
        return refuse(
            "reason-from-the-list",
            "lifecycle.reason-required",
            "A " + kind.get().key() + " needs a reason code, one of: " + codes + ".");
      }
      boolean known = a.reasons().stream().anyMatch(r -> r.code().equals(reason.trim()));
      return known
          ? Verdict.ALLOWED
          : refuse(
              "reason-from-the-list",
              "lifecycle.unknown-reason",
              "'"
                  + reason
                  + "' is not a "
                  + kind.get().key()
                  + " reason here; use one of: "
                  + codes
                  + ".");
    }
  }
}
