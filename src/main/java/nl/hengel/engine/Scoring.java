package nl.hengel.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import nl.hengel.engine.CompiledDefinition.CompiledRule;
import nl.hengel.engine.CompiledDefinition.GatePart;
import nl.hengel.engine.internal.Ctx;

/**
 * The one fold: a lead's facts and events in, its score out. Live scoring, re-evaluation and
 * backtest all call this, so a backtest predicts live behaviour exactly.
 *
 * <p>Semantics: events are taken in {@link Event#ORDER} up to {@code asOf}. Engagement at time t is
 * Σ points × 0.5^((t − event time) / half_life) over the counted matches up to t; a capped rule
 * counts at most {@code count} matches within any window. The gate is checked after the last event
 * of each instant; the first instant at which it holds is the MQL moment. The result depends only
 * on the set of events, not on the order they arrived in.
 *
 * <p>Not thread-safe: it reuses its buffers from lead to lead. Use one per thread.
 */
public final class Scoring {

  private static final double LN2 = Math.log(2);
  private static final double DAY_MILLIS = 86_400_000.0;

  /** Past this many half-lives since the reference time, weights are rebased to stay finite. */
  private static final double REBASE_HALF_LIVES = 256;

  private static final List<List<String>> DEPARTMENT_SETS = departmentSets();

  private final CompiledDefinition definition;
  private final Ctx ctx = new Ctx();
  private final int rules;
  private final double[] weight;
  private final long[] points;
  private final int[] matches;
  private final int[] capped;
  private final long[][] capTimes;
  private final int[] capHead;
  private final int[] capSize;
  private final HashSet<String> contents = new HashSet<>();
  private final HashSet<String> campaigns = new HashSet<>();
  private final boolean[] staticGatePart;

  public Scoring(CompiledDefinition definition) {
    this.definition = definition;
    this.rules = definition.engagement.length;
    this.weight = new double[rules];
    this.points = new long[rules];
    this.matches = new int[rules];
    this.capped = new int[rules];
    this.capTimes = new long[rules][];
    this.capHead = new int[rules];
    this.capSize = new int[rules];
    for (CompiledRule r : definition.engagement) {
      if (r.rule().maxPer() != null) {
        capTimes[r.index()] = new long[r.rule().maxPer().count()];
      }
    }
    this.staticGatePart = new boolean[definition.gate.length];
    for (int i = 0; i < definition.gate.length; i++) {
      staticGatePart[i] =
          definition.gate[i].variables().stream()
              .allMatch(
                  v -> v.equals("fit") || v.startsWith("person.") || v.startsWith("company."));
    }
    var variables = definition.variables();
    ctx.resolver =
        name -> {
          var accessor = variables.get(name);
          return accessor == null ? Optional.empty() : Optional.ofNullable(accessor.apply(ctx));
        };
  }

  public CompiledDefinition definition() {
    return definition;
  }

  /** Scores a lead with its explanation. {@code events} need not be sorted. */
  public LeadScore score(Facts facts, List<Event> events, Instant asOf) {
    return score(facts, events, asOf, true);
  }

  /**
   * Scores a lead; without {@code explain} nothing is allocated beyond the result (for backtests).
   */
  public LeadScore score(Facts facts, List<Event> events, Instant asOf, boolean explain) {
    return score(facts, events, asOf, explain, null);
  }

