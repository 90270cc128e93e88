package nl.hengel.timeline;

import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.hengel.platform.Dialect;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
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
  private final JdbcTemplate template;
  private final Dialect dialect;
  private final Identities identities;
  private final Transactions transactions;
  private final JsonMapper json;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  People(
      JdbcClient jdbc,
      JdbcTemplate template,
      Dialect dialect,
      Identities identities,
      Transactions transactions,
      JsonMapper json,
      Clock clock,
      ApplicationEventPublisher events) {
    this.events = events;
    this.jdbc = jdbc;
    this.template = template;
    this.dialect = dialect;
    this.identities = identities;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
  }

  /**
   * What a caller may set on a person; null fields are left as they are, attributes are merged (a
   * null value removes one). The company is given by its domain or by its id (one of the
   * workspace's companies, e.g. from {@link Companies#ensureByKeys}), not both.
   */
  public record PersonUpsert(
      @Nullable String email,
      @Nullable ExternalKey externalKey,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable String companyDomain,
      @Nullable CompanyId company,
      @Nullable Map<String, Object> attributes) {

    /** An upsert that gives the company by its domain only. */
    public PersonUpsert(
        @Nullable String email,
        @Nullable ExternalKey externalKey,
        @Nullable String firstName,
        @Nullable String lastName,
        @Nullable String companyDomain,
        @Nullable Map<String, Object> attributes) {
      this(email, externalKey, firstName, lastName, companyDomain, null, attributes);
    }
  }

  /** What became of one person of {@link #upsertAll}: written, or refused with reasons. */
  public sealed interface UpsertOutcome {

    /** The item's position in the batch, from 0. */
    int index();

    /** The person was found or created, and the item's fields were applied. */
    record Upserted(int index, PersonId person) implements UpsertOutcome {}

    /** Nothing of the item was written. Pointers are relative to the item ({@code /email}). */
    record Rejected(int index, String code, List<FieldError> errors) implements UpsertOutcome {}
  }

  static final String INVALID_PERSON = "timeline.invalid-person";

  /** Finds or creates the person the upsert points at, then applies its fields. */
  public Person upsert(WorkspaceId ws, PersonUpsert in) {
    return switch (upsertAll(ws, List.of(in)).getFirst()) {
      case UpsertOutcome.Upserted u -> get(ws, u.person());
      case UpsertOutcome.Rejected r when r.code().equals(INVALID_PERSON) ->
          throw Problem.invalid(
              r.code(), "The person has " + r.errors().size() + " invalid field(s).", r.errors());
      case UpsertOutcome.Rejected r ->
          throw Problem.conflict(r.code(), r.errors().getFirst().message());
    };
  }

  /**
   * Upserts many people in one transaction, as {@link #upsert} does one: one outcome per item, in
   * item order. An invalid item, or one whose e-mail and key belong to two different people, is
   * rejected and writes nothing; the others are written. Later items win over earlier ones for the
   * same person.
   */
  public List<UpsertOutcome> upsertAll(WorkspaceId ws, List<PersonUpsert> items) {
    var outcomes = new UpsertOutcome[items.size()];
    var valid = new ArrayList<Checked>();
    for (int i = 0; i < items.size(); i++) {
      var errors = new ArrayList<FieldError>();
      Checked checked = check(i, items.get(i), errors);
      if (checked == null) {
        outcomes[i] = new UpsertOutcome.Rejected(i, INVALID_PERSON, errors);
      } else {
        valid.add(checked);
      }
    }
    if (!valid.isEmpty()) {
      for (UpsertOutcome outcome : transactions.retryingOnConflict(() -> write(ws, valid))) {
        outcomes[outcome.index()] = outcome;
      }
    }
    return List.of(outcomes);
  }

  /** The faults of an upsert, with pointers relative to it; empty when it may be applied. */
  public static List<FieldError> faults(PersonUpsert in) {
    var errors = new ArrayList<FieldError>();
    check(0, in, errors);
    return errors;
  }

  /** An upsert that passed validation, normalised. */
  private record Checked(
      int index,
      PersonRef ref,
      @Nullable String companyDomain,
      @Nullable Long company,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable Map<String, Object> attributes) {}

  private static @Nullable Checked check(int index, PersonUpsert in, List<FieldError> errors) {
    PersonRef ref =
        InteractionValidation.person(new PersonRef(null, in.email(), in.externalKey()), "", errors);
    String domain = null;
    if (in.companyDomain() != null) {
      domain =
          Emails.normalise("x@" + in.companyDomain().trim()).map(e -> e.substring(2)).orElse(null);
      if (domain == null) {
        errors.add(
            new FieldError(
                "/companyDomain", "'" + in.companyDomain() + "' is not an internet domain"));
      }
    }
    if (in.companyDomain() != null && in.company() != null) {
      errors.add(
          new FieldError("/companyId", "give the company by companyDomain or by id, not both"));
    }
    checkName(in.firstName(), "/firstName", errors);
    checkName(in.lastName(), "/lastName", errors);
    if (!errors.isEmpty()) {
      return null;
    }
    return new Checked(
        index,
        ref,
        domain,
        in.company() == null ? null : in.company().value(),
        trim(in.firstName()),
        trim(in.lastName()),
        in.attributes());
  }

  private List<UpsertOutcome> write(WorkspaceId ws, List<Checked> checked) {
    var outcomes = new ArrayList<UpsertOutcome>(checked.size());
    // A company id that is not the workspace's refuses its item before anyone is created for it.
    Set<Long> known = companiesOf(ws, checked);
    var valid = new ArrayList<Checked>(checked.size());
    for (Checked c : checked) {
      if (c.company() != null && !known.contains(c.company())) {
        outcomes.add(
            new UpsertOutcome.Rejected(
                c.index(),
                INVALID_PERSON,
                List.of(
                    new FieldError(
                        "/companyId",
                        "no company with id " + c.company() + " in this workspace"))));
      } else {
        valid.add(c);
      }
    }
    List<Resolution> resolutions =
        identities.resolve(ws, valid.stream().map(Checked::ref).toList());
    var domains = new TreeSet<String>();
    valid.forEach(c -> {
      if (c.companyDomain() != null) {
        domains.add(c.companyDomain());
      }
    });
    Map<String, Long> companies = identities.ensureCompanies(ws, domains);
    // One change per person, in id order, so concurrent batches lock rows in the same order.
    var changes = new TreeMap<Long, Change>();
    for (int i = 0; i < valid.size(); i++) {
      Checked c = valid.get(i);
      switch (resolutions.get(i)) {
        case Resolution.Failed f ->
            outcomes.add(
                new UpsertOutcome.Rejected(
                    c.index(),
                    f.code(),
                    List.of(
                        new FieldError(f.field().isEmpty() ? "" : "/" + f.field(), f.message()))));
        case Resolution.Found found -> {
          changes.computeIfAbsent(found.person().value(), id -> new Change()).apply(c, companies);
          outcomes.add(new UpsertOutcome.Upserted(c.index(), found.person()));
        }
      }
    }
    Map<Long, Map<String, Object>> current =
        attributesOf(
            ws,
            changes.entrySet().stream()
                .filter(e -> e.getValue().attributes != null)
                .map(Map.Entry::getKey)
                .toList());
    var now = Sql.ts(clock.instant());
    var rows = new ArrayList<Object[]>(changes.size());
    changes.forEach((id, change) -> {
      String attributes = null;
      if (change.attributes != null) {
        Map<String, Object> merged = new LinkedHashMap<>(current.getOrDefault(id, Map.of()));
        change.attributes.forEach((k, v) -> {
          if (v == null) {
            merged.remove(k);
          } else {
            merged.put(k, v);
          }
        });
        attributes = json.writeValueAsString(merged);
      }
      rows.add(new Object[] {change.firstName, change.lastName, change.company, attributes, id});
    });
    update(ws, rows, now);
    if (!changes.isEmpty()) {
      events.publishEvent(
          new PeopleChanged(
              ws,
              changes.keySet().stream()
                  .map(PersonId::new)
                  .collect(java.util.stream.Collectors.toUnmodifiableSet())));
    }
    return outcomes;
  }

  /**
   * Applies the changes, rows of first name, last name, company, attributes (null: unchanged) and
   * person id, in id order. PostgreSQL: locks the rows in id order (so concurrent batches cannot
   * deadlock), then updates them all with one statement of arrays. One statement per row, as a
   * batch has it, cost the server a round of planning and executing each; with statistics that did
   * not know the workspace yet (an import into a new one), each of them scanned the workspace's
   * people through its e-mail index: 100,000 imported opportunities took 14 minutes. H2: a batch.
   */
  private void update(WorkspaceId ws, List<Object[]> rows, java.time.OffsetDateTime now) {
    if (rows.isEmpty()) {
      return;
    }
    if (dialect == Dialect.H2) {
      template.batchUpdate(
          """
          update person set first_name = coalesce(?, first_name), last_name = coalesce(?, last_name),
                 company_id = coalesce(?, company_id), attributes = coalesce(?, attributes), updated_at = ?
           where id = ? and workspace_id = ?
          """,
          rows.stream()
              .map(r -> new Object[] {r[0], r[1], r[2], r[3], now, r[4], ws.value()})
              .toList(),
          new int[] {
            Types.VARCHAR,
            Types.VARCHAR,
            Types.BIGINT,
            Types.VARCHAR,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.BIGINT,
            Types.BIGINT
          });
      return;
    }
    int n = rows.size();
    var firstName = new String[n];
    var lastName = new String[n];
    var company = new Long[n];
    var attributes = new String[n];
    var id = new Long[n];
    for (int i = 0; i < n; i++) {
      Object[] r = rows.get(i);
      firstName[i] = (String) r[0];
      lastName[i] = (String) r[1];
      company[i] = (Long) r[2];
      attributes[i] = (String) r[3];
      id[i] = (Long) r[4];
    }
    var ids = new SqlArrayValue("bigint", (Object[]) id);
    jdbc.sql("select id from person where id = any(:ids) order by id for update")
        .param("ids", ids)
        .query(Long.class)
        .list();
    jdbc.sql(
            """
            update person p
               set first_name = coalesce(v.first_name, p.first_name),
                   last_name = coalesce(v.last_name, p.last_name),
                   company_id = coalesce(v.company_id, p.company_id),
                   attributes = coalesce(v.attributes, p.attributes), updated_at = :now
              from unnest(:ids::bigint[], :firstName::varchar[], :lastName::varchar[],
                          :company::bigint[], :attributes::varchar[])
                   as v (id, first_name, last_name, company_id, attributes)
             where p.id = v.id and p.workspace_id = :ws
            """)
        .param("ids", ids)
        .param("firstName", new SqlArrayValue("varchar", (Object[]) firstName))
        .param("lastName", new SqlArrayValue("varchar", (Object[]) lastName))
        .param("company", new SqlArrayValue("bigint", (Object[]) company))
        .param("attributes", new SqlArrayValue("varchar", (Object[]) attributes))
        .param("now", now)
        .param("ws", ws.value())
        .update();
  }

  /** Of the company ids the upserts name, those that are the workspace's. */
  private Set<Long> companiesOf(WorkspaceId ws, List<Checked> valid) {
    List<Long> ids =
        valid.stream().map(Checked::company).filter(java.util.Objects::nonNull).distinct().toList();
    var known = new java.util.HashSet<Long>();
    for (int from = 0; from < ids.size(); from += 1000) {
      var in =
          Sql.oneOf("id", "ids", "bigint", ids.subList(from, Math.min(ids.size(), from + 1000)));
      known.addAll(
          jdbc.sql("select id from company where workspace_id = :ws and " + in.sql())
              .param("ws", ws.value())
              .param("ids", in.parameter())
              .query(Long.class)
              .list());
    }
    return known;
  }

  private Map<Long, Map<String, Object>> attributesOf(WorkspaceId ws, List<Long> ids) {
    var result = new HashMap<Long, Map<String, Object>>();
    if (ids.isEmpty()) {
      return result;
    }
    // By id alone, the workspace checked on the rows found: with "workspace_id = ? and id in
    // (...)", statistics that do not know a new workspace yet make PostgreSQL read all its people
    // through the e-mail index, for every thousand ids.
    var in = Sql.oneOf("id", "ids", "bigint", ids);
    jdbc.sql("select id, workspace_id, attributes from person where " + in.sql())
        .param("ids", in.parameter())
        .query(rs -> {
          if (rs.getLong("workspace_id") == ws.value()) {
            result.put(rs.getLong("id"), json.readValue(rs.getString("attributes"), MAP));
          }
        });
    return result;
  }

  /** What the items of one batch change on one person; later items win. */
  private static final class Change {
    @Nullable String firstName;
    @Nullable String lastName;
    @Nullable Long company;
    @Nullable Map<String, @Nullable Object> attributes;

    void apply(Checked c, Map<String, Long> companies) {
      firstName = c.firstName() != null ? c.firstName() : firstName;
      lastName = c.lastName() != null ? c.lastName() : lastName;
      if (c.company() != null) {
        company = c.company();
      } else if (c.companyDomain() != null) {
        company = companies.get(c.companyDomain());
      }
      if (c.attributes() != null) {
        if (attributes == null) {
          attributes = new LinkedHashMap<>();
        }
        attributes.putAll(c.attributes());
      }
    }
  }

  /** The person with this id, or the person it was merged into. */
  public Person get(WorkspaceId ws, PersonId id) {
    return find(ws, id)
        .orElseThrow(() ->
            Problem.notFound(
                "timeline.person-not-found",
                "No person with id " + id.value() + " in this workspace."));
  }

  public Optional<Person> find(WorkspaceId ws, PersonId id) {
    return jdbc.sql(
            """
            select coalesce(merged_into, id) as survivor from person where workspace_id = ? and id = ?
            """)
        .params(ws.value(), id.value())
        .query((rs, n) -> rs.getLong("survivor"))
        .optional()
        .flatMap(survivor ->
            jdbc.sql("select * from person where workspace_id = ? and id = ?")
                .params(ws.value(), survivor)
                .query((rs, n) ->
                    new Row(
                        rs.getLong("id"),
                        rs.getString("email"),
                        rs.getString("first_name"),
                        rs.getString("last_name"),
                        Sql.nullableLong(rs, "company_id"),
                        rs.getString("attributes"),
                        Sql.instant(rs, "created_at"),
                        Sql.instant(rs, "updated_at")))
                .optional())
        .map(row -> toPerson(ws, row));
  }

  /** How a person is called: e-mail and name, as lists of many people show them. */
  public record Name(String email, @Nullable String firstName, @Nullable String lastName) {

    /** First and last name, or null when the person has neither. */
    public @Nullable String fullName() {
      String name =
          String.join(" ", firstName == null ? "" : firstName, lastName == null ? "" : lastName)
              .trim();
      return name.isEmpty() ? null : name;
    }
  }

  /**
   * The names of these people (of the workspace; unknown ids are left out), in one query per 1,000
   * — for lists, where {@link #find} per row would be a query or three each.
   */
  public java.util.Map<PersonId, Name> names(WorkspaceId ws, List<PersonId> ids) {
    var names = new java.util.HashMap<PersonId, Name>();
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> page =
          ids.subList(from, Math.min(ids.size(), from + 1000)).stream()
              .map(PersonId::value)
              .toList();
      var in = Sql.oneOf("id", "ids", "bigint", page);
      jdbc.sql(
              "select id, email, first_name, last_name from person where workspace_id = :ws and "
                  + in.sql())
          .param("ws", ws.value())
          .param("ids", in.parameter())
          .query(rs -> {
            names.put(
                new PersonId(rs.getLong("id")),
                new Name(
                    rs.getString("email"), rs.getString("first_name"), rs.getString("last_name")));
          });
    }
    return names;
  }

  public Optional<Person> findByEmail(WorkspaceId ws, String email) {
    return Emails.normalise(email)
        .flatMap(e ->
            jdbc.sql("select id from person where workspace_id = ? and email = ?")
                .params(ws.value(), e)
                .query(Long.class)
                .optional())
        .flatMap(id -> find(ws, new PersonId(id)));
  }

  public Optional<Person> findByKey(WorkspaceId ws, ExternalKey key) {
    return jdbc.sql(
            "select person_id from person_key where workspace_id = ? and source = ? and external_id = ?")
        .params(ws.value(), key.source(), key.id())
        .query(Long.class)
        .optional()
        .flatMap(id -> find(ws, new PersonId(id)));
  }

  /**
   * The people known under these ids of one external source, by id; ids no one has are absent. For
   * imports that created people by key and need them back in bulk.
   */
  public Map<String, PersonId> idsByKey(WorkspaceId ws, String source, List<String> ids) {
    var result = new HashMap<String, PersonId>();
    if (ids.isEmpty()) {
      return result;
    }
    // One statement whatever the number (an array), as identity resolution looks keys up: a
    // thousand parameters per statement cost PostgreSQL more to plan than to answer.
    var in = Sql.oneOf("external_id", "ids", "varchar", ids);
    jdbc.sql(
            "select external_id, person_id from person_key"
                + " where workspace_id = :ws and source = :source and "
                + in.sql())
        .param("ws", ws.value())
        .param("source", source)
        .param("ids", in.parameter())
        .query(rs -> {
          result.put(rs.getString(1), new PersonId(rs.getLong(2)));
        });
    return result;
  }

  /** People of one company, by id, a page at a time after {@code afterId}. */
  public List<Person> ofCompany(WorkspaceId ws, CompanyId company, long afterId, int limit) {
    return jdbc
        .sql(
            """
            select id from person where workspace_id = ? and company_id = ? and merged_into is null and id > ?
             order by id fetch first ? rows only
            """)
        .params(ws.value(), company.value(), afterId, limit)
        .query(Long.class)
        .list()
        .stream()
        .map(id -> get(ws, new PersonId(id)))
        .toList();
  }

  /**
   * Merges {@code merged} into {@code survivor}: its interactions and keys move over, it answers as
   * the survivor from now on, and the merge is recorded with its reason.
   */
  @Transactional
  public Person merge(WorkspaceId ws, PersonId survivor, PersonId merged, String reason) {
    Person keep = get(ws, survivor);
    Person gone = get(ws, merged);
    if (keep.id().equals(gone.id())) {
      throw Problem.conflict(
          "timeline.merge-with-self",
          "Person " + merged.value() + " is already person " + survivor.value() + ".");
    }
    // The merged person keeps its e-mail on its own row: mail to that address still finds the
    // survivor.
    identities.merge(
        ws,
        gone.id().value(),
        keep.id().value(),
        reason == null || reason.isBlank() ? "merged by request" : reason.trim());
    return get(ws, keep.id());
  }

  private Person toPerson(WorkspaceId ws, Row row) {
    List<ExternalKey> keys =
        jdbc.sql(
                "select source, external_id from person_key where person_id = ? order by source, external_id")
            .param(row.id)
            .query((rs, n) -> new ExternalKey(rs.getString(1), rs.getString(2)))
            .list();
    List<PersonId> mergedFrom =
        jdbc.sql(
                "select merged_id from person_merge where workspace_id = ? and survivor_id = ? order by id")
            .params(ws.value(), row.id)
            .query((rs, n) -> new PersonId(rs.getLong(1)))
            .list();
    return new Person(
        new PersonId(row.id),
        row.email,
        row.firstName,
        row.lastName,
        row.company == null ? null : new CompanyId(row.company),
        keys,
        json.readValue(row.attributes, MAP),
        mergedFrom,
        row.createdAt,
        row.updatedAt);
  }

  private record Row(
      long id,
      @Nullable String email,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable Long company,
      String attributes,
      java.time.Instant createdAt,
      java.time.Instant updatedAt) {}

  private static void checkName(@Nullable String name, String pointer, List<FieldError> errors) {
    if (name != null && name.trim().length() > 200) {
      errors.add(new FieldError(pointer, "is longer than 200 characters"));
    }
  }

  private static @Nullable String trim(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
