package nl.hengel.definition;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.definition.DefinitionVersion.Status;
import nl.hengel.definition.internal.ApprovalPolicy;
import nl.hengel.definition.internal.ApprovalPolicy.ApprovalRequest;
import nl.hengel.definition.internal.ApprovalPolicy.Verdict;
import nl.hengel.definition.internal.CompiledVersions;
import nl.hengel.definition.internal.DefinitionApprovers;
import nl.hengel.definition.internal.DefinitionAuditLog;
import nl.hengel.definition.internal.DefinitionVersions;
import nl.hengel.definition.internal.SemanticDiff;
import nl.hengel.definition.internal.TextDiff;
import nl.hengel.engine.CompiledDefinition;
import nl.hengel.engine.Definition;
import nl.hengel.engine.Lint;
import nl.hengel.engine.LintIssue;
import nl.hengel.engine.LintIssue.Severity;
import nl.hengel.engine.Variables;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.Timeline;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's lead definition as a shared, versioned contract: upload a draft (checked by the
 * lint, stored only without errors, never changed afterwards), approve it once for marketing and
 * once for sales by two different people, activate it, archive what is no longer wanted, compare
 * any two versions. Every upload, approval, activation, archiving and approver grant is in the
 * audit log with who and when.
 */
@Service
public class Definitions {

  /** The longest definition text stored, in characters. */
  public static final int MAX_CHARS = 200_000;

  private static final int MAX_NAME = 200;
  private static final int MAX_EMAIL = 320;
  private static final Set<Role> ACTIVATORS = Set.of(Role.MARKETING, Role.SALES, Role.ADMIN);

  private final DefinitionVersions versions;
  private final DefinitionApprovers approvers;
  private final DefinitionAuditLog audit;
  private final Members members;
  private final Timeline timeline;
  private final Transactions transactions;
  private final Reevaluations reevaluations;
  private final Clock clock;
  private final CompiledVersions compiledVersions;

