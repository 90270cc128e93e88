package nl.hengel.timeline.internal;

import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.hengel.platform.BulkInsert;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Sql;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.ExternalKey;
import nl.hengel.timeline.PeopleChanged;
import nl.hengel.timeline.PersonId;
import nl.hengel.timeline.PersonRef;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Identity resolution for a whole batch of person references at once: finds people by id, by
 * normalised e-mail and by external key, creates the missing ones in bulk (with their company from
 * the e-mail domain, unless it is a free-mail domain), and merges a person first seen by key into
 * the person with the e-mail when a reference links the two. Must run inside a transaction. A
 * person or company by e-mail or domain that a concurrent transaction is creating is waited for and
 * then used; other races (external keys) surface as a duplicate-key failure, on which the caller
 * retries the whole transaction (see {@code Ingesting}).
 */
@Component
public class Identities {

  private static final List<BulkInsert.Column> PERSON_COLUMNS =
      List.of(
          new BulkInsert.Column("id", "bigint"),
          new BulkInsert.Column("workspace_id", "bigint"),
          new BulkInsert.Column("created_at", "timestamptz"),
          new BulkInsert.Column("updated_at", "timestamptz"));

  private static final List<BulkInsert.Column> KEY_COLUMNS =
      List.of(
          new BulkInsert.Column("workspace_id", "bigint"),
          new BulkInsert.Column("source", "varchar"),
          new BulkInsert.Column("external_id", "varchar"),
          new BulkInsert.Column("person_id", "bigint"),
          new BulkInsert.Column("created_at", "timestamptz"));

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final Dialect dialect;
  private final BulkInsert bulk;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  Identities(
      JdbcClient jdbc,
      JdbcTemplate template,
      Dialect dialect,
      BulkInsert bulk,
      Clock clock,
      ApplicationEventPublisher events) {
    this.bulk = bulk;
    this.events = events;
    this.jdbc = jdbc;
    this.template = template;
    this.dialect = dialect;
    this.clock = clock;
  }

  /** One resolution per reference, in the same order. References must be syntactically valid. */
  public List<Resolution> resolve(WorkspaceId ws, List<PersonRef> refs) {
    var ids = new LinkedHashSet<Long>();
    var emails = new TreeSet<String>();
    var keys = new TreeSet<ExternalKey>();
    // Each reference's normalised e-mail, worked out once and handed on (it costs, per reference).
    var emailOf = new ArrayList<Optional<String>>(refs.size());
    for (PersonRef ref : refs) {
      Optional<String> email = ref.id() != null ? Optional.empty() : email(ref);
      emailOf.add(email);
      if (ref.id() != null) {
        ids.add(ref.id());
      } else {
        email.ifPresent(emails::add);
        if (ref.externalKey() != null) {
          keys.add(ref.externalKey());
        }
      }
    }
    Map<Long, Long> survivors = survivorsOf(ws, ids);
    Map<String, Long> byEmail = findByEmail(ws, emails);
    Map<ExternalKey, Long> byKey = findByKey(ws, keys);

    // Create in bulk the people known only by an e-mail or only by a key that nobody has yet.
    var newEmails = new TreeSet<String>();
    var newKeys = new TreeSet<ExternalKey>();
    for (int i = 0; i < refs.size(); i++) {
      PersonRef ref = refs.get(i);
      if (ref.id() != null) {
        continue;
      }
      Optional<String> email = emailOf.get(i);
      if (email.isPresent() && ref.externalKey() == null && !byEmail.containsKey(email.get())) {
        newEmails.add(email.get());
      } else if (email.isEmpty()
          && ref.externalKey() != null
          && !byKey.containsKey(ref.externalKey())) {
        newKeys.add(ref.externalKey());
      }
    }
    byEmail.putAll(createWithEmails(ws, newEmails));
    byKey.putAll(createWithKeys(ws, newKeys));

    var results = new ArrayList<Resolution>(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      results.add(resolveOne(ws, refs.get(i), emailOf.get(i), survivors, byEmail, byKey));
    }
    return results;
  }

