package nl.hengel.lifecycle.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hengel.lifecycle.Lead;
import nl.hengel.lifecycle.Owner;
import nl.hengel.lifecycle.Stage;
import nl.hengel.lifecycle.StageChange;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The stored leads and their transitions. */
@Component
public class LeadRows {

  static final String SELECT =
      """
      select l.*, u.email as owner_email, v.number as version_number
        from lead l
        left join app_user u on u.id = l.owner_user_id
        left join definition_version v on v.id = l.version_id
      """;

  private static final List<String> COLUMNS =
      List.of(
          "person_id",
          "workspace_id",
          "stage",
          "stage_since",
          "version_id",
          "mql_at",
          "mql_count",
          "nurture_until",
          "owner_user_id",
          "team_id",
          "assigned_at",
          "accepted_at",
          "first_contact_at",
          "source",
          "campaign",
          "created_at",
          "updated_at");

  private final JdbcClient jdbc;

  LeadRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Takes the person's row lock for the rest of the transaction, so two moves of one lead (a node
   * scoring it while sales accepts it) happen one after the other. False when the person is not in
   * the workspace.
   */
  public boolean lock(WorkspaceId ws, PersonId person) {
    return jdbc.sql("select id from person where workspace_id = ? and id = ? for update")
        .params(ws.value(), person.value())
        .query(Long.class)
        .optional()
        .isPresent();
  }

  public Optional<Lead> find(WorkspaceId ws, PersonId person) {
    return jdbc.sql(SELECT + " where l.workspace_id = ? and l.person_id = ?")
        .params(ws.value(), person.value())
        .query((rs, n) -> map(rs))
        .optional();
  }

  /** The stored leads among these people; people without a row are new. */
  public List<Lead> findAll(WorkspaceId ws, List<PersonId> people) {
    if (people.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(SELECT + " where l.workspace_id = :ws and l.person_id in (:ids)")
        .param("ws", ws.value())
        .param("ids", people.stream().map(PersonId::value).toList())
        .query((rs, n) -> map(rs))
        .list();
  }

  /**
   * Leads in a sales stage (mql, sal, sql) owned by these users, or with no owner when {@code
   * owners} is empty, oldest handoff first.
   */
  public List<Lead> inSales(WorkspaceId ws, List<UserId> owners, int limit) {
    String who = owners.isEmpty() ? "l.owner_user_id is null" : "l.owner_user_id in (:owners)";
    var query =
        jdbc.sql(
                SELECT
                    + " where l.workspace_id = :ws and l.stage in ('mql', 'sal', 'sql') and "
                    + who
                    + " order by l.stage_since, l.person_id fetch first :limit rows only")
            .param("ws", ws.value())
            .param("limit", limit);
    if (!owners.isEmpty()) {
      query = query.param("owners", owners.stream().map(UserId::value).toList());
    }
    return query.query((rs, n) -> map(rs)).list();
  }

  /** Writes the lead's whole row; {@code versionId} is the version in force, if any. */
  public void save(WorkspaceId ws, Lead lead, @Nullable Long versionId, Instant now) {
    // Update first, insert when there is no row: an upsert would rewrite created_at on H2, whose
    // MERGE sets every column. The caller holds the person's lock, so nobody inserts in between.
    Object[] values = {
      ws.value(),
      lead.stage().key(),
      Sql.ts(lead.stageSince()),
      versionId,
      Sql.ts(lead.mqlAt()),
      lead.mqlCount(),
      Sql.ts(lead.nurtureUntil()),
      lead.owner() == null ? null : lead.owner().user().value(),
      lead.team(),
      Sql.ts(lead.assignedAt()),
      Sql.ts(lead.acceptedAt()),
      Sql.ts(lead.firstContactAt()),
      lead.source(),
      lead.campaign(),
      Sql.ts(now)
    };
    List<String> updated =
        COLUMNS.stream().filter(c -> !c.equals("person_id") && !c.equals("created_at")).toList();
    int rows =
        jdbc.sql(
                "update lead set "
                    + String.join(", ", updated.stream().map(c -> c + " = ?").toList())
                    + " where person_id = ?")
            .params(append(values, lead.person().value()))
            .update();
    if (rows == 0) {
      jdbc.sql(
              "insert into lead (person_id, "
                  + String.join(", ", updated)
                  + ", created_at) values ("
                  + String.join(", ", java.util.Collections.nCopies(updated.size() + 2, "?"))
                  + ")")
          .params(append(prepend(lead.person().value(), values), Sql.ts(now)))
          .update();
    }
  }

  private static Object[] append(Object[] values, Object last) {
    Object[] all = java.util.Arrays.copyOf(values, values.length + 1);
    all[values.length] = last;
    return all;
  }

  private static Object[] prepend(Object first, Object[] values) {
    Object[] all = new Object[values.length + 1];
    all[0] = first;
    System.arraycopy(values, 0, all, 1, values.length);
    return all;
  }

  /** Records a transition and answers its id. */
  public long record(
      WorkspaceId ws,
      PersonId person,
      Stage from,
      Stage to,
      String actor,
      @Nullable UserId actorUser,
      @Nullable String reason,
      @Nullable String comment,
      Instant at,
      @Nullable Long versionId) {
    var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into lead_transition (workspace_id, person_id, from_stage, to_stage, actor,
              actor_user_id, reason_code, comment, at, version_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            ws.value(),
            person.value(),
            from.key(),
            to.key(),
            actor,
            actorUser == null ? null : actorUser.value(),
            reason,
            comment,
            Sql.ts(at),
            versionId)
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  /** The definition version recorded with the lead's last transition. */
  public @Nullable Long versionId(WorkspaceId ws, PersonId person) {
    return jdbc.sql("select version_id from lead where workspace_id = ? and person_id = ?")
        .params(ws.value(), person.value())
        .query((rs, n) -> Sql.nullableLong(rs, "version_id"))
        .optional()
        .orElse(null);
  }

  public List<StageChange> history(WorkspaceId ws, PersonId person) {
    return jdbc.sql(
            """
            select t.*, v.number as version_number
              from lead_transition t left join definition_version v on v.id = t.version_id
             where t.workspace_id = ? and t.person_id = ?
             order by t.at, t.id
            """)
        .params(ws.value(), person.value())
        .query((rs, n) -> change(rs))
        .list();
  }

  public StageChange change(long id) {
    return jdbc.sql(
            """
            select t.*, v.number as version_number
              from lead_transition t left join definition_version v on v.id = t.version_id
             where t.id = ?
            """)
        .param(id)
        .query((rs, n) -> change(rs))
        .single();
  }

  static StageChange change(ResultSet rs) throws SQLException {
    int version = rs.getInt("version_number");
    Integer versionNumber = rs.wasNull() ? null : version;
    return new StageChange(
        rs.getLong("id"),
        new PersonId(rs.getLong("person_id")),
        Stage.parse(rs.getString("from_stage")).orElseThrow(),
        Stage.parse(rs.getString("to_stage")).orElseThrow(),
        rs.getString("actor"),
        rs.getString("reason_code"),
        rs.getString("comment"),
        Sql.instant(rs, "at"),
        versionNumber);
  }

  static Lead map(ResultSet rs) throws SQLException {
    Long owner = Sql.nullableLong(rs, "owner_user_id");
    int version = rs.getInt("version_number");
    Integer versionNumber = rs.wasNull() ? null : version;
    return new Lead(
        new PersonId(rs.getLong("person_id")),
        Stage.parse(rs.getString("stage")).orElseThrow(),
        Sql.instant(rs, "stage_since"),
        Sql.instant(rs, "mql_at"),
        rs.getInt("mql_count"),
        Sql.instant(rs, "nurture_until"),
        owner == null ? null : new Owner(new UserId(owner), rs.getString("owner_email")),
        Sql.nullableLong(rs, "team_id"),
        Sql.instant(rs, "assigned_at"),
        Sql.instant(rs, "accepted_at"),
        Sql.instant(rs, "first_contact_at"),
        rs.getString("source"),
        rs.getString("campaign"),
        versionNumber);
  }

  /**
   * Where the person was first touched from: the source of their first interaction and the campaign
   * of their first interaction that had one.
   */
  public FirstTouch firstTouch(WorkspaceId ws, PersonId person) {
    String source =
        jdbc.sql(
                """
                select source from interaction where workspace_id = ? and person_id = ?
                order by occurred_at, id fetch first 1 rows only
                """)
            .params(ws.value(), person.value())
            .query(String.class)
            .optional()
            .orElse(null);
    String campaign =
        jdbc.sql(
                """
                select campaign from interaction
                 where workspace_id = ? and person_id = ? and campaign is not null
                 order by occurred_at, id fetch first 1 rows only
                """)
            .params(ws.value(), person.value())
            .query(String.class)
            .optional()
            .orElse(null);
    return new FirstTouch(source, campaign);
  }

  /** The first touch of a lead. */
  public record FirstTouch(@Nullable String source, @Nullable String campaign) {}
}