  Definitions(
      CompiledVersions compiledVersions,
      DefinitionVersions versions,
      DefinitionApprovers approvers,
      DefinitionAuditLog audit,
      Members members,
      Timeline timeline,
      Transactions transactions,
      Reevaluations reevaluations,
      Clock clock) {
    this.compiledVersions = compiledVersions;
    this.versions = versions;
    this.approvers = approvers;
    this.audit = audit;
    this.members = members;
    this.timeline = timeline;
    this.transactions = transactions;
    this.reevaluations = reevaluations;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- lint and upload

  /**
   * Checks a definition text as an upload would, storing nothing: the lint with the interaction
   * types this workspace knows, plus what storing needs (a name of at most 200 characters) and a
   * warning for each owner who could not approve (not a member with that side's role).
   */
  public Lint.Result lint(WorkspaceId ws, String yaml) {
    requireSize(yaml);
    Lint.Result result = Lint.check(yaml, knownTypes(ws));
    if (result.compiled().isEmpty()) {
      return result;
    }
    Definition definition = result.compiled().get().definition();
    var more = new ArrayList<LintIssue>();
    if (definition.name().length() > MAX_NAME) {
      Position at = Position.of(yaml, definition.name());
      more.add(
          new LintIssue(
              at.line(),
              at.column(),
              Severity.ERROR,
              "definition.lint.name-too-long",
              "the name has "
                  + definition.name().length()
                  + " characters; at most "
                  + MAX_NAME
                  + " are kept"));
    }
    owner(ws, yaml, Side.MARKETING, definition.owners().marketing(), more);
    owner(ws, yaml, Side.SALES, definition.owners().sales(), more);
    if (more.isEmpty()) {
      return result;
    }
    var issues = new ArrayList<>(result.issues());
    issues.addAll(more);
    issues.sort(Comparator.comparingInt(LintIssue::line).thenComparingInt(LintIssue::column));
    boolean errors = issues.stream().anyMatch(LintIssue::isError);
    return new Lint.Result(List.copyOf(issues), errors ? Optional.empty() : result.compiled());
  }

  /**
   * Stores the text as the workspace's next version, a draft authored by the caller, when the lint
   * finds no error; otherwise stores nothing and answers every issue. Two uploads at once get two
   * different numbers.
   */
  public UploadOutcome upload(WorkspaceId ws, Caller caller, String yaml) {
    if (!caller.mayWrite()) {
      throw Problem.forbidden(
          "access.forbidden", "An analyst reads definitions but does not upload them.");
    }
    Lint.Result result = lint(ws, yaml);
    if (result.hasErrors()) {
      return new UploadOutcome.Refused(result.issues());
    }
    Definition definition = result.compiled().orElseThrow().definition();
    DefinitionVersion stored =
        transactions.retryingOnConflict(() -> {
          Instant now = clock.instant();
          int number = versions.nextNumber(ws);
          long id =
              versions.insert(
                  ws,
                  number,
                  definition.name(),
                  yaml,
                  definition.owners().marketing(),
                  definition.owners().sales(),
                  caller.user(),
                  now);
          audit.record(
              ws,
              id,
              "uploaded",
              caller.actor(),
              now,
              "version " + number + ": " + definition.name());
          return versions.findById(ws, id).orElseThrow();
        });
    return new UploadOutcome.Stored(stored, result.issues());
  }

  // ---------------------------------------------------------------- reading

  /** Every version of the workspace, newest first. */
  public List<DefinitionVersion> list(WorkspaceId ws) {
    return versions.list(ws);
  }

  public DefinitionVersion get(WorkspaceId ws, int number) {
    return versions
        .find(ws, number)
        .orElseThrow(() ->
            Problem.notFound(
                "definition.version-not-found",
                "This workspace has no definition version " + number + "."));
  }

  /** A version compiled for the fold (compiled once per version), e.g. to backtest it. */
  public CompiledVersion compiled(WorkspaceId ws, int number) {
    CompiledVersions.Version v =
        compiledVersions
            .byNumber(ws, number)
            .orElseThrow(() ->
                Problem.notFound(
                    "definition.version-not-found",
                    "This workspace has no definition version " + number + "."));
    return new CompiledVersion(v.id(), v.number(), v.compiled());
  }

  /** The version in force compiled for the fold, if one was ever activated. */
  public Optional<CompiledVersion> activeCompiled(WorkspaceId ws) {
    return compiledVersions
        .active(ws)
        .map(v -> new CompiledVersion(v.id(), v.number(), v.compiled()));
  }

  /** The version in force, if one was ever activated. */
  public Optional<DefinitionVersion> active(WorkspaceId ws) {
    return versions.active(ws);
  }

  /** The approvals a version has, oldest first. */
  public List<Approval> approvals(WorkspaceId ws, int number) {
    return versions.approvals(get(ws, number).id());
  }

  /** The latest re-evaluation under a version, if it was ever activated. */
  public Optional<Reevaluation> reevaluation(WorkspaceId ws, int number) {
    DefinitionVersion version = get(ws, number);
    return reevaluations.latest(ws, version.id());
  }

  /** The workspace's audit log, oldest first. */
  public List<AuditEntry> audit(WorkspaceId ws) {
    return audit.list(ws);
  }

  // ---------------------------------------------------------------- approval

  /**
   * Approves one side of a draft for the caller. Without a side, the caller's one approving role
   * decides it; a caller holding both must say which. Refused, naming the rule, unless every {@link
   * ApprovalPolicy} allows it. The second side's approval makes the version approved.
   */
  @Transactional
  public DefinitionVersion approve(WorkspaceId ws, Caller caller, int number, @Nullable Side side) {
    Side chosen = side != null ? side : sideOf(caller);
    if (!versions.lock(ws, number)) {
      throw notFound(number);
    }
    DefinitionVersion version = get(ws, number);
    List<Approval> approvals = versions.approvals(version.id());
    var request =
        new ApprovalRequest(
            caller, chosen, version, approvals, approvers.isGranted(ws, caller.user(), chosen));
    if (ApprovalPolicy.check(request)
        instanceof Verdict.Rejection(ApprovalPolicy rule, String reason)) {
      throw refused(rule, reason);
    }
    Instant now = clock.instant();
    versions.approve(version.id(), chosen, caller.user(), now);
    boolean both = approvals.stream().anyMatch(a -> a.side() == chosen.other());
    if (both) {
      versions.approved(version.id(), now);
    }
    audit.record(
        ws,
        version.id(),
        "approved",
        caller.actor(),
        now,
        chosen.key()
            + (both ? "; both sides approved, version " + number + " may be activated" : ""));
    return get(ws, number);
  }

  /** Allows a member holding a side's role to approve that side of every version (admins only). */
  @Transactional
  public Approver grantApprover(WorkspaceId ws, Caller admin, UserId user, Side side) {
    requireAdmin(admin);
    Member member = members.get(ws, user);
    if (!member.roles().contains(side.role())) {
      throw Problem.invalid(
          "definition.approver-lacks-role",
          member.email()
              + " does not hold the "
              + side.role().key()
              + " role here, which approving the "
              + side.key()
              + " side needs: give them the role first.",
          List.of(new Problem.FieldError("side", "needs the " + side.role().key() + " role")));
    }
    Instant now = clock.instant();
    if (approvers.grant(ws, user, side, now)) {
      audit.record(
          ws, null, "approver-granted", admin.actor(), now, side.key() + ": " + member.email());
    }
    return approvers.list(ws).stream()
        .filter(a -> a.user().equals(user) && a.side() == side)
        .findFirst()
        .orElseThrow();
  }

  /** Takes the right to approve a side back (admins only); answers whether it had been granted. */
  @Transactional
  public boolean revokeApprover(WorkspaceId ws, Caller admin, UserId user, Side side) {
    requireAdmin(admin);
    Member member = members.get(ws, user);
    boolean revoked = approvers.revoke(ws, user, side);
    if (revoked) {
      audit.record(
          ws,
          null,
          "approver-revoked",
          admin.actor(),
          clock.instant(),
          side.key() + ": " + member.email());
    }
    return revoked;
  }

  /** The members an admin granted the right to approve a side. */
  public List<Approver> approvers(WorkspaceId ws) {
    return approvers.list(ws);
  }

  // ---------------------------------------------------------------- activation and archiving

  /**
   * Starts activating an approved version: every lead is re-evaluated under it, then the workspace
   * switches to it and the previous active version retires (see {@link Reevaluations}). The audit
   * row {@code activation-started} is written in the same transaction as the start, so a refused
   * start leaves no trace.
   */
  @Transactional
  public Reevaluation activate(WorkspaceId ws, Caller caller, int number) {
    requireActivator(caller, "activates");
    DefinitionVersion version = get(ws, number);
    if (version.status() != Status.APPROVED) {
      throw Problem.conflict(
          "definition.not-approved",
          "Version "
              + number
              + " cannot be activated: "
              + notApprovedReason(version, versions.approvals(version.id())));
    }
    Reevaluations reevaluation = reevaluations;
    String replaces =
        versions
            .active(ws)
            .map(a -> "replaces version " + a.number())
            .orElse("first active version");
    audit.record(ws, version.id(), "activation-started", caller.actor(), clock.instant(), replaces);
    return reevaluation.start(ws, version.id(), caller.actor());
  }

  /** Puts a version aside: a draft, an approved or a retired one, never the active one. */
  @Transactional
  public DefinitionVersion archive(WorkspaceId ws, Caller caller, int number) {
    requireActivator(caller, "archives");
    if (!versions.lock(ws, number)) {
      throw notFound(number);
    }
    DefinitionVersion version = get(ws, number);
    switch (version.status()) {
      case DRAFT, APPROVED, RETIRED -> {}
      case ACTIVE, ACTIVATING ->
          throw Problem.conflict(
              "definition.cannot-archive",
              "Version "
                  + number
                  + " is "
                  + version.status().key()
                  + ": activate another version first; the one in force is never archived.");
      case ARCHIVED ->
          throw Problem.conflict(
              "definition.cannot-archive", "Version " + number + " is archived already.");
    }
    versions.archived(version.id());
    audit.record(
        ws,
        version.id(),
        "archived",
        caller.actor(),
        clock.instant(),
        "was " + version.status().key());
    return get(ws, number);
  }

  // ---------------------------------------------------------------- diff

  /** The text diff and the changes in meaning from version {@code from} to version {@code to}. */
  public DefinitionDiff diff(WorkspaceId ws, int from, int to) {
    DefinitionVersion a = get(ws, from);
    DefinitionVersion b = get(ws, to);
    String text = TextDiff.unified("version " + from, a.yaml(), "version " + to, b.yaml());
    return new DefinitionDiff(from, to, text, SemanticDiff.between(parsed(a), parsed(b)));
  }

  // ---------------------------------------------------------------- helpers

  private Set<String> knownTypes(WorkspaceId ws) {
    var types = new HashSet<>(Variables.KNOWN_TYPES);
    types.addAll(timeline.interactionTypes(ws));
    return types;
  }

  private static void requireSize(String yaml) {
    if (yaml != null && yaml.length() > MAX_CHARS) {
      throw new Problem(
          HttpStatus.CONTENT_TOO_LARGE,
          "definition.too-large",
          "The definition has "
              + String.format(Locale.ROOT, "%,d", yaml.length())
              + " characters; at most "
              + String.format(Locale.ROOT, "%,d", MAX_CHARS)
              + " are accepted.",
          List.of());
    }
  }

  /**
   * A warning (or, for an unstorable address, an error) when a named owner could not approve their
   * side.
   */
  private void owner(WorkspaceId ws, String yaml, Side side, String email, List<LintIssue> issues) {
    Position at = Position.of(yaml, email);
    if (email.length() > MAX_EMAIL) {
      issues.add(
          new LintIssue(
              at.line(),
              at.column(),
              Severity.ERROR,
              "definition.lint.invalid-owner",
              "the "
                  + side.key()
                  + " owner's address is longer than "
                  + MAX_EMAIL
                  + " characters"));
      return;
    }
    Optional<Member> member;
    try {
      member = members.findByEmail(ws, email);
    } catch (Problem notAnAddress) {
      member = Optional.empty();
    }
    String consequence =
        ": until they are, only a member an admin grants the "
            + side.key()
            + " side can approve it";
    if (member.isEmpty()) {
      issues.add(
          new LintIssue(
              at.line(),
              at.column(),
              Severity.WARNING,
              "definition.lint.owner-cannot-approve",
              "the "
                  + side.key()
                  + " owner "
                  + email
                  + " is not a member of this workspace"
                  + consequence));
    } else if (!member.get().roles().contains(side.role())) {
      issues.add(
          new LintIssue(
              at.line(),
              at.column(),
              Severity.WARNING,
              "definition.lint.owner-cannot-approve",
              "the "
                  + side.key()
                  + " owner "
                  + email
                  + " does not hold the "
                  + side.role().key()
                  + " role here"
                  + consequence.replace("until they are", "until they do")));
    }
  }

  private static Side sideOf(Caller caller) {
    boolean marketing = caller.has(Role.MARKETING);
    boolean sales = caller.has(Role.SALES);
    if (marketing && sales) {
      throw Problem.badRequest(
          "definition.approval.side-required",
          "You hold both the marketing and the sales role:"
              + " say which side you approve (side=marketing or side=sales). One person never approves both.");
    }
    if (marketing || sales) {
      return marketing ? Side.MARKETING : Side.SALES;
    }
    throw refused(
        ApprovalPolicy.ROLE_FOR_SIDE,
        "approving a definition needs the marketing or the sales role in this"
            + " workspace; you have "
            + (caller.roles().isEmpty()
                ? "no role"
                : Role.format(caller.roles()).replace(",", ", "))
            + ".");
  }

  private static Problem refused(ApprovalPolicy rule, String reason) {
    String detail = "Refused by the rule '" + rule.title() + "': " + reason;
    return switch (rule.kind()) {
      case NOT_ALLOWED -> Problem.forbidden(rule.code(), detail);
      case CONFLICT -> Problem.conflict(rule.code(), detail);
    };
  }

  private static String notApprovedReason(DefinitionVersion version, List<Approval> approvals) {
    return switch (version.status()) {
      case DRAFT -> {
        List<String> missing =
            java.util.Arrays.stream(Side.values())
                .filter(s -> approvals.stream().noneMatch(a -> a.side() == s))
                .map(Side::key)
                .toList();
        yield "it is a draft still waiting for the "
            + String.join(" and the ", missing)
            + " approval.";
      }
      case ACTIVATING -> "it is being activated already.";
      case ACTIVE -> "it is the active version already.";
      case RETIRED -> "it was retired; upload its text again as a new draft to bring it back.";
      case ARCHIVED -> "it is archived; upload its text again as a new draft to bring it back.";
      case APPROVED -> throw new IllegalStateException("approved");
    };
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden(
          "definition.admin-only", "Only an admin grants or revokes the right to approve a side.");
    }
  }