  private Resolution resolveOne(
      WorkspaceId ws,
      PersonRef ref,
      Optional<String> email,
      Map<Long, Long> survivors,
      Map<String, Long> byEmail,
      Map<ExternalKey, Long> byKey) {
    if (ref.id() != null) {
      Long survivor = survivors.get(ref.id());
      return survivor == null
          ? new Resolution.Failed(
              "timeline.person-not-found",
              "id",
              "no person with id " + ref.id() + " in this workspace")
          : new Resolution.Found(new PersonId(survivor));
    }
    ExternalKey key = ref.externalKey();
    if (key == null) {
      return new Resolution.Found(new PersonId(byEmail.get(email.orElseThrow())));
    }
    if (email.isEmpty()) {
      return new Resolution.Found(new PersonId(byKey.get(key)));
    }
    // Both an e-mail and a key: they must end up on one person.
    Long withEmail = byEmail.get(email.get());
    Long withKey = byKey.get(key);
    if (withEmail == null && withKey == null) {
      long created = createWithEmails(ws, new TreeSet<>(Set.of(email.get()))).get(email.get());
      attachKey(ws, key, created);
      byEmail.put(email.get(), created);
      byKey.put(key, created);
      return new Resolution.Found(new PersonId(created));
    }
    if (withKey == null) {
      attachKey(ws, key, withEmail);
      byKey.put(key, withEmail);
      return new Resolution.Found(new PersonId(withEmail));
    }
    if (withEmail != null && withEmail.equals(withKey)) {
      return new Resolution.Found(new PersonId(withEmail));
    }
    String keyPersonEmail = emailOf(withKey);
    if (keyPersonEmail != null) {
      return new Resolution.Failed(
          "timeline.identity-conflict",
          "email",
          "key "
              + key.source()
              + "/"
              + key.id()
              + " belongs to the person with e-mail "
              + keyPersonEmail
              + ", not to "
              + email.get());
    }
    if (withEmail == null) {
      // First seen by key, now by e-mail too: the same person, who now has an e-mail.
      giveEmail(ws, withKey, email.get());
      byEmail.put(email.get(), withKey);
      return new Resolution.Found(new PersonId(withKey));
    }
    merge(
        ws,
        withKey,
        withEmail,
        "key "
            + key.source()
            + "/"
            + key.id()
            + " and e-mail "
            + email.get()
            + " arrived together");
    byKey.put(key, withEmail);
    return new Resolution.Found(new PersonId(withEmail));
  }

  /** Moves everything of {@code merged} onto {@code survivor} and records the merge. */
  public void merge(WorkspaceId ws, long merged, long survivor, String reason) {
    var now = Sql.ts(clock.instant());
    int interactions =
        jdbc.sql("update interaction set person_id = ? where person_id = ? and workspace_id = ?")
            .params(survivor, merged, ws.value())
            .update();
    int keys =
        jdbc.sql("update person_key set person_id = ? where person_id = ? and workspace_id = ?")
            .params(survivor, merged, ws.value())
            .update();
    jdbc.sql(
            """
            update person set
              first_name = coalesce(first_name, (select p.first_name from person p where p.id = :merged)),
              last_name  = coalesce(last_name,  (select p.last_name  from person p where p.id = :merged)),
              company_id = coalesce(company_id, (select p.company_id from person p where p.id = :merged)),
              updated_at = :now
             where id = :survivor
            """)
        .param("merged", merged)
        .param("survivor", survivor)
        .param("now", now)
        .update();
    jdbc.sql("update person set merged_into = ?, updated_at = ? where merged_into = ?")
        .params(survivor, now, merged)
        .update();
    jdbc.sql("update person set merged_into = ?, updated_at = ? where id = ?")
        .params(survivor, now, merged)
        .update();
    jdbc.sql(
            """
            insert into person_merge (workspace_id, survivor_id, merged_id, reason, interactions_moved, keys_moved, merged_at)
            values (?, ?, ?, ?, ?, ?, ?)
            """)
        .params(ws.value(), survivor, merged, reason, interactions, keys, now)
        .update();
    events.publishEvent(new PeopleChanged(ws, Set.of(new PersonId(survivor))));
  }

