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
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Companies, identified by their internet domain. */
@Service
public class Companies {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final Identities identities;
  private final Transactions transactions;
  private final JsonMapper json;
  private final Clock clock;
  private final org.springframework.context.ApplicationEventPublisher events;

  Companies(
      JdbcClient jdbc,
      Identities identities,
      Transactions transactions,
      JsonMapper json,
      Clock clock,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.jdbc = jdbc;
    this.identities = identities;
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
}
