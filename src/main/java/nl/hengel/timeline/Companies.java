package nl.hengel.timeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Sql;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.internal.CompanyKeys;
import nl.hengel.timeline.internal.Emails;
import nl.hengel.timeline.internal.Identities;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Companies, identified by their internet domain, or by their key in another system (a CRM's
 * account name or id) for companies known there without a domain.
 */
@Service
public class Companies {

  /** The longest key of another system a company can be known by. */
  public static final int MAX_KEY = 200;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final Identities identities;
  private final CompanyKeys keys;
  private final Transactions transactions;
  private final JsonMapper json;
  private final Clock clock;
  private final org.springframework.context.ApplicationEventPublisher events;

  Companies(
      JdbcClient jdbc,
      Identities identities,
      CompanyKeys keys,
      Transactions transactions,
      JsonMapper json,
      Clock clock,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.jdbc = jdbc;
    this.identities = identities;
    this.keys = keys;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
  }

  /** What a caller may set on a company; attributes are merged, a null value removes one. */
  public record CompanyUpsert(
      @Nullable String domain, @Nullable String name, @Nullable Map<String, Object> attributes) {}

  /** Creates the company of this domain, or updates it. */
  public Company upsert(WorkspaceId ws, CompanyUpsert in) {
    var errors = new ArrayList<FieldError>();
    String domain =
        in.domain() == null
            ? null
            : Emails.normalise("x@" + in.domain().trim()).map(e -> e.substring(2)).orElse(null);
    if (domain == null) {
      errors.add(
          new FieldError(
              "/domain",
              in.domain() == null
                  ? "is required"
                  : "'" + in.domain() + "' is not an internet domain"));
    } else if (Emails.isFreeMail(domain)) {
      errors.add(new FieldError("/domain", domain + " is a free-mail domain, not a company's"));
    }
    if (in.name() != null && in.name().trim().length() > 300) {
      errors.add(new FieldError("/name", "is longer than 300 characters"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "timeline.invalid-company",
          "The company has " + errors.size() + " invalid field(s).",
          errors);
    }
    long id =
        transactions.retryingOnConflict(() -> {
          long company = identities.ensureCompanies(ws, List.of(domain)).get(domain);
          Map<String, Object> attributes =
              new LinkedHashMap<>(get(ws, new CompanyId(company)).attributes());
          if (in.attributes() != null) {
            in.attributes()
                .forEach((k, v) -> {
                  if (v == null) {
                    attributes.remove(k);
                  } else {
                    attributes.put(k, v);
                  }
                });
          }
          jdbc.sql(
                  "update company set name = coalesce(:name, name), attributes = :attributes, updated_at = :now where id = :id")
              .param("name", in.name() == null || in.name().isBlank() ? null : in.name().trim())
              .param("attributes", json.writeValueAsString(attributes))
              .param("now", Sql.ts(clock.instant()))
              .param("id", company)
              .update();
          events.publishEvent(new CompanyChanged(ws, new CompanyId(company)));
          return company;
        });
    return get(ws, new CompanyId(id));
  }

  public Company get(WorkspaceId ws, CompanyId id) {
    return find(ws, id)
        .orElseThrow(() ->
            Problem.notFound(
                "timeline.company-not-found",
                "No company with id " + id.value() + " in this workspace."));
  }

  public Optional<Company> find(WorkspaceId ws, CompanyId id) {
    return jdbc.sql("select * from company where workspace_id = ? and id = ?")
        .params(ws.value(), id.value())
        .query((rs, n) ->
            new Company(
                new CompanyId(rs.getLong("id")),
                rs.getString("domain"),
                rs.getString("name"),
                json.readValue(rs.getString("attributes"), MAP),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at")))
        .optional();
  }

  public Optional<Company> findByDomain(WorkspaceId ws, String domain) {
    return jdbc.sql("select id from company where workspace_id = ? and domain = ?")
        .params(ws.value(), domain.trim().toLowerCase(java.util.Locale.ROOT))
        .query(Long.class)
        .optional()
        .flatMap(id -> find(ws, new CompanyId(id)));
  }

  /**
   * The companies known under these keys of one source (a CRM's account names or ids), by key; keys
   * no company has are absent. One statement per thousand keys.
   */
  public Map<String, CompanyId> idsByKey(WorkspaceId ws, String source, Collection<String> keys) {
    var result = new HashMap<String, CompanyId>();
    this.keys
        .find(ws, checkSource(source), new HashSet<>(keys))
        .forEach((key, id) -> result.put(key, new CompanyId(id)));
    return result;
  }

  /**
   * The company of each of these keys of one source, creating the missing ones (named by their key,
   * without a domain) in one batch. Safe against a concurrent transaction creating the same keys:
   * its companies are used once it commits, and this one's are dropped. Keys are taken as given
   * (case and spaces count); a blank key, or one longer than {@value #MAX_KEY} characters, is
   * refused.
   */
  @Transactional
  public Map<String, CompanyId> ensureByKeys(
      WorkspaceId ws, String source, Collection<String> keys) {
    String system = checkSource(source);
    var errors = new ArrayList<FieldError>();
    for (String key : keys) {
      if (key == null || key.isBlank() || key.length() > MAX_KEY) {
        errors.add(
            new FieldError(
                "/keys/" + key, "a company key is 1-" + MAX_KEY + " characters, not blank"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "timeline.invalid-company-key", errors.size() + " company key(s) are invalid.", errors);
    }
    var wanted = new TreeSet<>(keys);
    Map<String, Long> found = this.keys.find(ws, system, wanted);
    List<String> missing = wanted.stream().filter(k -> !found.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      List<Long> created =
          this.keys.create(
              ws, missing.stream().map(k -> new CompanyKeys.NewCompany(null, k, "{}")).toList());
      var mine = new LinkedHashMap<String, Long>();
      for (int i = 0; i < missing.size(); i++) {
        mine.put(missing.get(i), created.get(i));
      }
      this.keys.attach(ws, system, mine, true);
      Map<String, Long> now = this.keys.find(ws, system, missing);
      var unused = new ArrayList<Long>();
      mine.forEach((key, id) -> {
        if (!id.equals(now.get(key))) {
          unused.add(id);
        }
      });
      // Keys a concurrent transaction attached first: its companies stand, ours go.
      this.keys.delete(ws, unused);
      found.putAll(now);
    }
    var result = new HashMap<String, CompanyId>();
    found.forEach((key, id) -> result.put(key, new CompanyId(id)));
    return result;
  }

  private static String checkSource(String source) {
    if (source == null || source.isBlank() || source.trim().length() > 100) {
      throw Problem.invalid(
          "timeline.invalid-company-key",
          "The source of a company key is 1-100 characters.",
          List.of(new FieldError("/source", "must be 1-100 characters")));
    }
    return source.trim();
  }
}
