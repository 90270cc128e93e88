package nl.hengel.definition.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.hengel.definition.Approval;
import nl.hengel.definition.DefinitionVersion;
import nl.hengel.definition.DefinitionVersion.Status;
import nl.hengel.definition.Side;
import nl.hengel.definition.internal.ApprovalPolicy.ApprovalRequest;
import nl.hengel.definition.internal.ApprovalPolicy.Verdict;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import org.junit.jupiter.api.Test;

class ApprovalPolicyUnitTests {

  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
  static final Caller ANNA = caller(1, "anna@acme.example", Role.MARKETING);
  static final Caller BRAM = caller(2, "bram@acme.example", Role.SALES);

  static Caller caller(long id, String email, Role... roles) {
    return new Caller(new UserId(id), email, new WorkspaceId(9), Set.of(roles));
  }

  static DefinitionVersion version(Status status) {
    return new DefinitionVersion(
        7,
        3,
        "Acme",
        "yaml",
        status,
        "anna@acme.example",
        "bram@acme.example",
        "anna@acme.example",
        T,
        null,
        null,
        null);
  }

  static Verdict check(Caller caller, Side side, List<Approval> approvals, boolean granted) {
    return ApprovalPolicy.check(
        new ApprovalRequest(caller, side, version(Status.DRAFT), approvals, granted));
  }

  static ApprovalPolicy refusedBy(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Rejection.class);
    return ((Verdict.Rejection) verdict).rule();
  }

  @Test
  void the_named_owners_of_a_draft_are_allowed() {
    assertThat(check(ANNA, Side.MARKETING, List.of(), false)).isInstanceOf(Verdict.Allowance.class);
    assertThat(
            check(
                BRAM,
                Side.SALES,
                List.of(new Approval(Side.MARKETING, ANNA.user(), ANNA.email(), T)),
                false))
        .isInstanceOf(Verdict.Allowance.class);
  }

  @Test
  void a_side_needs_its_role_even_for_the_named_owner() {
    Caller annaAsService = caller(1, "anna@acme.example", Role.SERVICE);

    Verdict verdict = check(annaAsService, Side.MARKETING, List.of(), false);

    assertThat(refusedBy(verdict)).isEqualTo(ApprovalPolicy.ROLE_FOR_SIDE);
    assertThat(((Verdict.Rejection) verdict).reason())
        .isEqualTo(
            "approving the marketing side needs the marketing role in this workspace; you have service.");
    assertThat(refusedBy(check(ANNA, Side.SALES, List.of(), false)))
        .isEqualTo(ApprovalPolicy.ROLE_FOR_SIDE);
  }

  @Test
  void someone_else_with_the_role_needs_a_grant() {
    Caller erik = caller(5, "erik@acme.example", Role.MARKETING);

    assertThat(refusedBy(check(erik, Side.MARKETING, List.of(), false)))
        .isEqualTo(ApprovalPolicy.OWNER_OR_GRANTED_APPROVER);
    assertThat(check(erik, Side.MARKETING, List.of(), true)).isInstanceOf(Verdict.Allowance.class);
  }

  @Test
  void one_person_never_approves_both_sides_even_holding_both_roles_and_grants() {
    Caller carla = caller(6, "carla@acme.example", Role.MARKETING, Role.SALES);
    var hers = new Approval(Side.MARKETING, carla.user(), carla.email(), T);

    Verdict verdict = check(carla, Side.SALES, List.of(hers), true);

    assertThat(refusedBy(verdict)).isEqualTo(ApprovalPolicy.FOUR_EYES);
    assertThat(((Verdict.Rejection) verdict).reason())
        .contains("you approved the marketing side of version 3");
  }

  @Test
  void a_side_is_approved_once_and_only_drafts_are_approved() {
    var annas = new Approval(Side.MARKETING, ANNA.user(), ANNA.email(), T);

    assertThat(refusedBy(check(ANNA, Side.MARKETING, List.of(annas), false)))
        .isEqualTo(ApprovalPolicy.ONE_APPROVAL_PER_SIDE);
    assertThat(
            refusedBy(
                ApprovalPolicy.check(
                    new ApprovalRequest(
                        ANNA, Side.MARKETING, version(Status.ACTIVE), List.of(), false))))
        .isEqualTo(ApprovalPolicy.ONLY_DRAFTS);
  }
}