  // Lookups of many values are one statement each, whatever the number of values (Sql.oneOf).

  private Map<Long, Long> survivorsOf(WorkspaceId ws, Collection<Long> ids) {
    var result = new HashMap<Long, Long>();
    if (ids.isEmpty()) {
      return result;
    }
    Sql.OneOf id = Sql.oneOf("id", "ids", "bigint", ids);
    jdbc.sql("select id, merged_into from person where workspace_id = :ws and " + id.sql())
        .param("ws", ws.value())
        .param("ids", id.parameter())
        .query(rs -> {
          long person = rs.getLong("id");
          long mergedInto = rs.getLong("merged_into");
          // wasNull() speaks of the column read last: merged_into.
          result.put(person, rs.wasNull() ? person : mergedInto);
        });
    return result;
  }

  private Map<String, Long> findByEmail(WorkspaceId ws, Collection<String> emails) {
    var result = new HashMap<String, Long>();
    if (emails.isEmpty()) {
      return result;
    }
    Sql.OneOf email = Sql.oneOf("email", "emails", "varchar", emails);
    jdbc.sql(
            "select coalesce(merged_into, id) as id, email from person where workspace_id = :ws and "
                + email.sql())
        .param("ws", ws.value())
        .param("emails", email.parameter())
        .query(rs -> {
          result.put(rs.getString("email"), rs.getLong("id"));
        });
    return result;
  }

  private Map<ExternalKey, Long> findByKey(WorkspaceId ws, Collection<ExternalKey> keys) {
    var result = new HashMap<ExternalKey, Long>();
    var bySource = new TreeMap<String, List<String>>();
    keys.forEach(k -> bySource.computeIfAbsent(k.source(), s -> new ArrayList<>()).add(k.id()));
    bySource.forEach((source, externalIds) -> {
      Sql.OneOf externalId = Sql.oneOf("external_id", "ids", "varchar", externalIds);
      jdbc.sql(
              "select external_id, person_id from person_key where workspace_id = :ws and source = :source and "
                  + externalId.sql())
          .param("ws", ws.value())
          .param("source", source)
          .param("ids", externalId.parameter())
          .query(rs -> {
            result.put(
                new ExternalKey(source, rs.getString("external_id")), rs.getLong("person_id"));
          });
    });
    return result;
  }

