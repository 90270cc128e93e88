package nl.hengel.backtest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import nl.hengel.backtest.WeightSuggestion.Bin;

/** How well scores rank and probabilities match outcomes on samples the model never saw. */
public final class HeldOutMetrics {

  private HeldOutMetrics() {}

  /**
   * The area under the ROC curve: the chance that a random sample that reached the outcome scores
   * higher than a random one that did not (ties count half). NaN unless both occur.
   */
  public static double auc(double[] scores, boolean[] reached, int n) {
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1; // the average rank of a run of ties, 1-based
      for (int t = i; t <= j; t++) {
        if (reached[order[t]]) {
          rankSum += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * The calibration table: the samples sorted by predicted probability and cut into at most {@code
   * bins} groups of (nearly) equal size, each with its range, mean prediction and observed rate.
   * Equal counts rather than equal widths, because the outcome is often rare and most predictions
   * small. Equal predictions are never cut apart (a group grows to hold them all), so with few
   * distinct predictions there are fewer groups; the counts always add up to {@code n}.
   */
  public static List<Bin> calibration(double[] predicted, boolean[] reached, int n, int bins) {
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> predicted[i]));
    var table = new ArrayList<Bin>(bins);
    int start = 0;
    for (int b = 0; b < bins && start < n; b++) {
      int end = Math.max(start + 1, (int) ((long) n * (b + 1) / bins));
      while (end < n && predicted[order[end]] == predicted[order[end - 1]]) {
        end++;
      }
      double sum = 0;
      long hits = 0;
      for (int t = start; t < end; t++) {
        sum += predicted[order[t]];
        if (reached[order[t]]) {
          hits++;
        }
      }
      int count = end - start;
      table.add(
          new Bin(
              predicted[order[start]],
              predicted[order[end - 1]],
              count,
              sum / count,
              (double) hits / count));
      start = end;
    }
    return List.copyOf(table);
  }
}
