package nl.hengel.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a definition makes of one lead as of a moment: fit, decayed engagement, touch counts, the
 * MQL moment (the first event time at which the gate held) if any, and why.
 */
public record LeadScore(
    long fit,
    double engagement,
    Instant asOf,
    Touches touches,
    @Nullable Instant mqlAt,
    @Nullable Explanation explanation) {

  public boolean isMql() {
    return mqlAt != null;
  }

  /** How the person was touched, up to {@code asOf}. */
  public record Touches(
      long count,
      long distinctContent,
      long distinctCampaigns,
      long marketing,
      long sales,
      long service,
      long positive,
      long negative,
      @Nullable Instant first,
      @Nullable Instant last) {}

  /** Which rules gave how many points, and which parts of the gate hold. */
  public record Explanation(
      List<Contribution> fit, List<Contribution> engagement, List<GateCheck> gate) {

    /** The gate parts not met at {@code asOf}: "what is missing". */
    public List<GateCheck> missing() {
      return gate.stream().filter(g -> !g.met()).toList();
    }
  }

  /**
   * One rule's share: for a fit rule, {@code points} if it holds; for an engagement rule the points
   * of its counted matches, how many matched, how many a cap refused, and what they are worth now.
   */
  public record Contribution(String rule, long points, int matches, int capped, double current) {}

  /** One part of the gate, whether it holds, and the values of the variables it reads. */
  public record GateCheck(String expression, boolean met, Map<String, Object> values) {}
}
