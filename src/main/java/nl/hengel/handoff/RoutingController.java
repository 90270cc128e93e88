package nl.hengel.handoff;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.hengel.access.Team;
import nl.hengel.access.Teams;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.CompanyId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Account owners, territory rules and routing previews over HTTP. */
@RestController
@RequestMapping("/api")
@Tag(
    name = "Routing",
    description = "Who gets a new MQL: account owner, territory rules, round-robin in a team")
class RoutingController {

  private final Routing routing;
  private final AccountOwners owners;
  private final Teams teams;

  RoutingController(Routing routing, AccountOwners owners, Teams teams) {
    this.routing = routing;
    this.owners = owners;
    this.teams = teams;
  }

  record OwnerChange(@Nullable String owner) {}

  record OwnerView(long company, long ownerId, String owner) {
    static OwnerView of(AccountOwner o) {
      return new OwnerView(o.company().value(), o.owner().value(), o.ownerEmail());
    }
  }

  record DecisionView(
      boolean routed,
      @Nullable Long ownerId,
      @Nullable String owner,
      @Nullable String team,
      String because) {}

  @GetMapping("/companies/{id}/account-owner")
  @Operation(summary = "The owner of a company's account")
  OwnerView accountOwner(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return owners
        .find(caller.workspace(), new CompanyId(id))
        .map(OwnerView::of)
        .orElseThrow(() ->
            Problem.notFound(
                "handoff.no-account-owner", "Company " + id + " has no account owner."));
  }

  @PutMapping("/companies/{id}/account-owner")
  @Operation(summary = "Make a member the owner of a company's account (admin)")
  OwnerView assignAccountOwner(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestBody OwnerChange body) {
    return OwnerView.of(owners.assign(caller, new CompanyId(id), body.owner()));
  }

  @DeleteMapping("/companies/{id}/account-owner")
  @Operation(summary = "Remove a company's account owner (admin)")
  ResponseEntity<Void> removeAccountOwner(
      @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    owners.remove(caller, new CompanyId(id));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/routing")
  @Operation(summary = "The territory rules, in order, and the fallback team")
  RoutingRules rules(@AuthenticationPrincipal Caller caller) {
    return routing.rules(caller.workspace());
  }

  @PutMapping("/routing")
  @Operation(summary = "Replace the territory rules and the fallback team (admin)")
  RoutingRules replaceRules(
      @AuthenticationPrincipal Caller caller, @RequestBody RoutingRules body) {
    return routing.replaceRules(caller, body);
  }

  @GetMapping("/routing/preview")
  @Operation(
      summary = "Where a person's lead would be routed now, and why; changes no round-robin turn")
  DecisionView preview(@AuthenticationPrincipal Caller caller, @RequestParam long person) {
    return switch (routing.preview(caller.workspace(), new PersonId(person))) {
      case RoutingDecision.Routed r ->
          new DecisionView(
              true,
              r.owner().value(),
              r.ownerEmail(),
              r.team() == null
                  ? null
                  : teams.find(caller.workspace(), r.team()).map(Team::name).orElse(null),
              r.because());
      case RoutingDecision.Unrouted u -> new DecisionView(false, null, null, null, u.because());
    };
  }
}
