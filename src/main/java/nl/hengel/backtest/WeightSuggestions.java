package nl.hengel.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import nl.hengel.backtest.internal.FittedWeights;
import nl.hengel.backtest.internal.History;
import nl.hengel.backtest.internal.PointsRewrite;
import nl.hengel.backtest.internal.SampleSet;
import nl.hengel.backtest.internal.SuggestedPoints;
import nl.hengel.definition.CompiledVersion;
import nl.hengel.definition.Definitions;
import nl.hengel.definition.UploadOutcome;
import nl.hengel.engine.DecisionSamples;
import nl.hengel.engine.DecisionSamples.Outcome;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Moments;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Suggests rule weights for a definition version from what really happened, and stores them as a
 * new draft — never activating anything.
 *
 * <p>Every lead of the workspace is streamed once and taken at its decision moment under the
 * version (its MQL moment, else its last touch before sales took it on; see {@link
 * DecisionSamples}). Leads decided before the split train a logistic regression of reaching the
 * outcome within the horizon on the rules; leads decided from the split to the end of the range
 * test it: its AUC and calibration there, beside the AUC of the version's own score on the same
 * leads, show whether the suggestion ranks leads better than the current weights. The coefficients
 * become points (see {@link SuggestedPoints}), written into a copy of the version's text, which is
 * uploaded as a draft by the caller, with the usual lint.
 *
 * <p>It runs in the caller's thread and holds about 4 bytes per rule per sample in memory.
 */
@Service
public class WeightSuggestions {

  private static final Logger log = LoggerFactory.getLogger(WeightSuggestions.class);

  /** Without a split, training takes this share of the range whose horizon is fully observed. */
  static final double TRAIN_SHARE = 0.7;

  static final int MIN_TRAIN = 30;
  static final int MIN_TRAIN_EACH = 5;
  static final int MIN_TEST = 10;

  private final Definitions definitions;
  private final History history;

  WeightSuggestions(Definitions definitions, History history) {
    this.definitions = definitions;
    this.history = history;
  }

  /**
   * What to fit: the weights of {@code version}, on leads decided in [{@code from}, {@code to}),
   * split in time at {@code split} (null: 70% of the way from {@code from} to {@code to} minus the
   * horizon), reaching {@code outcome} within {@code horizon} of the decision moment.
   */
  public record Request(
      int version,
      Instant from,
      Instant to,
      @Nullable Instant split,
      Outcome outcome,
      Duration horizon) {

    /**
     * A request as typed (CLI, HTTP): moments as dates (2025-01-01, UTC) or times with offset, the
     * outcome as sal, sql or won (default sql), the horizon as 90d, 12w or P90D (default 90 days).
     * Every field that does not read is reported at once.
     */
    public static Request parse(
        int version,
        @Nullable String from,
        @Nullable String to,
        @Nullable String split,
        @Nullable String outcome,
        @Nullable String horizon) {
      var errors = new ArrayList<FieldError>();
      Instant start = Moments.instant("from", from, errors);
      Instant end = Moments.instant("to", to, errors);
      Instant at = Moments.instant("split", split, errors);
      if (from == null || from.isBlank()) {
        errors.add(new FieldError("from", "is required"));
      }
      if (to == null || to.isBlank()) {
        errors.add(new FieldError("to", "is required"));
      }
      Outcome stage = outcome == null || outcome.isBlank() ? Outcome.SQL : Outcome.parse(outcome);
      if (stage == null) {
        errors.add(new FieldError("outcome", "'" + outcome + "' is not sal, sql or won"));
      }
      Duration span = Moments.duration("horizon", horizon, errors);
      if (!errors.isEmpty()) {
        throw invalid(errors);
      }
      return new Request(
          version, start, end, at, stage, span == null ? Backtests.DEFAULT_HORIZON : span);
    }
  }

