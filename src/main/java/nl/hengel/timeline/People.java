package nl.hengel.timeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Sql;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.internal.Emails;
import nl.hengel.timeline.internal.Identities;
import nl.hengel.timeline.internal.InteractionValidation;
import nl.hengel.timeline.internal.Resolution;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * People on the timeline: created or updated by e-mail or external key, found by id, e-mail, key or
 * company, and merged when two records turn out to be one person.
 */
@Service
public class People {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final Identities identities;
  private final Transactions transactions;
  private final JsonMapper json;
  private final Clock clock;

  People(JdbcClient jdbc, Identities identities, Transactions transactions, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.identities = identities;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
  }

  /** What a caller may set on a person; null fields are left as they are, attributes are merged (a null value removes one). */
  public record PersonUpsert(
      @Nullable String email,
      @Nullable ExternalKey externalKey,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable String companyDomain,
      @Nullable Map<String, Object> attributes) {}

  /** Finds or creates the person the upsert points at, then applies its fields. */
  public Person upsert(WorkspaceId ws, PersonUpsert in) {
    var errors = new ArrayList<FieldError>();
    PersonRef ref = InteractionValidation.person(new PersonRef(null, in.email(), in.externalKey()), "", errors);
    String domain = null;
    if (in.companyDomain() != null) {
      domain = Emails.normalise("x@" + in.companyDomain().trim()).map(e -> e.substring(2)).orElse(null);
      if (domain == null) {
        errors.add(new FieldError("/companyDomain", "'" + in.companyDomain() + "' is not an internet domain"));
      }
    }
    checkName(in.firstName(), "/firstName", errors);
    checkName(in.lastName(), "/lastName", errors);
    if (!errors.isEmpty()) {
      throw Problem.invalid("timeline.invalid-person", "The person has " + errors.size() + " invalid field(s).", errors);
    }
    String companyDomain = domain;
    PersonId id = transactions.retryingOnConflict(() -> {
      PersonId person = switch (identities.resolve(ws, List.of(ref)).getFirst()) {
        case Resolution.Found f -> f.person();
        case Resolution.Failed f -> throw Problem.conflict(f.code(), f.message());
      };
      Long company = companyDomain == null ? null : identities.ensureCompanies(ws, List.of(companyDomain)).get(companyDomain);
      Map<String, Object> attributes = new LinkedHashMap<>(get(ws, person).attributes());
      if (in.attributes() != null) {
        in.attributes().forEach((k, v) -> {
          if (v == null) {
            attributes.remove(k);
          } else {
            attributes.put(k, v);
          }
        });
      }
      jdbc.sql("""
              update person set first_name = coalesce(:first, first_name), last_name = coalesce(:last, last_name),
                     company_id = coalesce(:company, company_id), attributes = :attributes, updated_at = :now
               where id = :id and workspace_id = :ws
              """)
          .param("first", trim(in.firstName())).param("last", trim(in.lastName())).param("company", company)
          .param("attributes", json.writeValueAsString(attributes)).param("now", Sql.ts(clock.instant()))
          .param("id", person.value()).param("ws", ws.value())
          .update();
      return person;
    });
    return get(ws, id);
  }

  /** The person with this id, or the person it was merged into. */
  public Person get(WorkspaceId ws, PersonId id) {
    return find(ws, id).orElseThrow(() -> Problem.notFound("timeline.person-not-found",
        "No person with id " + id.value() + " in this workspace."));
  }

  public Optional<Person> find(WorkspaceId ws, PersonId id) {
    return jdbc.sql("""
            select coalesce(merged_into, id) as survivor from person where workspace_id = ? and id = ?
            """)
        .params(ws.value(), id.value())
        .query((rs, n) -> rs.getLong("survivor"))
        .optional()
        .flatMap(survivor -> jdbc.sql("select * from person where workspace_id = ? and id = ?")
            .params(ws.value(), survivor)
            .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), Sql.nullableLong(rs, "company_id"), rs.getString("attributes"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at")))
            .optional())
        .map(row -> toPerson(ws, row));
  }

  public Optional<Person> findByEmail(WorkspaceId ws, String email) {
    return Emails.normalise(email)
        .flatMap(e -> jdbc.sql("select id from person where workspace_id = ? and email = ?").params(ws.value(), e)
            .query(Long.class).optional())
        .flatMap(id -> find(ws, new PersonId(id)));
  }

  public Optional<Person> findByKey(WorkspaceId ws, ExternalKey key) {
    return jdbc.sql("select person_id from person_key where workspace_id = ? and source = ? and external_id = ?")
        .params(ws.value(), key.source(), key.id())
        .query(Long.class).optional()
        .flatMap(id -> find(ws, new PersonId(id)));
  }

  /** People of one company, by id, a page at a time after {@code afterId}. */
  public List<Person> ofCompany(WorkspaceId ws, CompanyId company, long afterId, int limit) {
    return jdbc.sql("""
            select id from person where workspace_id = ? and company_id = ? and merged_into is null and id > ?
             order by id fetch first ? rows only
            """)
        .params(ws.value(), company.value(), afterId, limit)
        .query(Long.class).list().stream()
        .map(id -> get(ws, new PersonId(id)))
        .toList();
  }

  /**
   * Merges {@code merged} into {@code survivor}: its interactions and keys move over, it answers
   * as the survivor from now on, and the merge is recorded with its reason.
   */
  @Transactional
  public Person merge(WorkspaceId ws, PersonId survivor, PersonId merged, String reason) {
    Person keep = get(ws, survivor);
    Person gone = get(ws, merged);
    if (keep.id().equals(gone.id())) {
      throw Problem.conflict("timeline.merge-with-self", "Person " + merged.value() + " is already person " + survivor.value() + ".");
    }
    // The merged person keeps its e-mail on its own row: mail to that address still finds the survivor.
    identities.merge(ws, gone.id().value(), keep.id().value(),
        reason == null || reason.isBlank() ? "merged by request" : reason.trim());
    return get(ws, keep.id());
  }

  private Person toPerson(WorkspaceId ws, Row row) {
    List<ExternalKey> keys = jdbc.sql("select source, external_id from person_key where person_id = ? order by source, external_id")
        .param(row.id)
        .query((rs, n) -> new ExternalKey(rs.getString(1), rs.getString(2)))
        .list();
    List<PersonId> mergedFrom = jdbc.sql("select merged_id from person_merge where workspace_id = ? and survivor_id = ? order by id")
        .params(ws.value(), row.id)
        .query((rs, n) -> new PersonId(rs.getLong(1)))
        .list();
    return new Person(new PersonId(row.id), row.email, row.firstName, row.lastName,
        row.company == null ? null : new CompanyId(row.company), keys, json.readValue(row.attributes, MAP), mergedFrom,
        row.createdAt, row.updatedAt);
  }

  private record Row(long id, @Nullable String email, @Nullable String firstName, @Nullable String lastName,
      @Nullable Long company, String attributes, java.time.Instant createdAt, java.time.Instant updatedAt) {}

  private static void checkName(@Nullable String name, String pointer, List<FieldError> errors) {
    if (name != null && name.trim().length() > 200) {
      errors.add(new FieldError(pointer, "is longer than 200 characters"));
    }
  }

  private static @Nullable String trim(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
