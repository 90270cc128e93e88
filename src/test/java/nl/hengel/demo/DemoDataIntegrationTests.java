package nl.hengel.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.hengel.access.ApiTokens;
import nl.hengel.access.Teams;
import nl.hengel.access.Workspace;
import nl.hengel.attribution.Campaign;
import nl.hengel.attribution.Campaigns;
import nl.hengel.definition.Definitions;
import nl.hengel.handoff.Routing;
import nl.hengel.handoff.internal.BreachWorker;
import nl.hengel.lifecycle.Owner;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.testing.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo workspace as {@code serve --demo} makes it, and the generator's determinism in rows. */
class DemoDataIntegrationTests extends IntegrationTestSupport {

  @Autowired ApiTokens apiTokens;
  @Autowired Generation generation;
  @Autowired Definitions definitions;
  @Autowired Teams teams;
  @Autowired Routing routing;
  @Autowired Campaigns campaigns;
  @Autowired BreachWorker breaches;
  @Autowired JdbcClient jdbc;
  @Autowired Clock appClock;
  @Autowired nl.hengel.access.Passwords passwords;

  DemoData demo() {
    return new DemoData(
        workspaces,
        members,
        apiTokens,
        generation,
        definitions,
        teams,
        routing,
        appClock,
        passwords);
  }

  long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  @Test
  void the_demo_holds_a_year_of_a_b2b_company_with_leads_in_every_stage_and_breached_slas() {
    clock.set(Instant.parse("2026-11-25T14:00:00Z"));
    long started = System.nanoTime();
    Workspace ws = demo().create("demo-" + UUID.randomUUID().toString().substring(0, 8));
    System.out.printf("Demo created in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    long id = ws.id().value();

    assertThat(count("select count(*) from company where workspace_id = ?", id)).isEqualTo(50);
    assertThat(count("select count(*) from person where workspace_id = ?", id)).isEqualTo(2_000);
    assertThat(count("select count(*) from interaction where workspace_id = ?", id))
        .isEqualTo(30_000);
    assertThat(
            jdbc.sql("select distinct lower(sentiment) from interaction where workspace_id = ?")
                .param(id)
                .query(String.class)
                .set())
        .containsExactlyInAnyOrder("positive", "neutral", "negative");
    assertThat(
            jdbc.sql("select distinct lower(department) from interaction where workspace_id = ?")
                .param(id)
                .query(String.class)
                .set())
        .containsExactlyInAnyOrder("marketing", "sales", "service");
    Map<String, Long> stages =
        jdbc
            .sql("select stage, count(*) from lead where workspace_id = ? group by stage")
            .param(id)
            .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(stages)
        .containsKeys("nurture", "mql", "sal", "sql", "won", "lost", "disqualified", "suppressed");
    assertThat(
            count(
                "select count(*) from lead_transition where workspace_id = ? and from_stage = 'mql'"
                    + " and to_stage = 'nurture' and reason_code is not null",
                id))
        .isGreaterThan(10);
    assertThat(count("select count(*) from lead where workspace_id = ? and mql_count >= 2", id))
        .isGreaterThan(5);
    assertThat(
            count(
                "select count(*) from lead_transition where workspace_id = ? and to_stage = 'lost' and reason_code is null",
                id))
        .isZero();

    List<Campaign> list = campaigns.list(ws.id());
    assertThat(list).hasSizeGreaterThanOrEqualTo(8);
    assertThat(list).allSatisfy(c -> assertThat(c.spend()).isNotEmpty());
    assertThat(
            count(
                "select count(distinct campaign) from interaction where workspace_id = ? and"
                    + " campaign in (select campaign_key from campaign where workspace_id = ?)",
                id,
                id))
        .isGreaterThanOrEqualTo(8);

    // The definition in force and a stricter draft.
    assertThat(definitions.active(ws.id())).isPresent();
    assertThat(definitions.list(ws.id())).hasSize(2);

    // Past handoffs: overdue clocks are breached by the breach worker, as live ones are.
    breaches.run();
    assertThat(
            count(
                "select count(*) from sla_clock where workspace_id = ? and breached_at is not null",
                id))
        .isGreaterThan(5);
    assertThat(
            count(
                "select count(*) from sla_clock where workspace_id = ? and met_at is not null", id))
        .isGreaterThan(5);
    // Live: the scorer qualifies people whose recent interactions meet the gate, routing assigns
    // them to the team and their clocks start now.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            count(
                    "select count(*) from sla_clock where workspace_id = ? and started_at >= ?"
                        + " and owner_user_id is not null",
                    id,
                    Sql.ts(clock.instant().minusSeconds(1)))
                > 0);
  }

  List<String> rows(long ws) {
    var out = new java.util.ArrayList<String>();
    out.addAll(
        jdbc.sql(
                "select p.email, p.first_name, p.last_name, p.attributes, c.domain from person p join"
                    + " company c on c.id = p.company_id where p.workspace_id = ? order by p.email")
            .param(ws)
            .query((rs, n) ->
                String.join(
                    "|",
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5)))
            .list());
    out.addAll(
        jdbc.sql(
                "select p.email, i.source, i.external_id, i.occurred_at, i.department, i.type,"
                    + " i.campaign, i.content, i.sentiment from interaction i join person p on"
                    + " p.id = i.person_id where i.workspace_id = ? order by i.source, i.external_id")
            .param(ws)
            .query((rs, n) -> {
              var b = new StringBuilder();
              for (int c = 1; c <= 9; c++) {
                b.append(c == 4 ? Sql.instant(rs, "occurred_at") : rs.getString(c)).append('|');
              }
              return b.toString();
            })
            .list());
    out.addAll(
        jdbc.sql(
                "select p.email, t.from_stage, t.to_stage, t.actor, t.reason_code, t.at from"
                    + " lead_transition t join person p on p.id = t.person_id where t.workspace_id = ?"
                    + " order by p.email, t.at, t.id")
            .param(ws)
            .query((rs, n) ->
                String.join(
                    "|",
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    String.valueOf(rs.getString(5)),
                    String.valueOf(Sql.instant(rs, "at"))))
            .list());
    out.addAll(
        campaigns.list(new nl.hengel.platform.WorkspaceId(ws)).stream()
            .map(Object::toString)
            .toList());
    return out;
  }

  long generate(long seed) {
    TestWorkspace tw = newWorkspace();
    var admin =
        members
            .findByEmail(tw.workspace().id(), "admin@" + tw.workspace().slug() + ".example")
            .orElseThrow();
    var rep =
        members.add(tw.workspace().id(), "rep@x.example", "Rep", java.util.Set.of(Role.SALES));
    var generator =
        new Generator(
            new Generator.Settings(seed, 200, 2_000, 12, Instant.parse("2026-11-25T12:00:00Z")),
            List.of(new Owner(rep.id(), rep.email())));
    generation.run(
        new Caller(admin.id(), admin.email(), tw.workspace().id(), admin.roles()),
        generator,
        64,
        null,
        p -> {});
    return tw.workspace().id().value();
  }

  @Test
  void the_same_seed_writes_the_same_rows_and_another_seed_other_rows() {
    List<String> a = rows(generate(11));
    assertThat(a).hasSizeGreaterThan(2_200);
    assertThat(rows(generate(11))).isEqualTo(a);
    assertThat(rows(generate(12))).isNotEqualTo(a);
  }
}
