package nl.hengel.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.hengel.access.Member;
import nl.hengel.access.Passwords;
import nl.hengel.access.Team;
import nl.hengel.access.TeamMember;
import nl.hengel.access.Teams;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.testing.Api;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A CRM's sales teams file through {@code POST /api/imports/owners}, and the member API the
 * pipeline import's --create-owners builds on ({@code Members.findByName}, {@code
 * Members.ensureSalesMembersWithoutLogin}).
 */
class OwnerImportIntegrationTests extends IntegrationTestSupport {

  /**
   * Shaped like a CRM's sales_teams.csv: one regional office has two managers, each with agents of
   * their own.
   */
  static final String TEAMS =
      """
      sales_agent,manager,regional_office
      Anna Snelling,Dustin Brinkmann,Central
      Cecily Lampkin,Dustin Brinkmann,Central
      Versie Hillebrand,Dustin Brinkmann,Central
      Lajuana Vencill,Melvin Marxen,Central
      Moses Frase,Melvin Marxen,Central
      Corliss Cosme,Cara Losch,East
      Zoë Ölund,Cara Losch,East
      """;

  /** One team per manager, named after them: a regional office has several managers. */
  static final String BY_MANAGER = "?map=name:sales_agent&map=manager:manager&map=team:manager";

  @Autowired JdbcClient jdbc;
  @Autowired Teams teams;
  @Autowired Passwords passwords;

  static Api.Response importOwners(Api api, String query, String csv) {
    return api.send("/api/imports/owners" + query, "POST", "text/csv", csv);
  }

  /** Each column of the file by header, row by row (no quoting in these files). */
  static List<Map<String, String>> rows(String csv) {
    List<String> lines = csv.lines().toList();
    String[] header = lines.getFirst().split(",");
    var rows = new ArrayList<Map<String, String>>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      var row = new LinkedHashMap<String, String>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  static String slug(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-");
  }

  long members(TestWorkspace tw) {
    return jdbc.sql("select count(*) from membership where workspace_id = ?")
        .param(tw.workspace().id().value())
        .query(Long.class)
        .single();
  }

  @Test
  void agents_and_managers_become_sales_members_without_a_login_in_a_team_per_manager() {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();
    String slug = tw.workspace().slug();
    List<Map<String, String>> rows = rows(TEAMS);
    var people = new TreeSet<String>();
    var byTeam = new TreeMap<String, Set<String>>();
    for (Map<String, String> row : rows) {
      people.add(row.get("sales_agent"));
      people.add(row.get("manager"));
      byTeam.computeIfAbsent(row.get("manager"), t -> new TreeSet<>()).add(row.get("sales_agent"));
    }

    Api.Response first = importOwners(tw.admin(), BY_MANAGER, TEAMS);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode report = first.json();
    assertThat(report.get("outcome").asString()).isEqualTo("imported");
    assertThat(report.get("agents").asLong()).isEqualTo(rows.size());
    assertThat(report.get("membersAdded").asLong()).isEqualTo(people.size());
    assertThat(report.get("membersKnown").asLong()).isZero();
    assertThat(report.get("teamsCreated").asLong()).isEqualTo(byTeam.size());
    Map<String, Member> byName =
        members.list(ws).stream()
            .filter(m -> !m.roles().contains(Role.ADMIN))
            .collect(Collectors.toMap(Member::displayName, m -> m));
    assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(people);
    for (String name : people) {
      Member m = byName.get(name);
      assertThat(m.email()).isEqualTo(slug(name) + "@" + slug + ".crm.invalid");
      assertThat(m.roles()).containsExactly(Role.SALES);
      assertThat(m.canSignIn()).isFalse();
      assertThat(passwords.check(m.email(), "any password at all")).isEmpty();
    }
    assertThat(byName.get("Zoë Ölund").email()).isEqualTo("zoe-olund@" + slug + ".crm.invalid");
    for (Map.Entry<String, Set<String>> team : byTeam.entrySet()) {
      Team stored = teams.get(ws, team.getKey());
      assertThat(stored.manager().email()).isEqualTo(byName.get(team.getKey()).email());
      assertThat(stored.members().stream().map(TeamMember::email).collect(Collectors.toSet()))
          .isEqualTo(
              team.getValue().stream().map(n -> byName.get(n).email()).collect(Collectors.toSet()));
    }
    Member admin = members.findByEmail(ws, "admin@" + slug + ".example").orElseThrow();
    passwords.set(admin.id(), "a long enough password");
    var canSignIn = new TreeMap<String, Boolean>();
    tw.admin()
        .get("/api/users")
        .json()
        .forEach(u -> canSignIn.put(u.get("email").asString(), u.get("canSignIn").asBoolean()));
    assertThat(canSignIn).hasSize(people.size() + 1).containsEntry(admin.email(), true);
    assertThat(canSignIn.entrySet())
        .filteredOn(e -> e.getKey().endsWith(".crm.invalid"))
        .hasSize(people.size())
        .allSatisfy(e -> assertThat(e.getValue()).isFalse());

    Api.Response again = importOwners(tw.admin(), BY_MANAGER, TEAMS);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("membersAdded").asLong()).isZero();
    assertThat(again.json().get("membersKnown").asLong()).isEqualTo(people.size());
    assertThat(again.json().get("teamsCreated").asLong()).isZero();
    assertThat(again.json().get("teamsUpdated").asLong()).isZero();
    assertThat(again.json().get("teamsUnchanged").asLong()).isEqualTo(byTeam.size());
    assertThat(members(tw)).isEqualTo(people.size() + 1);
  }

