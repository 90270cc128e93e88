package nl.hengel.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Workspaces, members and API tokens over HTTP. */
@RestController
@RequestMapping("/api")
@Tag(name = "Access", description = "Workspaces, users with roles and availability, API tokens")
class AccessController {

  private final Workspaces workspaces;
  private final Members members;
  private final ApiTokens tokens;
  private final Teams teams;

  AccessController(Workspaces workspaces, Members members, ApiTokens tokens, Teams teams) {
    this.workspaces = workspaces;
    this.members = members;
    this.tokens = tokens;
    this.teams = teams;
  }

  record NewWorkspace(@NotBlank String slug, @NotBlank @Size(max = 200) String name) {}

  record NewMember(
      @NotBlank String email, @Nullable String displayName, @NotEmpty Set<String> roles) {}

  record RoleChange(@NotEmpty Set<String> roles) {}

  record NewToken(
      @NotBlank @Size(max = 100) String name, @Nullable Long userId, @Nullable Instant expiresAt) {}

  /**
   * A member as listed; {@code canSignIn} is false for one without a password (e.g. created by an
   * owners import from a CRM name), who cannot sign in to the browser.
   */
  record MemberView(
      long id,
      String email,
      String displayName,
      List<String> roles,
      boolean available,
      boolean canSignIn) {
    static MemberView of(Member m, boolean available) {
      return new MemberView(
          m.id().value(),
          m.email(),
          m.displayName(),
          m.roles().stream().sorted().map(Role::key).toList(),
          available,
          m.canSignIn());
    }
  }

  record CurrentWorkspace(long id, String slug, String name, String user, List<String> roles) {}

  @GetMapping("/workspace")
  @Operation(summary = "The caller's workspace and the caller's roles in it")
  CurrentWorkspace current(@AuthenticationPrincipal Caller caller) {
    Workspace ws = workspaces.get(caller.workspace());
    return new CurrentWorkspace(
        ws.id().value(),
        ws.slug(),
        ws.name(),
        caller.email(),
        caller.roles().stream().sorted().map(Role::key).toList());
  }

  @PostMapping("/workspaces")
  @Transactional
  @Operation(
      summary = "Create a workspace (instance administrators only); the caller becomes its admin")
  ResponseEntity<Workspace> createWorkspace(
      @AuthenticationPrincipal Caller caller, @Valid @RequestBody NewWorkspace body) {
    if (!members.isInstanceAdmin(caller.user())) {
      throw Problem.forbidden(
          "access.not-instance-admin",
          "Only an administrator of this Hengel installation may create workspaces.");
    }
    Workspace created = workspaces.create(body.slug(), body.name());
    Member me = members.get(caller.workspace(), caller.user());
    members.add(created.id(), me.email(), me.displayName(), Set.of(Role.ADMIN));
    return ResponseEntity.created(URI.create("/api/workspaces/" + created.slug())).body(created);
  }

  @GetMapping("/users")
  @Operation(summary = "Members of this workspace with their roles")
  List<MemberView> listMembers(@AuthenticationPrincipal Caller caller) {
    Set<UserId> away = teams.unavailable(caller.workspace());
    return members.list(caller.workspace()).stream()
        .map(m -> MemberView.of(m, !away.contains(m.id())))
        .toList();
  }

  @PostMapping("/users")
  @Operation(
      summary =
          "Add a member (creating the user if new) or replace an existing member's roles (admin)")
  MemberView addMember(@AuthenticationPrincipal Caller caller, @Valid @RequestBody NewMember body) {
    Member member =
        members.add(caller.workspace(), body.email(), body.displayName(), roles(body.roles()));
    return MemberView.of(member, teams.isAvailable(caller.workspace(), member.id()));
  }

  @PatchMapping("/users/{id}")
  @Operation(summary = "Change a member's roles (admin)")
  MemberView changeRoles(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody RoleChange body) {
    Member member = members.changeRoles(caller.workspace(), new UserId(id), roles(body.roles()));
    return MemberView.of(member, teams.isAvailable(caller.workspace(), member.id()));
  }

  @DeleteMapping("/users/{id}")
  @Operation(
      summary =
          "Remove a member from this workspace; their tokens here stop working at once (admin)")
  ResponseEntity<Void> removeMember(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    members.remove(caller.workspace(), new UserId(id));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/tokens")
  @Operation(
      summary = "Tokens of this workspace (admins see all, others their own); never the secret")
  List<TokenInfo> listTokens(@AuthenticationPrincipal Caller caller) {
    return tokens.list(caller.workspace(), caller.has(Role.ADMIN) ? null : caller.user());
  }

  @PostMapping("/tokens")
  @Operation(
      summary =
          "Create a token; the secret is in this answer only. Admins may create one for another member.")
  ResponseEntity<IssuedToken> issue(
      @AuthenticationPrincipal Caller caller, @Valid @RequestBody NewToken body) {
    UserId owner = body.userId() == null ? caller.user() : new UserId(body.userId());
    if (!owner.equals(caller.user()) && !caller.has(Role.ADMIN)) {
      throw Problem.forbidden(
          "access.forbidden", "Only an admin may create tokens for another member.");
    }
    IssuedToken issued = tokens.issue(caller.workspace(), owner, body.name(), body.expiresAt());
    return ResponseEntity.created(URI.create("/api/tokens/" + issued.id())).body(issued);
  }

  @DeleteMapping("/tokens/{id}")
  @Operation(summary = "Revoke a token (admins any, others their own)")
  ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    TokenInfo token = tokens.get(caller.workspace(), id);
    if (!token.user().equals(caller.user()) && !caller.has(Role.ADMIN)) {
      throw Problem.forbidden(
          "access.forbidden", "Only an admin may revoke another member's token.");
    }
    tokens.revoke(caller.workspace(), id);
    return ResponseEntity.noContent().build();
  }

  private static Set<Role> roles(Set<String> names) {
    try {
      return names.stream().map(Role::parse).collect(Collectors.toSet());
    } catch (IllegalArgumentException e) {
      throw Problem.invalid(
          "access.unknown-role",
          e.getMessage(),
          List.of(new Problem.FieldError("/roles", e.getMessage())));
    }
  }
}
