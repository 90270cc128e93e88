package nl.hengel.lifecycle;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A lead's stage and history over HTTP, moving it, and the workspace's reason codes. */
@RestController
@Tag(
    name = "Lifecycle",
    description =
        "Stages new → nurture → mql → sal → sql → won | lost, plus disqualified and suppressed;"
            + " every move checked by named policies and kept with actor, reason and version")
class LifecycleController {

  private final Lifecycle lifecycle;
  private final Reasons reasons;

  LifecycleController(Lifecycle lifecycle, Reasons reasons) {
    this.lifecycle = lifecycle;
    this.reasons = reasons;
  }

  record LeadView(
      long personId,
      String stage,
      @Nullable Instant stageSince,
      @Nullable Instant mqlAt,
      int mqlCount,
      @Nullable Instant nurtureUntil,
      @Nullable String owner,
      @Nullable Long team,
      @Nullable Instant assignedAt,
      @Nullable Instant acceptedAt,
      @Nullable Instant firstContactAt,
      @Nullable String source,
      @Nullable String campaign,
      @Nullable Integer version) {

    static LeadView of(Lead l) {
      return new LeadView(
          l.person().value(),
          l.stage().key(),
          l.stageSince(),
          l.mqlAt(),
          l.mqlCount(),
          l.nurtureUntil(),
          l.owner() == null ? null : l.owner().email(),
          l.team(),
          l.assignedAt(),
          l.acceptedAt(),
          l.firstContactAt(),
          l.source(),
          l.campaign(),
          l.version());
    }
  }

  record ChangeView(
      long id,
      String from,
      String to,
      String actor,
      @Nullable String reason,
      @Nullable String comment,
      Instant at,
      @Nullable Integer version) {

    static ChangeView of(StageChange c) {
      return new ChangeView(
          c.id(),
          c.from().key(),
          c.to().key(),
          c.actor(),
          c.reason(),
          c.comment(),
          c.at(),
          c.version());
    }
  }

  record LeadWithHistory(LeadView lead, List<ChangeView> history) {}

  record MoveRequest(@Nullable String to, @Nullable String reason, @Nullable String comment) {}

  @GetMapping("/api/people/{id}/lead")
  @Operation(summary = "The person's stage as a lead, owner, handoff times and full stage history")
  LeadWithHistory lead(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    PersonId person = new PersonId(id);
    return new LeadWithHistory(
        LeadView.of(lifecycle.lead(caller.workspace(), person)),
        lifecycle.history(caller.workspace(), person).stream().map(ChangeView::of).toList());
  }

  @PostMapping("/api/people/{id}/lead/moves")
  @Operation(
      summary = "Move the lead to another stage",
      description =
          "to: nurture, sal, sql, won, lost, disqualified or suppressed (mql is Hengel's alone)."
              + " Rejecting (mql/sal → nurture), disqualifying and losing need a reason code from"
              + " /api/lifecycle/reasons. A refused move changes nothing and answers the refusing"
              + " policy's reason.")
  LeadView move(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestBody MoveRequest request) {
    Stage to = stage(request.to());
    return LeadView.of(
        lifecycle.move(
            caller, new PersonId(id), new Move(to, request.reason(), comment(request.comment()))));
  }

  @GetMapping("/api/lifecycle/reasons")
  @Operation(summary = "The reason codes for rejecting, disqualifying and losing a lead")
  Map<String, List<Reason>> reasons(@AuthenticationPrincipal Caller caller) {
    var all = new LinkedHashMap<String, List<Reason>>();
    for (ReasonKind kind : ReasonKind.values()) {
      all.put(kind.key(), reasons.of(caller.workspace(), kind));
    }
    return all;
  }

  @PutMapping("/api/lifecycle/reasons/{kind}")
  @Operation(
      summary = "Replace the reason codes of one kind (reject, disqualify, lost); admin only",
      description = "An empty list restores Hengel's defaults.")
  List<Reason> replaceReasons(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String kind,
      @RequestBody List<Reason> list) {
    ReasonKind k =
        ReasonKind.parse(kind)
            .orElseThrow(() ->
                Problem.notFound(
                    "lifecycle.unknown-reason-kind",
                    "No reason kind '" + kind + "'; the kinds are reject, disqualify and lost."));
    return reasons.replace(caller, k, new ArrayList<>(list));
  }

  static Stage stage(@Nullable String text) {
    if (text == null || text.isBlank()) {
      throw Problem.invalid(
          "lifecycle.invalid-move",
          "Say which stage to move to.",
          List.of(new Problem.FieldError("/to", "required: one of " + stageKeys())));
    }
    return Stage.parse(text)
        .orElseThrow(() ->
            Problem.invalid(
                "lifecycle.invalid-move",
                "'" + text + "' is not a stage.",
                List.of(new Problem.FieldError("/to", "one of " + stageKeys()))));
  }

  static @Nullable String comment(@Nullable String comment) {
    if (comment != null && comment.length() > 2000) {
      throw Problem.invalid(
          "lifecycle.invalid-move",
          "The comment is too long.",
          List.of(new Problem.FieldError("/comment", "at most 2000 characters")));
    }
    return comment;
  }

  private static String stageKeys() {
    return String.join(", ", java.util.Arrays.stream(Stage.values()).map(Stage::key).toList());
  }
}
