package nl.hengel.definition;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import nl.hengel.engine.LeadScore;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A lead's score and its explanation over HTTP. */
@RestController
@Tag(
    name = "Scores",
    description = "Each lead's fit, engagement and MQL moment under the lead definition, and why")
class ScoreController {

  private final LeadScores scores;

  ScoreController(LeadScores scores) {
    this.scores = scores;
  }

  record ScoreView(
      long personId,
      int version,
      long fit,
      double engagement,
      @Nullable Instant mqlAt,
      boolean mql,
      int touches,
      @Nullable Instant lastEventAt,
      Instant scoredAt,
      boolean pending) {}

  record ExplanationView(
      long personId,
      int version,
      Instant asOf,
      long fit,
      double engagement,
      @Nullable Instant mqlAt,
      boolean mql,
      LeadScore.Touches touches,
      List<LeadScore.Contribution> fitRules,
      List<LeadScore.Contribution> engagementRules,
      List<LeadScore.GateCheck> gate,
      List<String> missing) {}

  @GetMapping("/api/people/{id}/score")
  @Operation(
      summary = "The lead's stored score under the active definition version",
      description =
          "engagement is decayed to now; pending=true when newer interactions wait to be scored (normally for well under a second).")
  ScoreView score(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    LeadScores.Stored s =
        scores
            .stored(caller.workspace(), new PersonId(id))
            .orElseThrow(() ->
                Problem.notFound(
                    "definition.not-scored",
                    "Person "
                        + id
                        + " has no score yet: no definition is active, or scoring has not reached them."));
    return new ScoreView(
        s.person().value(),
        s.version(),
        s.fit(),
        s.engagement(),
        s.mqlAt(),
        s.mqlAt() != null,
        s.touches(),
        s.lastEventAt(),
        s.scoredAt(),
        s.pending());
  }

  @GetMapping("/api/people/{id}/explain")
  @Operation(
      summary =
          "Why this person is an MQL, or what is missing: every rule's points and every part of the gate",
      description =
          "Computed now by the same fold as live scoring, under the active version or ?version=N (e.g. a draft).")
  ExplanationView explain(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) @Nullable Integer version) {
    LeadScores.Explained e = scores.explain(caller.workspace(), new PersonId(id), version);
    LeadScore s = e.score();
    return new ExplanationView(
        e.person().value(),
        e.version(),
        s.asOf(),
        s.fit(),
        s.engagement(),
        s.mqlAt(),
        s.isMql(),
        s.touches(),
        s.explanation().fit(),
        s.explanation().engagement(),
        s.explanation().gate(),
        s.explanation().missing().stream().map(LeadScore.GateCheck::expression).toList());
  }
}