  /**
   * Fits, judges and stores the suggestion as a new draft authored by the caller. 403 for an
   * analyst (before any work); 422 for a request that cannot give a fair answer (a bad range or
   * split, too few samples or no outcome on either side of the split).
   */
  public WeightSuggestion suggest(WorkspaceId ws, Caller caller, Request request) {
    if (!caller.mayWrite()) {
      throw Problem.forbidden(
          "access.forbidden",
          "An analyst reads definitions but does not store a suggestion as a new draft.");
    }
    Instant split = validate(request);
    CompiledVersion version = definitions.compiled(ws, request.version());
    String yaml = definitions.get(ws, request.version()).yaml();
    var decisions =
        new DecisionSamples(
            version.compiled(), request.from(), request.to(), request.horizon(), request.outcome());
    var set = new SampleSet(version.compiled(), decisions, split);
    long started = System.nanoTime();
    history.stream(ws, request.to(), set);
    long streamed = System.nanoTime();
    requireEnough(set, split);

    SampleSet.Part train = set.train();
    SampleSet.Part test = set.test();
    FittedWeights fitted =
        FittedWeights.of(
            set,
            decisions.rules(),
            new SuggestedPoints.Context(
                request.outcome().key(), request.horizon(), train.size(), split));
    List<WeightSuggestion.RuleChange> changes = fitted.rules();

    var fitPoints = new LinkedHashMap<String, Long>();
    var engagementPoints = new LinkedHashMap<String, Long>();
    for (var c : changes) {
      (c.kind().equals("fit") ? fitPoints : engagementPoints).put(c.rule(), c.suggested());
    }
    String draftText = PointsRewrite.rewrite(yaml, fitPoints, engagementPoints);
    var stored =
        switch (definitions.upload(ws, caller, draftText)) {
          case UploadOutcome.Stored s -> s.version();
          case UploadOutcome.Refused r ->
              throw Problem.invalid(
                  "backtest.suggest.draft-refused",
                  "The draft with the suggested weights did not pass the lint; nothing was stored.",
                  r.errors().stream()
                      .map(i ->
                          new FieldError(
                              "line " + i.line() + ", column " + i.column(), i.message()))
                      .toList());
        };
    log.info(
        "Suggested weights for version {} as draft {}: {} leads streamed in {} ms, fitted on {} in {}"
            + " ms",
        request.version(),
        stored.number(),
        set.leads(),
        (streamed - started) / 1_000_000,
        train.size(),
        (System.nanoTime() - streamed) / 1_000_000);
    return new WeightSuggestion(
        request.version(),
        stored.number(),
        stored.name(),
        request.outcome().key(),
        request.horizon(),
        request.from(),
        request.to(),
        split,
        new WeightSuggestion.Samples(
            set.leads(),
            train.size(),
            train.reached(),
            test.size(),
            test.reached(),
            set.noEvents(),
            set.outOfRange(),
            set.censored()),
        fitted.heldOut(),
        changes);
  }

  /** Checks the request and answers the split. */
  private static Instant validate(Request request) {
    var errors = new ArrayList<FieldError>();
    Instant from = request.from();
    Instant to = request.to();
    Duration horizon = request.horizon();
    if (horizon.isNegative() || horizon.isZero() || horizon.compareTo(Backtests.MAX_HORIZON) > 0) {
      errors.add(new FieldError("horizon", "must be longer than zero and at most 3660 days"));
    }
    if (!from.isBefore(to)) {
      errors.add(new FieldError("to", "must come after from (" + from + ")"));
    } else if (Duration.between(from, to).compareTo(Backtests.MAX_RANGE) > 0) {
      errors.add(new FieldError("to", "the range may span at most 20 years"));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    Instant observed = to.minus(horizon);
    if (!from.isBefore(observed)) {
      throw invalid(
          List.of(
              new FieldError(
                  "to",
                  "the range must be longer than the horizon ("
                      + horizon.toDays()
                      + " days): a lead is only labelled once its whole horizon lies in the range")));
    }
    Instant split = request.split();
    if (split == null) {
      long span = Duration.between(from, observed).toMillis();
      return from.plusMillis(Math.round(span * TRAIN_SHARE));
    }
    if (!split.isAfter(from) || !split.isBefore(observed)) {
      throw invalid(
          List.of(
              new FieldError(
                  "split",
                  "must lie after from and before to minus the horizon ("
                      + observed
                      + "), so both periods have fully observed leads")));
    }
    return split;
  }

  private static void requireEnough(SampleSet set, Instant split) {
    SampleSet.Part train = set.train();
    SampleSet.Part test = set.test();
    var errors = new ArrayList<FieldError>();
    long trainMissed = train.size() - train.reached();
    if (train.size() < MIN_TRAIN
        || train.reached() < MIN_TRAIN_EACH
        || trainMissed < MIN_TRAIN_EACH) {
      errors.add(
          new FieldError(
              "split",
              "training (leads decided before "
                  + split
                  + ") has "
                  + train.size()
                  + " leads, "
                  + train.reached()
                  + " of which reached the outcome; it needs at least "
                  + MIN_TRAIN
                  + ", with at least "
                  + MIN_TRAIN_EACH
                  + " that did and "
                  + MIN_TRAIN_EACH
                  + " that did not"));
    }
    long testMissed = test.size() - test.reached();
    if (test.size() < MIN_TEST || test.reached() == 0 || testMissed == 0) {
      errors.add(
          new FieldError(
              "split",
              "the test (leads decided from "
                  + split
                  + ") has "
                  + test.size()
                  + " leads, "
                  + test.reached()
                  + " of which reached the outcome; it needs at least "
                  + MIN_TEST
                  + ", with at least one that did and one that did not"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "backtest.suggest.too-few-samples",
          "Too few usable leads to fit and judge weights ("
              + set.leads()
              + " leads read: "
              + set.noEvents()
              + " without events, "
              + set.outOfRange()
              + " decided outside the range, "
              + set.censored()
              + " censored by the end of the range). Widen the range or move the split.",
          errors);
    }
  }

  private static Problem invalid(List<FieldError> errors) {
    return Problem.invalid(
        "backtest.suggest.invalid-request", "The weight suggestion request is not valid.", errors);
  }
}