  /**
   * Scores a lead whose MQL moment may come no earlier than {@code mqlNotBefore}: a lead recycled
   * to nurture qualifies again only on activity after its nurture period, by the same fold. Null
   * means any moment.
   */
  public LeadScore score(
      Facts facts,
      List<Event> events,
      Instant asOf,
      boolean explain,
      @org.jspecify.annotations.Nullable Instant mqlNotBefore) {
    List<Event> ordered = sorted(events);
    long notBefore = mqlNotBefore == null ? Long.MIN_VALUE : mqlNotBefore.toEpochMilli();
    reset(facts);
    long fit = 0;
    for (CompiledRule r : definition.fit) {
      if (r.matcher().test(ctx)) {
        fit += r.rule().points();
      }
    }
    ctx.fit = fit;
    boolean gateCanHold = true;
    for (int i = 0; i < definition.gate.length; i++) {
      if (staticGatePart[i] && !definition.gate[i].matcher().test(ctx)) {
        gateCanHold = false;
      }
    }

    long asOfMillis = asOf.toEpochMilli();
    double halfLife = definition.halfLifeMillis;
    long reference = ordered.isEmpty() ? asOfMillis : ordered.getFirst().at().toEpochMilli();
    long first = reference;
    long last = reference;
    double total = 0;
    int departments = 0;
    Instant mqlAt = null;
    int n = ordered.size();
    int seen = 0;
    for (int i = 0; i < n; i++) {
      Event e = ordered.get(i);
      long t = e.at().toEpochMilli();
      if (t > asOfMillis) {
        break;
      }
      seen++;
      last = t;
      ctx.event = e;
      departments |= touch(e);
      if ((t - reference) / halfLife > REBASE_HALF_LIVES) {
        double factor = Math.exp(-LN2 * (t - reference) / halfLife);
        for (int r = 0; r < rules; r++) {
          weight[r] *= factor;
        }
        total *= factor;
        reference = t;
      }
      CompiledRule[] candidates = definition.rulesFor(e.type());
      for (CompiledRule rule : candidates) {
        if (!rule.matcher().test(ctx)) {
          continue;
        }
        int r = rule.index();
        Definition.Cap cap = rule.rule().maxPer();
        if (cap != null && !admit(r, t, cap)) {
          capped[r]++;
          continue;
        }
        long p = rule.rule().points();
        matches[r]++;
        points[r] += p;
        double w = p * Math.exp(LN2 * (t - reference) / halfLife);
        weight[r] += w;
        total += w;
      }
      boolean lastOfInstant = i + 1 == n || !ordered.get(i + 1).at().equals(e.at());
      if (mqlAt == null && gateCanHold && lastOfInstant && t >= notBefore) {
        ctx.engagement = total * Math.exp(-LN2 * (t - reference) / halfLife);
        ctx.daysSinceFirstTouch = (t - first) / DAY_MILLIS;
        ctx.departments = DEPARTMENT_SETS.get(departments);
        ctx.distinctContent = contents.size();
        ctx.distinctCampaigns = campaigns.size();
        if (gateHolds()) {
          mqlAt = e.at();
        }
      }
    }
    double engagement = total * Math.exp(-LN2 * (asOfMillis - reference) / halfLife);
    var touches =
        new LeadScore.Touches(
            ctx.touches,
            contents.size(),
            campaigns.size(),
            ctx.marketing,
            ctx.sales,
            ctx.service,
            ctx.positive,
            ctx.negative,
            seen == 0 ? null : Instant.ofEpochMilli(first),
            seen == 0 ? null : ordered.get(seen - 1).at());
    LeadScore.Explanation explanation = null;
    if (explain) {
      ctx.engagement = engagement;
      ctx.daysSinceFirstTouch = seen == 0 ? 0 : (asOfMillis - first) / DAY_MILLIS;
      ctx.departments = DEPARTMENT_SETS.get(departments);
      ctx.distinctContent = contents.size();
      ctx.distinctCampaigns = campaigns.size();
      explanation = explain(asOfMillis, reference, halfLife);
    }
    return new LeadScore(fit, engagement, asOf, touches, mqlAt, explanation);
  }

  private void reset(Facts facts) {
    java.util.Arrays.fill(weight, 0);
    java.util.Arrays.fill(points, 0);
    java.util.Arrays.fill(matches, 0);
    java.util.Arrays.fill(capped, 0);
    java.util.Arrays.fill(capHead, 0);
    java.util.Arrays.fill(capSize, 0);
    contents.clear();
    campaigns.clear();
    ctx.facts = facts;
    ctx.event = null;
    ctx.fit = 0;
    ctx.engagement = 0;
    ctx.touches = 0;
    ctx.distinctContent = 0;
    ctx.distinctCampaigns = 0;
    ctx.marketing = 0;
    ctx.sales = 0;
    ctx.service = 0;
    ctx.positive = 0;
    ctx.negative = 0;
    ctx.departments = List.of();
    ctx.daysSinceFirstTouch = 0;
  }

