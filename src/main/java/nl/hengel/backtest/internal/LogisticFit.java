package nl.hengel.backtest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A logistic regression of a yes/no outcome on a few numeric features, fitted by Tribuo's linear
 * SGD (log loss, AdaGrad, a fixed seed, so the same samples give the same model).
 *
 * <p>Each feature is divided by its root mean square over the training samples before fitting, so
 * SGD sees features of one scale; zeros stay zeros, so the examples stay sparse. The coefficients
 * are answered on the features' own scale. A feature left out, or zero in every training sample,
 * has no coefficient (NaN).
 */
public final class LogisticFit {

  static final long SEED = 20_250_901L;
  static final String YES = "yes";
  static final String NO = "no";

  /** Every example also has this feature, so no example is empty (Tribuo refuses those). */
  private static final String CONSTANT = "constant";

  private final LinearSGDModel model;
  private final double[] scale;
  private final String[] names;
  private final double intercept;
  private final double[] coefficients;

  private LogisticFit(LinearSGDModel model, double[] scale, String[] names) {
    this.model = model;
    this.scale = scale;
    this.names = names;
    DenseMatrix weights = model.getWeightsCopy();
    int yes = model.getOutputIDInfo().getID(new Label(YES));
    int no = model.getOutputIDInfo().getID(new Label(NO));
    var features = model.getFeatureIDMap();
    int bias = features.size();
    this.coefficients = new double[scale.length];
    for (int f = 0; f < scale.length; f++) {
      if (scale[f] == 0) {
        coefficients[f] = Double.NaN;
        continue;
      }
      int id = features.getID(names[f]);
      // Two-class softmax: the log-odds of yes are the difference of the two rows.
      coefficients[f] =
          id < 0 ? Double.NaN : (weights.get(yes, id) - weights.get(no, id)) / scale[f];
    }
    int constant = features.getID(CONSTANT);
    this.intercept =
        weights.get(yes, bias)
            - weights.get(no, bias)
            + weights.get(yes, constant)
            - weights.get(no, constant);
  }

  /**
   * Fits on {@code n} samples of {@code k} features each, row after row in {@code x}, with their
   * outcomes in {@code y}, using only the features marked {@code usable} (the others get NaN); both
   * outcomes must occur.
   */
  public static LogisticFit fit(float[] x, boolean[] y, int n, int k, boolean[] usable) {
    double[] scale = new double[k];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < k; f++) {
        if (!usable[f]) {
          continue;
        }
        double v = x[i * k + f];
        scale[f] += v * v;
      }
    }
    for (int f = 0; f < k; f++) {
      scale[f] = Math.sqrt(scale[f] / n);
    }
    String[] names = new String[k];
    for (int f = 0; f < k; f++) {
      names[f] = "rule" + f;
    }
    var factory = new LabelFactory();
    var data =
        new MutableDataset<Label>(
            new SimpleDataSourceProvenance("hengel decision samples", factory), factory);
    for (int i = 0; i < n; i++) {
      data.add(example(new Label(y[i] ? YES : NO), x, i * k, k, scale, names));
    }
    var trainer =
        new LinearSGDTrainer(
            new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs(n), Integer.MAX_VALUE, 1, SEED);
    return new LogisticFit(trainer.train(data), scale, names);
  }

  /** More passes over small data, fewer over large: about two million steps, 5 to 50 passes. */
  static int epochs(int n) {
    return (int) Math.max(5, Math.min(50, 2_000_000L / Math.max(1, n)));
  }

  /** The log-odds change per unit of each feature, NaN where the training data had none. */
  public double[] coefficients() {
    return coefficients.clone();
  }

  public double intercept() {
    return intercept;
  }

  /** The fitted probability of yes for one sample: {@code k} features from {@code offset}. */
  public double probability(float[] x, int offset) {
    Prediction<Label> p =
        model.predict(example(LabelFactory.UNKNOWN_LABEL, x, offset, scale.length, scale, names));
    Label yes = p.getOutputScores().get(YES);
    return yes == null ? 0 : yes.getScore();
  }

  private static Example<Label> example(
      Label label, float[] x, int offset, int k, double[] scale, String[] names) {
    var featureNames = new ArrayList<String>(k + 1);
    double[] values = new double[k + 1];
    int m = 0;
    for (int f = 0; f < k; f++) {
      double v = x[offset + f];
      if (v != 0 && scale[f] != 0) {
        featureNames.add(names[f]);
        values[m++] = v / scale[f];
      }
    }
    featureNames.add(CONSTANT);
    values[m++] = 1;
    return new ArrayExample<>(label, featureNames.toArray(String[]::new), Arrays.copyOf(values, m));
  }
}