  @Test
  void a_regional_office_with_two_managers_is_refused_with_the_lines_and_nothing_is_written() {
    TestWorkspace tw = newWorkspace();

    Api.Response refused =
        importOwners(
            tw.admin(),
            "?map=name:sales_agent&map=manager:manager&map=team:regional_office",
            TEAMS);

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    JsonNode errors = refused.json().get("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).get("line").asLong()).isEqualTo(5);
    assertThat(errors.get(0).get("column").asString()).isEqualTo("manager");
    assertThat(errors.get(0).get("message").asString())
        .isEqualTo("team 'Central' has manager Dustin Brinkmann on line 2, not Melvin Marxen");
    assertThat(errors.get(1).get("line").asLong()).isEqualTo(6);
    assertThat(members(tw)).isEqualTo(1);
    assertThat(teams.list(tw.workspace().id())).isEmpty();
  }

  @Test
  void bad_rows_are_reported_by_line_and_column() {
    TestWorkspace tw = newWorkspace();
    String bad =
        """
        sales_agent,email,regional_office
        Anna Snelling,anna@acme.example,Central
        ,,East
        Moses Frase,moses at acme,East
        Anna Snelling,anna@acme.example,West
        Cara Losch,,East/North
        """;

    Api.Response refused =
        importOwners(
            tw.admin(), "?map=name:sales_agent&map=email:email&map=team:regional_office", bad);

    assertThat(refused.status()).isEqualTo(422);
    var errors = new ArrayList<String>();
    refused
        .json()
        .get("errors")
        .forEach(e ->
            errors.add(
                e.get("line").asLong()
                    + ": "
                    + e.get("column").asString()
                    + ": "
                    + e.get("message").asString()));
    assertThat(errors)
        .containsExactly(
            "3: sales_agent: is empty: every sales agent needs a name",
            "4: email: 'moses at acme' is not an e-mail address",
            "5: regional_office: anna@acme.example is on line 2 too, in team 'Central', not 'West'",
            "6: regional_office: a team name is 1-100 characters without '/'");
    assertThat(members(tw)).isEqualTo(1);
  }

  @Test
  void only_an_admin_imports_owners() {
    TestWorkspace tw = newWorkspace();
    String slug = tw.workspace().slug();
    Api sales = as(tw, "sam@" + slug + ".example", Role.SALES);
    Api analyst = as(tw, "ana@" + slug + ".example", Role.ANALYST);
    Api marketing = as(tw, "mia@" + slug + ".example", Role.MARKETING);

    assertThat(importOwners(sales, BY_MANAGER, TEAMS).status()).isEqualTo(403);
    assertThat(importOwners(analyst, BY_MANAGER, TEAMS).status()).isEqualTo(403);
    assertThat(importOwners(marketing, BY_MANAGER, TEAMS).status()).isEqualTo(403);
    assertThat(members(tw)).isEqualTo(4);
    assertThat(teams.list(tw.workspace().id())).isEmpty();
  }

  @Test
  void the_same_names_in_two_workspaces_are_two_accounts_each_with_its_workspace_in_the_email() {
    TestWorkspace a = newWorkspace();
    TestWorkspace b = newWorkspace();

    importOwners(a.admin(), BY_MANAGER, TEAMS);
    importOwners(b.admin(), BY_MANAGER, TEAMS);

    Member inA = members.findByName(a.workspace().id(), "moses frase").orElseThrow();
    Member inB = members.findByName(b.workspace().id(), "Moses Frase").orElseThrow();
    assertThat(inA.id()).isNotEqualTo(inB.id());
    assertThat(inA.email()).isEqualTo("moses-frase@" + a.workspace().slug() + ".crm.invalid");
    assertThat(members.find(b.workspace().id(), inA.id())).isEmpty();
  }

  @Test
  void
      a_member_already_called_by_the_name_is_used_keeps_their_roles_and_a_moved_agent_leaves_the_old_team() {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();
    Member anna =
        members.add(
            ws, "anna@" + tw.workspace().slug() + ".example", "Anna Snelling", Set.of(Role.ADMIN));
    importOwners(tw.admin(), BY_MANAGER, TEAMS);
    String moved =
        """
        sales_agent,manager
        Anna Snelling,Melvin Marxen
        """;

    JsonNode report = importOwners(tw.admin(), BY_MANAGER, moved).json();

    assertThat(members.findByName(ws, "ANNA SNELLING").orElseThrow().id()).isEqualTo(anna.id());
    assertThat(members.get(ws, anna.id()).roles()).containsExactly(Role.ADMIN);
    assertThat(report.get("teamsUpdated").asLong()).isEqualTo(1);
    assertThat(teams.get(ws, "Melvin Marxen").members())
        .extracting(TeamMember::email)
        .contains(anna.email());
    // Dustin's team is not in the file, so it is left alone: Anna is now in both.
    assertThat(teams.get(ws, "Dustin Brinkmann").members())
        .extracting(TeamMember::email)
        .contains(anna.email());

    JsonNode both =
        importOwners(
                tw.admin(),
                BY_MANAGER,
                """
                sales_agent,manager
                Anna Snelling,Melvin Marxen
                Cecily Lampkin,Dustin Brinkmann
                """)
            .json();

    assertThat(both.get("teamsUpdated").asLong()).isEqualTo(1);
    assertThat(teams.get(ws, "Dustin Brinkmann").members())
        .extracting(TeamMember::email)
        .doesNotContain(anna.email());
  }

  @Test
  void ensuring_members_by_name_finds_creates_and_refuses_an_ambiguous_name() {
    TestWorkspace tw = newWorkspace();
    WorkspaceId ws = tw.workspace().id();
    String slug = tw.workspace().slug();
    members.add(ws, "one@" + slug + ".example", "Sam Smith", Set.of(Role.SALES));
    members.add(ws, "two@" + slug + ".example", "sam smith", Set.of(Role.SALES));
    Member known = members.add(ws, "kim@" + slug + ".example", "Kim Ng", Set.of(Role.MARKETING));

    Map<String, Member> ensured =
        members.ensureSalesMembersWithoutLogin(
            ws,
            "Sales Force",
            new LinkedHashSet<>(List.of("kim ng", "Moses Frase", "moses-frase")));

    assertThat(ensured.get("kim ng").id()).isEqualTo(known.id());
    assertThat(ensured.get("Moses Frase").email())
        .isEqualTo("moses-frase@" + slug + ".sales-force.invalid");
    // Another name with the same slug gets an e-mail of its own.
    assertThat(ensured.get("moses-frase").email())
        .isEqualTo("moses-frase-2@" + slug + ".sales-force.invalid");
    assertThat(members.ensureSalesMembersWithoutLogin(ws, "Sales Force", List.of("Moses Frase")))
        .containsEntry("Moses Frase", ensured.get("Moses Frase"));
    assertThatThrownBy(() -> members.findByName(ws, "SAM SMITH"))
        .isInstanceOf(Problem.class)
        .satisfies(e -> assertThat(((Problem) e).code()).isEqualTo("access.ambiguous-member-name"))
        .hasMessageContaining("2 members are called 'SAM SMITH'");
    assertThatThrownBy(() ->
            members.ensureSalesMembersWithoutLogin(ws, "crm", List.of("Sam Smith", "New Person")))
        .isInstanceOf(Problem.class);
    assertThat(members.findByName(ws, "New Person")).isEmpty();
  }
}
