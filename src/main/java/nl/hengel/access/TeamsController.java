package nl.hengel.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Sales teams and members' availability over HTTP. */
@RestController
@RequestMapping("/api")
@Tag(name = "Teams", description = "Sales teams, their managers, and who is available for leads")
class TeamsController {

  private final Teams teams;

  TeamsController(Teams teams) {
    this.teams = teams;
  }

  record MemberView(long id, String email, boolean available) {
    static @Nullable MemberView of(@Nullable TeamMember m) {
      return m == null ? null : new MemberView(m.user().value(), m.email(), m.available());
    }
  }

  record TeamView(long id, String name, @Nullable MemberView manager, List<MemberView> members) {
    static TeamView of(Team t) {
      return new TeamView(
          t.id().value(),
          t.name(),
          MemberView.of(t.manager()),
          t.members().stream().map(MemberView::of).toList());
    }
  }

  record AvailabilityChange(@Nullable Boolean available) {}

  @GetMapping("/teams")
  @Operation(summary = "The teams of this workspace with their managers and members")
  List<TeamView> list(@AuthenticationPrincipal Caller caller) {
    return teams.list(caller.workspace()).stream().map(TeamView::of).toList();
  }

  @PostMapping("/teams")
  @Operation(summary = "Create a team: name, manager e-mail (optional), member e-mails (admin)")
  ResponseEntity<TeamView> create(
      @AuthenticationPrincipal Caller caller, @RequestBody TeamSpec body) {
    Team team = teams.create(caller, body);
    return ResponseEntity.created(
            URI.create(
                "/api/teams/"
                    + URLEncoder.encode(team.name(), StandardCharsets.UTF_8).replace("+", "%20")))
        .body(TeamView.of(team));
  }

  @GetMapping("/teams/{name}")
  @Operation(summary = "One team by name")
  TeamView get(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
    return TeamView.of(teams.get(caller.workspace(), name));
  }

  @PutMapping("/teams/{name}")
  @Operation(summary = "Replace a team's name, manager and members (admin)")
  TeamView replace(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String name,
      @RequestBody TeamSpec body) {
    return TeamView.of(teams.replace(caller, name, body));
  }

  @DeleteMapping("/teams/{name}")
  @Operation(summary = "Delete a team; refused while a routing rule points at it (admin)")
  ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
    teams.delete(caller, name);
    return ResponseEntity.noContent().build();
  }

  @PutMapping("/members/{email}/availability")
  @Operation(
      summary =
          "Mark a member available or not (holiday): oneself, or anyone as admin or their team's manager")
  MemberView setAvailability(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String email,
      @RequestBody AvailabilityChange body) {
    if (body.available() == null) {
      throw Problem.invalid(
          "access.invalid-availability",
          "Say whether the member is available: {\"available\": true} or false.",
          List.of(new Problem.FieldError("/available", "is required")));
    }
    return MemberView.of(teams.setAvailable(caller, email, body.available()));
  }
}
