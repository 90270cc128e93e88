package nl.hengel.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import nl.hengel.cli.HengelCommand;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.testing.Api;
import nl.hengel.testing.Funnel;
import nl.hengel.testing.IntegrationTestSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import tools.jackson.databind.JsonNode;

class ActivationIntegrationTests extends IntegrationTestSupport {

  static final int PEOPLE = 300;

  @Autowired JdbcClient jdbc;

  /**
   * A re-evaluation's status and the leads that have an MQL transition under its version, with
   * their qualifying moment, read by one statement so both come from one snapshot.
   */
  record Snapshot(String status, Map<Long, Instant> mqls) {}

  Snapshot snapshot(long reevaluation) {
    var status = new AtomicReference<String>();
    var mqls = new HashMap<Long, Instant>();
    jdbc.sql(
            """
            select r.status, t.person_id, l.mql_at
              from reevaluation r
              left join lead_transition t
                on t.workspace_id = r.workspace_id and t.version_id = r.version_id and t.to_stage = 'mql'
              left join lead l on l.person_id = t.person_id
             where r.id = ?
            """)
        .param(reevaluation)
        .query(rs -> {
          status.set(rs.getString("status"));
          long person = rs.getLong("person_id");
          if (!rs.wasNull()) {
            mqls.put(person, Sql.instant(rs, "mql_at"));
          }
        });
    return new Snapshot(status.get(), mqls);
  }

  @Test
  void activation_says_done_only_when_every_lead_it_qualifies_is_an_mql() {
    TestWorkspace tw = newWorkspace();
    Api anna = as(tw, "anna@acme.example", Role.MARKETING);
    Api bram = as(tw, "bram@acme.example", Role.SALES);
    Funnel.company(tw.admin());
    Instant base = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(10));
    // Acme people have fit 25; two downloads make engagement 20. Person i downloads at base + i
    // minutes: i % 4 == 0 once (engagement 10), i % 4 == 1 the same content twice (one distinct
    // content), the others two contents a minute apart, and so qualify at the second.
    var batch = new ArrayList<Map<String, Object>>();
    var emails = new ArrayList<String>();
    var expectedByEmail = new HashMap<String, Instant>();
    for (int i = 0; i < PEOPLE; i++) {
      String email = "p" + i + "@acme.example";
      emails.add(email);
      Instant at = base.plus(Duration.ofMinutes(i));
      batch.add(Funnel.download(email + "-1", email, at, "guide-a"));
      if (i % 4 == 1) {
        batch.add(Funnel.download(email + "-2", email, at.plusSeconds(60), "guide-a"));
      } else if (i % 4 != 0) {
        batch.add(Funnel.download(email + "-2", email, at.plusSeconds(60), "guide-b"));
        expectedByEmail.put(email, at.plusSeconds(60));
      }
    }
    JsonNode stored = Funnel.ok(tw.admin().post("/api/interactions/batch", batch)).json();
    assertThat(stored.get("stored").asInt()).isEqualTo(batch.size());
    var personByEmail = new HashMap<String, Long>();
    for (int k = 0; k < batch.size(); k++) {
      @SuppressWarnings("unchecked")
      var person = (Map<String, Object>) batch.get(k).get("person");
      personByEmail.put(
          (String) person.get("email"), stored.get("items").get(k).get("personId").asLong());
    }
    var expected = new HashMap<Long, Instant>();
    expectedByEmail.forEach((email, at) -> expected.put(personByEmail.get(email), at));
    assertThat(expected).hasSize(PEOPLE / 2);

    // Received before the activation starts, so the qualifying phase lists the MQLs only.
    clock.advance(Duration.ofSeconds(1));
    Activation activation = startActivation(tw, anna, bram, Funnel.DEFINITION);

