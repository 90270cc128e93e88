package nl.hengel.backtest.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import nl.hengel.definition.CompiledVersion;
import nl.hengel.engine.Backtest;
import nl.hengel.engine.BacktestResult;
import nl.hengel.engine.Facts;
import nl.hengel.engine.LeadScore;
import nl.hengel.engine.LeadScore.Contribution;
import nl.hengel.engine.Scoring;
import org.jspecify.annotations.Nullable;

/**
 * One pass over the history under a candidate version and, optionally, a baseline: each lead is
 * folded under both by the engine's {@link Backtest} (the live fold), and a lead only one of them
 * flags as MQL in the range is explained under both and handed on.
 */
public final class Replay implements History.Sink {

  /** A lead one version flags and the other does not, with each side's explanation. */
  public record Difference(
      long personId,
      boolean candidateFlags,
      @Nullable Instant candidateMqlAt,
      @Nullable Instant baselineMqlAt,
      String candidateExplanation,
      String baselineExplanation) {}

  /** Where the run reports progress and differences. */
  public interface Listener {
    void replayed(long leads);

    void differs(Difference difference);
  }

  private final CompiledVersion candidate;
  private final @Nullable CompiledVersion baseline;
  private final Instant to;
  private final Backtest candidateBacktest;
  private final @Nullable Backtest baselineBacktest;
  private final Scoring candidateExplainer;
  private final @Nullable Scoring baselineExplainer;
  private final Listener listener;
  private long leads;

  public Replay(
      CompiledVersion candidate,
      @Nullable CompiledVersion baseline,
      Instant from,
      Instant to,
      Duration horizon,
      Listener listener) {
    this.candidate = candidate;
    this.baseline = baseline;
    this.to = to;
    this.listener = listener;
    this.candidateBacktest = new Backtest(candidate.compiled(), from, to, horizon);
    this.candidateExplainer = new Scoring(candidate.compiled());
    this.baselineBacktest =
        baseline == null ? null : new Backtest(baseline.compiled(), from, to, horizon);
    this.baselineExplainer = baseline == null ? null : new Scoring(baseline.compiled());
  }

  @Override
  public void accept(History.Lead lead) {
    Facts candidateFacts = Facts.of(candidate.compiled(), lead.person(), lead.company());
    LeadScore a = candidateBacktest.replay(candidateFacts, lead.events(), lead.outcomes());
    if (baselineBacktest != null) {
      Facts baselineFacts = Facts.of(baseline.compiled(), lead.person(), lead.company());
      LeadScore b = baselineBacktest.replay(baselineFacts, lead.events(), lead.outcomes());
      boolean aFlags = candidateBacktest.inRange(a.mqlAt());
      boolean bFlags = baselineBacktest.inRange(b.mqlAt());
      if (aFlags != bFlags) {
        listener.differs(
            new Difference(
                lead.personId(),
                aFlags,
                a.mqlAt(),
                b.mqlAt(),
                explain(candidateExplainer, candidateFacts, lead, a.mqlAt(), b.mqlAt()),
                explain(baselineExplainer, baselineFacts, lead, b.mqlAt(), a.mqlAt())));
      }
    }
    if (++leads % 1000 == 0) {
      listener.replayed(leads);
    }
  }

  /** The leads replayed so far. */
  public long leads() {
    return leads;
  }

  public BacktestResult candidateResult() {
    return candidateBacktest.result();
  }

  public @Nullable BacktestResult baselineResult() {
    return baselineBacktest == null ? null : baselineBacktest.result();
  }

  /**
   * Why the lead is MQL at its MQL moment; or, when it is not, what is missing at the moment the
   * other version flagged it: the fit and engagement rules that gave points, the touches, the gate.
   */
  private String explain(
      Scoring scoring,
      Facts facts,
      History.Lead lead,
      @Nullable Instant mqlAt,
      @Nullable Instant otherMqlAt) {
    Instant asOf = mqlAt != null ? mqlAt : otherMqlAt != null ? otherMqlAt : to;
    LeadScore s = scoring.score(facts, lead.events(), asOf, true);
    var text = new StringBuilder();
    text.append(mqlAt != null ? "MQL at " : "not MQL at ").append(asOf).append(": ");
    text.append("fit ").append(s.fit()).append(rules(s.explanation().fit()));
    text.append("; engagement ")
        .append(String.format(java.util.Locale.ROOT, "%.1f", s.engagement()))
        .append(rules(s.explanation().engagement()));
    text.append("; touches ").append(s.touches().count());
    List<LeadScore.GateCheck> missing = s.explanation().missing();
    if (!missing.isEmpty()) {
      text.append("; missing: ")
          .append(
              missing.stream()
                  .map(LeadScore.GateCheck::expression)
                  .collect(Collectors.joining(" and ")));
    }
    return text.length() > 4000 ? text.substring(0, 3997) + "..." : text.toString();
  }

  private static String rules(List<Contribution> contributions) {
    String given =
        contributions.stream()
            .filter(c -> c.points() != 0)
            .map(c ->
                c.rule()
                    + (c.matches() > 1 ? " " + c.matches() + "×" : "")
                    + " "
                    + (c.points() > 0 ? "+" : "")
                    + c.points())
            .collect(Collectors.joining(", "));
    return given.isEmpty() ? "" : " (" + given + ")";
  }
}
