package nl.hengel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class LeadsIntegrationTests extends IntegrationTestSupport {

  @Autowired Leads leads;
  @Autowired JdbcClient jdbc;

  /** Two MQLs from Acme (one accepted by bram) and three new people from elsewhere. */
  record Shop(WorkspaceId ws, long mql, long sal, long n1, long n2, long n3) {}

  Shop shop() {
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    activate(tw, anna, bram, Funnel.DEFINITION);
    Funnel.company(tw.admin());
    var at = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
    long mql = Funnel.qualify(tw.admin(), "mia@acme.example", at);
    long sal = Funnel.qualify(tw.admin(), "sal@acme.example", at);
    Funnel.ok(bram.post("/api/people/" + sal + "/lead/moves", Map.of("to", "sal")));
    long[] fresh = new long[3];
    for (int i = 0; i < 3; i++) {
      String email = "new" + i + "@elsewhere.example";
      Funnel.ok(tw.admin().post("/api/people", Map.of("email", email)));
      fresh[i] = Funnel.personId(tw.admin(), email);
    }
    return new Shop(tw.workspace().id(), mql, sal, fresh[0], fresh[1], fresh[2]);
  }

  List<Long> ids(WorkspaceId ws, Leads.Filter filter) {
    return leads.page(ws, filter, null, null, 100).rows().stream()
        .map(r -> r.person().value())
        .toList();
  }

  static Leads.Filter filter(String name, String value) {
    return Leads.Filter.parse(Map.of(name, List.of(value)));
  }

  @Test
  void each_filter_selects_its_leads_newest_first_and_nothing_of_another_workspace() {
    Shop s = shop();
    shop(); // a neighbour whose people must never show

    assertThat(ids(s.ws(), Leads.Filter.ALL))
        .containsExactly(s.n3(), s.n2(), s.n1(), s.sal(), s.mql());
    assertThat(ids(s.ws(), filter("stage", "mql"))).containsExactly(s.mql());
    assertThat(ids(s.ws(), filter("stage", "SAL"))).containsExactly(s.sal());
    assertThat(ids(s.ws(), filter("stage", "new"))).containsExactly(s.n3(), s.n2(), s.n1());
    assertThat(ids(s.ws(), filter("owner", "Bram@acme.example"))).containsExactly(s.sal());
    assertThat(ids(s.ws(), filter("owner", "none")))
        .containsExactly(s.n3(), s.n2(), s.n1(), s.mql());
    assertThat(ids(s.ws(), filter("owner", "nobody@acme.example"))).isEmpty();
    assertThat(ids(s.ws(), filter("source", "web"))).containsExactly(s.sal(), s.mql());
    assertThat(ids(s.ws(), filter("campaign", Funnel.CAMPAIGN))).containsExactly(s.sal(), s.mql());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            leads.page(s.ws(), Leads.Filter.ALL, null, null, 10).rows().stream()
                .allMatch(r -> r.fit() != null));
    assertThat(ids(s.ws(), filter("fitMin", "20"))).containsExactly(s.sal(), s.mql());
    assertThat(ids(s.ws(), filter("fitMax", "0"))).containsExactly(s.n3(), s.n2(), s.n1());

    jdbc.sql(
            """
            insert into sla_clock (workspace_id, person_id, mql_count, kind, started_at, due_at,
              breached_at) values (?, ?, 99, 'accept', ?, ?, ?)
            """)
        .params(
            s.ws().value(),
            s.mql(),
            java.sql.Timestamp.from(clock.instant().minusSeconds(7200)),
            java.sql.Timestamp.from(clock.instant().minusSeconds(3600)),
            java.sql.Timestamp.from(clock.instant().minusSeconds(3600)))
        .update();
    assertThat(ids(s.ws(), filter("breached", "true"))).containsExactly(s.mql());
    var row = leads.page(s.ws(), filter("stage", "mql"), null, null, 10).rows().getFirst();
    assertThat(row.breached()).isTrue();
    assertThat(row.email()).isEqualTo("mia@acme.example");
    assertThat(row.source()).isEqualTo("web");
    assertThat(row.mqlAt()).isNotNull();
  }

  @Test
  void pages_go_forward_by_the_last_id_and_back_by_the_first_without_repeats() {
    Shop s = shop();
    var seen = new ArrayList<Long>();
    var pages = new ArrayList<Leads.Page>();
    Leads.Page page = leads.page(s.ws(), Leads.Filter.ALL, null, null, 2);
    assertThat(page.before()).isNull();
    while (true) {
      pages.add(page);
      page.rows().forEach(r -> seen.add(r.person().value()));
      if (page.after() == null) {
        break;
      }
      page = leads.page(s.ws(), Leads.Filter.ALL, page.after(), null, 2);
    }
    assertThat(seen).containsExactly(s.n3(), s.n2(), s.n1(), s.sal(), s.mql());
    assertThat(pages).hasSize(3);

    // Back from the last page: the middle page, then the first, which has nothing before it.
    Leads.Page middle = leads.page(s.ws(), Leads.Filter.ALL, null, pages.get(2).before(), 2);
    assertThat(middle.rows()).isEqualTo(pages.get(1).rows());
    assertThat(middle.after()).isEqualTo(pages.get(1).after());
    Leads.Page first = leads.page(s.ws(), Leads.Filter.ALL, null, middle.before(), 2);
    assertThat(first.rows()).isEqualTo(pages.get(0).rows());
    assertThat(first.before()).isNull();
  }

  @Test
  void a_bad_filter_is_one_problem_naming_each_field() {
    assertThatThrownBy(() ->
            Leads.Filter.parse(
                Map.of(
                    "stage", List.of("hot"),
                    "fitMin", List.of("ten"),
                    "fitMax", List.of("5"))))
        .isInstanceOfSatisfying(
            Problem.class,
            p ->
                assertThat(p.getMessage() + p.errors())
                    .contains("'hot' is not a stage")
                    .contains("'ten' is not a whole number"));
    assertThatThrownBy(
            () -> Leads.Filter.parse(Map.of("fitMin", List.of("50"), "fitMax", List.of("5"))))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("not valid");
  }
}