    // Watch the status as often as we can and keep what was seen when it first stopped running.
    var first = new AtomicReference<@Nullable Snapshot>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> {
          Snapshot s = snapshot(activation.reevaluation());
          first.set(s);
          return !s.status().equals("running");
        });
    Snapshot done = first.get();
    assertThat(done.status()).isEqualTo("done");
    assertThat(done.mqls()).as("MQLs committed when the status said done").isEqualTo(expected);

    // The engine's own verdict, person by person, agrees with the expectation.
    for (String email : emails) {
      long person = personByEmail.get(email);
      JsonNode explained = tw.admin().get("/api/people/" + person + "/explain").json();
      Instant mqlAt =
          explained.has("mqlAt") ? Instant.parse(explained.get("mqlAt").asString()) : null;
      assertThat(mqlAt).as(email).isEqualTo(expected.get(person));
    }
    JsonNode status = tw.admin().get("/api/definitions/" + activation.number()).json();
    assertThat(status.get("status").asString()).isEqualTo("active");
    JsonNode reevaluation = status.get("reevaluation");
    assertThat(reevaluation.get("status").asString()).isEqualTo("done");
    assertThat(reevaluation.get("phase").asString()).isEqualTo("qualifying");
    assertThat(reevaluation.get("done").asLong()).isEqualTo(PEOPLE);
    assertThat(reevaluation.get("qualifyTotal").asLong()).isEqualTo(expected.size());
    assertThat(reevaluation.get("qualifyDone").asLong()).isEqualTo(expected.size());

    var out = new StringWriter();
    int exit =
        HengelCommand.run(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            "definition",
            "show",
            String.valueOf(activation.number()),
            "-w",
            tw.workspace().slug());
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "re-evaluation done, "
                + PEOPLE
                + " of "
                + PEOPLE
                + " leads scored, qualification "
                + expected.size()
                + " of "
                + expected.size()
                + " leads, started");
  }

  @Test
  void a_reevaluation_resumed_after_the_switch_qualifies_the_leads_listed_and_only_then_is_done() {
    TestWorkspace tw = newWorkspace();
    Funnel.company(tw.admin());
    Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
    // Two people meet the gate (two contents), one does not (one content twice); no version is in
    // force, so nobody qualifies live.
    JsonNode stored =
        Funnel.ok(
                tw.admin()
                    .post(
                        "/api/interactions/batch",
                        List.of(
                            Funnel.download("a1", "ann@acme.example", at, "guide-a"),
                            Funnel.download(
                                "a2", "ann@acme.example", at.plusSeconds(60), "guide-b"),
                            Funnel.download("b1", "bob@acme.example", at, "guide-a"),
                            Funnel.download(
                                "b2", "bob@acme.example", at.plusSeconds(90), "guide-c"),
                            Funnel.download("c1", "cas@acme.example", at, "guide-a"),
                            Funnel.download(
                                "c2", "cas@acme.example", at.plusSeconds(60), "guide-a"))))
            .json();
    long ann = stored.get("items").get(0).get("personId").asLong();
    long bob = stored.get("items").get(2).get("personId").asLong();
    long cas = stored.get("items").get(4).get("personId").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            jdbc.sql("select count(*) from scoring_queue where workspace_id = ?")
                    .param(tw.workspace().id().value())
                    .query(Long.class)
                    .single()
                == 0);

    // What a node had committed when it died right after the switch: the version in force, the
    // re-evaluation in phase 'qualifying' with its list, no heartbeat since.
    long ws = tw.workspace().id().value();
    var now = Sql.ts(clock.instant());
    long admin = members.list(tw.workspace().id()).getFirst().id().value();
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into definition_version (workspace_id, number, name, yaml, status, marketing_owner, sales_owner, author_id, created_at, approved_at, activated_at)
            values (?, 1, 'simple', ?, 'active', 'anna@acme.example', 'bram@acme.example', ?, ?, ?, ?)
            """)
        .params(ws, Funnel.DEFINITION, admin, now, now, now)
        .update(keys, "id");
    long version = keys.getKey().longValue();
    jdbc.sql(
            "insert into active_definition (workspace_id, version_id, activated_at) values (?, ?, ?)")
        .params(ws, version, now)
        .update();
    keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into reevaluation (workspace_id, version_id, status, phase, total, done, qualify_total, qualify_done, actor, started_at)
            values (?, ?, 'running', 'qualifying', 3, 3, 3, 0, 'user:test', ?)
            """)
        .params(ws, version, now)
        .update(keys, "id");
    long reevaluation = keys.getKey().longValue();
    for (long person : List.of(ann, bob, cas)) {
      jdbc.sql("insert into reevaluation_person (reevaluation_id, person_id) values (?, ?)")
          .params(reevaluation, person)
          .update();
    }
    assertThat(snapshot(reevaluation).mqls()).isEmpty();

    // A server node claims it (no heartbeat) and carries on where it stopped.
    var first = new AtomicReference<@Nullable Snapshot>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> {
          Snapshot s = snapshot(reevaluation);
          first.set(s);
          return !s.status().equals("running");
        });
    assertThat(first.get().status()).isEqualTo("done");
    assertThat(first.get().mqls())
        .isEqualTo(Map.of(ann, at.plusSeconds(60), bob, at.plusSeconds(90)));
    assertThat(Funnel.stage(tw.admin(), cas)).isEqualTo("new");
    assertThat(
            jdbc.sql("select qualify_done from reevaluation where id = ?")
                .param(reevaluation)
                .query(Long.class)
                .single())
        .isEqualTo(3);
    assertThat(
            jdbc.sql("select count(*) from reevaluation_person where reevaluation_id = ?")
                .param(reevaluation)
                .query(Long.class)
                .single())
        .isZero();
  }
}
