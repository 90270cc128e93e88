package nl.hengel.definition;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import nl.hengel.engine.LintIssue;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the definitions API; enums as lower-case keys. */
final class Views {

  private Views() {}

  @Schema(
      description =
          "One lint finding; pointer is 'line L, column C', and line and column are also given apart")
  record IssueView(
      String pointer,
      int line,
      int column,
      @Schema(allowableValues = {"error", "warning"}) String severity,
      String code,
      String message) {
    static IssueView of(LintIssue i) {
      return new IssueView(
          "line " + i.line() + ", column " + i.column(),
          i.line(),
          i.column(),
          i.severity().key(),
          i.code(),
          i.message());
    }

    static List<IssueView> of(List<LintIssue> issues) {
      return issues.stream().map(IssueView::of).toList();
    }
  }

  @Schema(description = "Every lint finding in text order; valid when none is an error")
  record LintView(boolean valid, long errors, long warnings, List<IssueView> issues) {
    static LintView of(List<LintIssue> issues) {
      long errors = issues.stream().filter(LintIssue::isError).count();
      return new LintView(errors == 0, errors, issues.size() - errors, IssueView.of(issues));
    }
  }

  record OwnersView(String marketing, String sales) {}

  @Schema(description = "One side's approval")
  record ApprovalView(
      @Schema(allowableValues = {"marketing", "sales"}) String side, String email, Instant at) {
    static ApprovalView of(Approval a) {
      return new ApprovalView(a.side().key(), a.email(), a.at());
    }
  }

  @Schema(
      description =
          "Progress of activating a version: every lead re-scored under it (phase scoring), the switch"
              + " that puts it in force, then the leads it qualifies moved to mql (phase qualifying)."
              + " The status is done only when every one of those stage changes is committed.")
  record ReevaluationView(
      long id,
      @Schema(allowableValues = {"running", "done", "failed"}) String status,
      @Schema(
              allowableValues = {"scoring", "qualifying"},
              description = "scoring until the switch, qualifying after it")
          String phase,
      @Schema(description = "People to re-score under the version") long total,
      @Schema(description = "People re-scored so far") long done,
      @Schema(
              description =
                  "Leads the qualifying phase scores once more under the version in force: those that met"
                      + " the gate under it and those whose interactions arrived while scoring; absent before"
                      + " the switch")
          @Nullable Long qualifyTotal,
      @Schema(description = "Of those, how many are scored and, where they meet the gate, MQLs")
          long qualifyDone,
      String actor,
      Instant startedAt,
      @Nullable Instant finishedAt,
      @Nullable String error) {
    static ReevaluationView of(Reevaluation r) {
      return new ReevaluationView(
          r.id(),
          r.status().key(),
          r.phase().key(),
          r.total(),
          r.done(),
          r.qualifyTotal(),
          r.qualifyDone(),
          r.actor(),
          r.startedAt(),
          r.finishedAt(),
          r.error());
    }
  }

  @Schema(
      description =
          "A definition version; approvals and reevaluation only when one version is asked for")
  record VersionView(
      int number,
      String name,
      @Schema(
              allowableValues = {
                "draft",
                "approved",
                "activating",
                "active",
                "retired",
                "archived"
              })
          String status,
      OwnersView owners,
      String author,
      Instant createdAt,
      @Nullable Instant approvedAt,
      @Nullable Instant activatedAt,
      @Nullable Instant retiredAt,
      @Nullable List<ApprovalView> approvals,
      @Nullable ReevaluationView reevaluation) {

    static VersionView of(DefinitionVersion v) {
      return of(v, null, null);
    }

    static VersionView of(
        DefinitionVersion v,
        @Nullable List<Approval> approvals,
        @Nullable Reevaluation reevaluation) {
      return new VersionView(
          v.number(),
          v.name(),
          v.status().key(),
          new OwnersView(v.marketingOwner(), v.salesOwner()),
          v.author(),
          v.createdAt(),
          v.approvedAt(),
          v.activatedAt(),
          v.retiredAt(),
          approvals == null ? null : approvals.stream().map(ApprovalView::of).toList(),
          reevaluation == null ? null : ReevaluationView.of(reevaluation));
    }
  }

  @Schema(description = "A stored draft and the lint's warnings about it")
  record UploadView(VersionView version, List<IssueView> warnings) {}

  @Schema(description = "One change in meaning between two versions")
  record ChangeView(
      String kind,
      String section,
      @Nullable String name,
      @Nullable String before,
      @Nullable String after,
      String summary) {
    static ChangeView of(DefinitionDiff.Change c) {
      return new ChangeView(
          c.kind().key(), c.section(), c.name(), c.before(), c.after(), c.summary());
    }
  }

  @Schema(
      description = "The unified text diff and the changes in meaning from one version to another")
  record DiffView(int from, int to, String text, List<ChangeView> changes) {
    static DiffView of(DefinitionDiff d) {
      return new DiffView(
          d.from(), d.to(), d.text(), d.changes().stream().map(ChangeView::of).toList());
    }
  }

  @Schema(description = "One line of the definition audit log")
  record AuditView(
      long id,
      @Nullable Integer version,
      String action,
      String actor,
      Instant at,
      @Nullable String detail) {
    static AuditView of(AuditEntry e) {
      return new AuditView(e.id(), e.version(), e.action(), e.actor(), e.at(), e.detail());
    }
  }

  @Schema(description = "A member an admin allowed to approve one side")
  record ApproverView(
      long userId,
      String email,
      @Schema(allowableValues = {"marketing", "sales"}) String side,
      Instant grantedAt) {
    static ApproverView of(Approver a) {
      return new ApproverView(a.user().value(), a.email(), a.side().key(), a.grantedAt());
    }
  }
}