  private @Nullable String emailOf(long person) {
    return jdbc.sql("select email from person where id = ?")
        .param(person)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private Map<String, Long> createWithEmails(WorkspaceId ws, Collection<String> emails) {
    if (emails.isEmpty()) {
      return Map.of();
    }
    var domains = new TreeSet<String>();
    emails.forEach(e -> Emails.companyDomain(e).ifPresent(domains::add));
    Map<String, Long> companies = ensureCompanies(ws, domains);
    List<Long> ids = nextIds("person_seq", emails.size());
    var now = Sql.ts(clock.instant());
    var rows = new ArrayList<Object[]>(emails.size());
    var result = new HashMap<String, Long>();
    int i = 0;
    for (String email : emails) {
      long id = ids.get(i++);
      Long company = Emails.companyDomain(email).map(companies::get).orElse(null);
      rows.add(new Object[] {id, ws.value(), email, company, now, now});
      result.put(email, id);
    }
    // A concurrent transaction may be creating some of the same people: the insert waits for it
    // and,
    // once it committed, skips those rows, which are then found like any existing person. Raising a
    // duplicate key instead would roll back and redo the whole batch, over and over under load.
    int[] counts =
        template.batchUpdate(
            """
            insert into person (id, workspace_id, email, company_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
            on conflict do nothing
            """,
            rows,
            new int[] {
              Types.BIGINT,
              Types.BIGINT,
              Types.VARCHAR,
              Types.BIGINT,
              Types.TIMESTAMP_WITH_TIMEZONE,
              Types.TIMESTAMP_WITH_TIMEZONE
            });
    var taken = new ArrayList<String>();
    for (int j = 0; j < counts.length; j++) {
      if (counts[j] != 1) {
        taken.add((String) rows.get(j)[2]);
      }
    }
    if (!taken.isEmpty()) {
      // Statement.SUCCESS_NO_INFO lands here too: the lookup finds the row whoever inserted it.
      taken.forEach(result::remove);
      result.putAll(findByEmail(ws, taken));
    }
    return result;
  }

  private Map<ExternalKey, Long> createWithKeys(WorkspaceId ws, Collection<ExternalKey> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<Long> ids = nextIds("person_seq", keys.size());
    var now = Sql.ts(clock.instant());
    var people = new ArrayList<Object[]>(keys.size());
    var keyRows = new ArrayList<Object[]>(keys.size());
    var result = new HashMap<ExternalKey, Long>();
    int i = 0;
    for (ExternalKey key : keys) {
      long id = ids.get(i++);
      people.add(new Object[] {id, ws.value(), now, now});
      keyRows.add(new Object[] {ws.value(), key.source(), key.id(), id, now});
      result.put(key, id);
    }
    // Arrays on PostgreSQL (BulkInsert): an import creates 100,000 people by key in one go.
    bulk.insert("person", PERSON_COLUMNS, people);
    bulk.insert("person_key", KEY_COLUMNS, keyRows);
    return result;
  }

  /** The company id of each domain, creating the companies that do not exist yet. */
  public Map<String, Long> ensureCompanies(WorkspaceId ws, Collection<String> domains) {
    var result = new HashMap<String, Long>();
    if (domains.isEmpty()) {
      return result;
    }
    findCompanies(ws, domains, result);
    var missing = domains.stream().filter(d -> !result.containsKey(d)).sorted().toList();
    if (!missing.isEmpty()) {
      OffsetDateTime now = Sql.ts(clock.instant());
      // Skips a domain a concurrent transaction created meanwhile; the lookup below finds it.
      template.batchUpdate(
          "insert into company (workspace_id, domain, name, created_at, updated_at) values (?, ?, ?, ?, ?) on conflict do nothing",
          missing.stream().map(d -> new Object[] {ws.value(), d, d, now, now}).toList(),
          new int[] {
            Types.BIGINT,
            Types.VARCHAR,
            Types.VARCHAR,
            Types.TIMESTAMP_WITH_TIMEZONE,
            Types.TIMESTAMP_WITH_TIMEZONE
          });
      findCompanies(ws, missing, result);
    }
    return result;
  }

  private void findCompanies(WorkspaceId ws, Collection<String> domains, Map<String, Long> into) {
    Sql.OneOf domain = Sql.oneOf("domain", "domains", "varchar", domains);
    jdbc.sql("select id, domain from company where workspace_id = :ws and " + domain.sql())
        .param("ws", ws.value())
        .param("domains", domain.parameter())
        .query(rs -> {
          into.put(rs.getString("domain"), rs.getLong("id"));
        });
  }

  private void attachKey(WorkspaceId ws, ExternalKey key, long person) {
    jdbc.sql(
            "insert into person_key (workspace_id, source, external_id, person_id, created_at) values (?, ?, ?, ?, ?)")
        .params(ws.value(), key.source(), key.id(), person, Sql.ts(clock.instant()))
        .update();
  }

  private void giveEmail(WorkspaceId ws, long person, String email) {
    Long company =
        Emails.companyDomain(email).map(d -> ensureCompanies(ws, List.of(d)).get(d)).orElse(null);
    jdbc.sql(
            "update person set email = ?, company_id = coalesce(company_id, ?), updated_at = ? where id = ?")
        .params(email, company, Sql.ts(clock.instant()), person)
        .update();
  }

  /** {@code n} fresh values of a sequence. */
  public List<Long> nextIds(String sequence, int n) {
    return jdbc.sql(dialect.nextValues(sequence)).param(n).query(Long.class).list();
  }

  private static Optional<String> email(PersonRef ref) {
    return ref.email() == null ? Optional.empty() : Emails.normalise(ref.email());
  }
}
