package nl.hengel.backtest.internal;

import java.util.List;
import nl.hengel.backtest.WeightSuggestion;
import nl.hengel.engine.DecisionSamples.RuleFeature;

/**
 * The fit and its judgement: a logistic regression on the training samples, its probabilities on
 * the test samples (AUC and calibration) beside the version's own score there, and the points it
 * suggests for each rule.
 */
public record FittedWeights(
    WeightSuggestion.HeldOut heldOut, List<WeightSuggestion.RuleChange> rules) {

  static final int BINS = 10;

  public FittedWeights {
    rules = List.copyOf(rules);
  }

  /**
   * Fits on {@code set}'s training part and judges on its test part; both must hold both outcomes.
   */
  public static FittedWeights of(
      SampleSet set, List<RuleFeature> rules, SuggestedPoints.Context context) {
    SampleSet.Part train = set.train();
    SampleSet.Part test = set.test();
    int k = rules.size();
    long[] fired = train.fired();
    boolean[] usable = new boolean[k];
    for (int f = 0; f < k; f++) {
      usable[f] = SuggestedPoints.weighable(rules.get(f), fired[f], train.size());
    }
    LogisticFit fit = LogisticFit.fit(train.x(), train.y(), train.size(), k, usable);
    double[] predicted = new double[test.size()];
    for (int i = 0; i < test.size(); i++) {
      predicted[i] = fit.probability(test.x(), i * k);
    }
    boolean[] reached = test.y();
    var heldOut =
        new WeightSuggestion.HeldOut(
            HeldOutMetrics.auc(predicted, reached, test.size()),
            HeldOutMetrics.auc(test.scores(), reached, test.size()),
            HeldOutMetrics.calibration(predicted, reached, test.size(), BINS));
    return new FittedWeights(
        heldOut, SuggestedPoints.of(rules, fit.coefficients(), fired, context));
  }
}
