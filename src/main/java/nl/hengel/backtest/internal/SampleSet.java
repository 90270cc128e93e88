package nl.hengel.backtest.internal;

import java.time.Instant;
import java.util.Arrays;
import nl.hengel.engine.CompiledDefinition;
import nl.hengel.engine.DecisionSamples;
import nl.hengel.engine.Facts;

/**
 * Takes the streamed history lead by lead and keeps only what the fit needs: each sample's features
 * as floats, its outcome and (for the later period) the version's own score, split in time into the
 * earlier samples to train on and the later ones to test on. About 4 bytes per rule per sample.
 */
public final class SampleSet implements History.Sink {

  /** The samples of one period, row after row. */
  public static final class Part {
    final int k;
    float[] x = new float[0];
    boolean[] y = new boolean[0];
    double[] score = new double[0];
    int n;
    long reached;
    final long[] fired;

    Part(int k) {
      this.k = k;
      this.fired = new long[k];
    }

    void add(DecisionSamples.Sample s) {
      if (n == y.length) {
        int capacity = Math.max(1024, n * 2);
        x = Arrays.copyOf(x, capacity * k);
        y = Arrays.copyOf(y, capacity);
        score = Arrays.copyOf(score, capacity);
      }
      double[] f = s.features();
      for (int j = 0; j < k; j++) {
        x[n * k + j] = (float) f[j];
        if (f[j] != 0) {
          fired[j]++;
        }
      }
      y[n] = s.reached();
      score[n] = s.score();
      if (s.reached()) {
        reached++;
      }
      n++;
    }

    /** The features, {@code k} per sample, sample after sample (the array may be longer). */
    public float[] x() {
      return x;
    }

    /** Whether each sample reached the outcome. */
    public boolean[] y() {
      return y;
    }

    /** The version's own score of each sample at its decision moment. */
    public double[] scores() {
      return score;
    }

    public int size() {
      return n;
    }

    public long reached() {
      return reached;
    }

    /** How many samples of this part each rule's feature was not zero in. */
    public long[] fired() {
      return fired.clone();
    }
  }

  private final CompiledDefinition definition;
  private final DecisionSamples samples;
  private final Instant split;
  private final Part train;
  private final Part test;
  private long leads;
  private long noEvents;
  private long outOfRange;
  private long censored;

  public SampleSet(CompiledDefinition definition, DecisionSamples samples, Instant split) {
    this.definition = definition;
    this.samples = samples;
    this.split = split;
    this.train = new Part(samples.rules().size());
    this.test = new Part(samples.rules().size());
  }

  @Override
  public void accept(History.Lead lead) {
    leads++;
    var facts = Facts.of(definition, lead.person(), lead.company());
    switch (samples.sample(facts, lead.events(), lead.outcomes())) {
      case DecisionSamples.Sample s -> (s.decidedAt().isBefore(split) ? train : test).add(s);
      case DecisionSamples.Skipped skipped -> {
        switch (skipped) {
          case NO_EVENTS -> noEvents++;
          case OUT_OF_RANGE -> outOfRange++;
          case CENSORED -> censored++;
        }
      }
    }
  }

  public Part train() {
    return train;
  }

  public Part test() {
    return test;
  }

  public long leads() {
    return leads;
  }

  public long noEvents() {
    return noEvents;
  }

  public long outOfRange() {
    return outOfRange;
  }

  public long censored() {
    return censored;
  }
}
