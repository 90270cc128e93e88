package nl.hengel.definition.internal;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.hengel.definition.Approval;
import nl.hengel.definition.DefinitionVersion;
import nl.hengel.definition.Side;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Role;

/**
 * The rules an approval of one side of a definition version must pass, each by name, in the order
 * they are checked. A rule that refuses says why in words that reach the user unchanged.
 */
public enum ApprovalPolicy {

  /** Only a member holding the side's role approves it. */
  ROLE_FOR_SIDE("role for the side", "definition.approval.role-required", Refusal.NOT_ALLOWED) {
    @Override
    Optional<String> refusal(ApprovalRequest r) {
      if (r.caller().has(r.side().role())) {
        return Optional.empty();
      }
      return Optional.of(
          "approving the "
              + r.side().key()
              + " side needs the "
              + r.side().role().key()
              + " role in this workspace; you have "
              + roles(r.caller())
              + ".");
    }
  },

  /** The owner the version names for the side, or a member an admin granted that side. */
  OWNER_OR_GRANTED_APPROVER(
      "named owner or granted approver",
      "definition.approval.not-an-approver",
      Refusal.NOT_ALLOWED) {
    @Override
    Optional<String> refusal(ApprovalRequest r) {
      String owner =
          r.side() == Side.MARKETING ? r.version().marketingOwner() : r.version().salesOwner();
      if (owner.equalsIgnoreCase(r.caller().email()) || r.granted()) {
        return Optional.empty();
      }
      return Optional.of(
          "version "
              + r.version().number()
              + " names "
              + owner
              + " as its "
              + r.side().key()
              + " owner, and an admin has not granted you the right to approve the "
              + r.side().key()
              + " side.");
    }
  },

  /**
   * Two different people: whoever approved one side may not approve the other, whatever roles they
   * hold.
   */
  FOUR_EYES("two different people", "definition.approval.same-person", Refusal.NOT_ALLOWED) {
    @Override
    Optional<String> refusal(ApprovalRequest r) {
      return r.approvals().stream()
          .filter(a -> a.side() == r.side().other() && a.user().equals(r.caller().user()))
          .findFirst()
          .map(a ->
              "you approved the "
                  + a.side().key()
                  + " side of version "
                  + r.version().number()
                  + "; the "
                  + r.side().key()
                  + " side needs a different person, even when one person holds both roles.");
    }
  },

  /** Each side is approved once. */
  ONE_APPROVAL_PER_SIDE(
      "one approval per side", "definition.approval.side-already-approved", Refusal.CONFLICT) {
    @Override
    Optional<String> refusal(ApprovalRequest r) {
      return r.approvals().stream()
          .filter(a -> a.side() == r.side())
          .findFirst()
          .map(a ->
              "the "
                  + r.side().key()
                  + " side of version "
                  + r.version().number()
                  + " was approved by "
                  + a.email()
                  + " at "
                  + a.at()
                  + " already.");
    }
  },

  /** A submitted text never changes, and only a draft waits for approval. */
  ONLY_DRAFTS("only drafts are approved", "definition.approval.not-a-draft", Refusal.CONFLICT) {
    @Override
    Optional<String> refusal(ApprovalRequest r) {
      if (r.version().status() == DefinitionVersion.Status.DRAFT) {
        return Optional.empty();
      }
      return Optional.of(
          "version "
              + r.version().number()
              + " is "
              + r.version().status().key()
              + "; only a draft is approved (a change is a new draft).");
    }
  };

  /**
   * How a refusal reaches the caller: not allowed for this person, or in conflict with the
   * version's state.
   */
  public enum Refusal {
    NOT_ALLOWED,
    CONFLICT
  }

  /**
   * Everything the rules look at: who asks, for which side of which version, and what is there
   * already.
   */
  public record ApprovalRequest(
      Caller caller,
      Side side,
      DefinitionVersion version,
      List<Approval> approvals,
      boolean granted) {}

  /** The outcome of checking an approval against every rule. */
  public sealed interface Verdict {
    record Allowance() implements Verdict {}

    record Rejection(ApprovalPolicy rule, String reason) implements Verdict {}
  }

  private final String title;
  private final String code;
  private final Refusal refusal;

  ApprovalPolicy(String title, String code, Refusal refusal) {
    this.title = title;
    this.code = code;
    this.refusal = refusal;
  }

  /** The rule's name as people read it: "two different people". */
  public String title() {
    return title;
  }

  /** The stable problem code a refusal by this rule carries. */
  public String code() {
    return code;
  }

  public Refusal kind() {
    return refusal;
  }

  /** Why this rule refuses the request, or empty when it allows it. */
  abstract Optional<String> refusal(ApprovalRequest request);

  /** The first rule that refuses, or an allowance when none does. */
  public static Verdict check(ApprovalRequest request) {
    for (ApprovalPolicy rule : values()) {
      Optional<String> reason = rule.refusal(request);
      if (reason.isPresent()) {
        return new Verdict.Rejection(rule, reason.get());
      }
    }
    return new Verdict.Allowance();
  }

  private static String roles(Caller caller) {
    return caller.roles().isEmpty()
        ? "no role"
        : caller.roles().stream().sorted().map(Role::key).collect(Collectors.joining(", "));
  }
}