  private static void requireActivator(Caller caller, String what) {
    if (caller.roles().stream().noneMatch(ACTIVATORS::contains)) {
      throw Problem.forbidden(
          "definition.activation-forbidden",
          "Only a member with the marketing, sales or admin role "
              + what
              + " a definition version.");
    }
  }

  private static Problem notFound(int number) {
    return Problem.notFound(
        "definition.version-not-found", "This workspace has no definition version " + number + ".");
  }

  private static Definition parsed(DefinitionVersion version) {
    Optional<CompiledDefinition> compiled = Lint.check(version.yaml()).compiled();
    return compiled
        .map(CompiledDefinition::definition)
        .orElseThrow(() ->
            Problem.conflict(
                "definition.not-comparable",
                "Version "
                    + version.number()
                    + " no longer passes this Hengel's lint, so its meaning cannot be compared;"
                    + " the text diff still can be read with GET /api/definitions/{number}/yaml."));
  }

  /** Where a piece of text first occurs in the YAML, 1-based; line 1, column 1 when it does not. */
  record Position(int line, int column) {
    static Position of(String yaml, String text) {
      int at = -1;
      for (int i = 0; !text.isEmpty() && i + text.length() <= yaml.length(); i++) {
        if (yaml.regionMatches(true, i, text, 0, text.length())) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        return new Position(1, 1);
      }
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < at; i++) {
        if (yaml.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new Position(line, at - lineStart + 1);
    }
  }
}