  /** Counts the event as a touch; answers its department's bit. */
  private int touch(Event e) {
    ctx.touches++;
    if (e.content() != null && !e.content().isEmpty()) {
      contents.add(e.content());
    }
    if (e.campaign() != null && !e.campaign().isEmpty()) {
      campaigns.add(e.campaign());
    }
    switch (e.sentiment()) {
      case "positive" -> ctx.positive++;
      case "negative" -> ctx.negative++;
      default -> {}
    }
    return switch (e.department()) {
      case "marketing" -> {
        ctx.marketing++;
        yield 1;
      }
      case "sales" -> {
        ctx.sales++;
        yield 2;
      }
      case "service" -> {
        ctx.service++;
        yield 4;
      }
      default -> 0;
    };
  }

  /**
   * A capped rule's match counts only if fewer than {@code count} counted within the window before
   * it.
   */
  private boolean admit(int r, long t, Definition.Cap cap) {
    long[] times = capTimes[r];
    int count = times.length;
    if (capSize[r] == count) {
      long oldest = times[capHead[r]];
      if (t - oldest < cap.window().toMillis()) {
        return false;
      }
      times[capHead[r]] = t;
      capHead[r] = (capHead[r] + 1) % count;
      return true;
    }
    times[(capHead[r] + capSize[r]) % count] = t;
    capSize[r]++;
    return true;
  }

  private boolean gateHolds() {
    GatePart[] gate = definition.gate;
    for (GatePart part : gate) {
      if (!part.matcher().test(ctx)) {
        return false;
      }
    }
    return gate.length > 0;
  }

  private LeadScore.Explanation explain(long asOfMillis, long reference, double halfLife) {
    var fit = new ArrayList<LeadScore.Contribution>();
    for (CompiledRule r : definition.fit) {
      boolean holds = r.matcher().test(ctx);
      fit.add(
          new LeadScore.Contribution(
              r.rule().name(),
              holds ? r.rule().points() : 0,
              holds ? 1 : 0,
              0,
              holds ? r.rule().points() : 0));
    }
    double decay = Math.exp(-LN2 * (asOfMillis - reference) / halfLife);
    var engagement = new ArrayList<LeadScore.Contribution>();
    for (CompiledRule r : definition.engagement) {
      int i = r.index();
      engagement.add(
          new LeadScore.Contribution(
              r.rule().name(), points[i], matches[i], capped[i], weight[i] * decay));
    }
    var gate = new ArrayList<LeadScore.GateCheck>();
    var accessors = definition.variables();
    for (GatePart part : definition.gate) {
      var values = new LinkedHashMap<String, Object>();
      part.variables().forEach(v -> values.put(v, accessors.get(v).apply(ctx)));
      gate.add(new LeadScore.GateCheck(part.expression(), part.matcher().test(ctx), values));
    }
    return new LeadScore.Explanation(List.copyOf(fit), List.copyOf(engagement), List.copyOf(gate));
  }

  private static List<Event> sorted(List<Event> events) {
    for (int i = 1; i < events.size(); i++) {
      if (Event.ORDER.compare(events.get(i - 1), events.get(i)) > 0) {
        var copy = new ArrayList<>(events);
        copy.sort(Event.ORDER);
        return copy;
      }
    }
    return events;
  }

  private static List<List<String>> departmentSets() {
    var sets = new ArrayList<List<String>>();
    for (int mask = 0; mask < 8; mask++) {
      var set = new ArrayList<String>();
      if ((mask & 1) != 0) {
        set.add("marketing");
      }
      if ((mask & 2) != 0) {
        set.add("sales");
      }
      if ((mask & 4) != 0) {
        set.add("service");
      }
      sets.add(List.copyOf(set));
    }
    return List.copyOf(sets);
  }
}
