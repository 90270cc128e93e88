package nl.hengel.timeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.CsvImports.Options;
import nl.hengel.timeline.CsvImports.Outcome;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.internal.AccountFile;
import nl.hengel.timeline.internal.AccountFile.Account;
import nl.hengel.timeline.internal.CompanyKeys;
import nl.hengel.timeline.internal.CsvMapping;
import nl.hengel.timeline.internal.CsvMapping.Kind;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a CRM's accounts, one row per account, as companies known by their key in that CRM (table
 * {@code company_key}, under the source, {@code crm} by default): the account's name is a key, and
 * its id too where the file has one (then the id is what identifies it, so a renamed account stays
 * the same company). A row's attributes are merged into the company's (an empty cell changes
 * nothing); {@code employees} and {@code revenue} are stored as numbers, as fit rules read them. An
 * account whose domain a company already has becomes that company. The whole file is checked first,
 * against itself and the database; with any error nothing is written, else all of it is written in
 * one transaction. Importing the same file again changes nothing and says so.
 */
@Service
public class AccountImports {

  /** The fields of an accounts import, besides {@code attr.NAME}. */
  public static final String FIELDS = "name, id, domain, parent, source";

  /** The fields that only a constant fills. */
  public static final String CONSTANTS = "source";

  /** The source when none is set: the keys are a CRM's. */
  public static final String DEFAULT_SOURCE = "crm";

  /** The attribute the parent account's key is stored under. */
  public static final String PARENT = "parent";

  /** The longest account name or id. */
  public static final int MAX_KEY = Companies.MAX_KEY;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CompanyKeys keys;
  private final Transactions transactions;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;

  AccountImports(
      CompanyKeys keys,
      Transactions transactions,
      JsonMapper json,
      ApplicationEventPublisher events) {
    this.keys = keys;
    this.transactions = transactions;
    this.json = json;
    this.events = events;
  }

  /**
   * What an accounts import read and did (in a dry run: would do).
   *
   * @param source the system the keys belong to
   * @param rowsRead data rows read
   * @param accounts different accounts among them
   * @param created companies created
   * @param updated companies whose name, domain, attributes or keys changed
   * @param unchanged companies that already were as the file says
   * @param mapping what fills each field, e.g. {@code name: column 'account'}
   * @param errors the row errors, at most {@value CsvImports#MAX_ERRORS}, in line order; any error
   *     means nothing was written
   */
  public record Report(
      Outcome outcome,
      String source,
      long rowsRead,
      long accounts,
      long created,
      long updated,
      long unchanged,
      Map<String, String> mapping,
      List<String> ignoredColumns,
      List<RowError> errors,
      long errorsNotListed) {

    /** True when no row had an error. */
    public boolean clean() {
      return errors.isEmpty();
    }
  }

  /** Imports the accounts of a CSV file; see the class comment. */
  public Report run(WorkspaceId ws, Path file, Options options) {
    if (options.onError() != CsvImports.OnError.ABORT) {
      throw invalidOption("onError", "an accounts import writes every row or none (abort)");
    }
    if (options.mapping().containsKey(CsvMapping.ATTRIBUTE + PARENT)) {
      throw invalidOption(
          "map " + CsvMapping.ATTRIBUTE + PARENT,
          "the parent's key is stored as attribute parent; map it as parent=HEADER");
    }
    var constants = new LinkedHashMap<>(options.constants());
    constants.putIfAbsent("source", DEFAULT_SOURCE);
    String source = constants.get("source").trim();
    if (source.isEmpty() || source.length() > 100) {
      throw invalidOption("set source", "must be 1-100 characters");
    }
    CsvMapping.checkOptions(Kind.ACCOUNTS, options.mapping(), constants);

    var errors = new ArrayList<RowError>();
    var rows = new ArrayList<Account>();
    var references = new ArrayList<AccountFile.Reference>();
    long rowsRead = 0;
    CsvMapping mapping;
    try (CsvFile csv = CsvFile.open(file, options.delimiter())) {
      mapping = CsvMapping.of(Kind.ACCOUNTS, csv.header(), options.mapping(), constants);
      for (CsvFile.Row row; (row = csv.next()) != null; ) {
        rowsRead++;
        Account account = AccountFile.read(row, mapping, errors);
        if (account != null) {
          rows.add(account);
        }
        AccountFile.Reference reference = AccountFile.reference(row, mapping);
        if (reference != null) {
          references.add(reference);
        }
      }
    }
    List<Account> accounts = AccountFile.distinct(rows, mapping, errors);
    long read = rowsRead;
    CsvMapping m = mapping;
    return transactions.retryingOnConflict(
        () -> apply(ws, source, accounts, references, read, m, errors, options.dryRun()));
  }

  /** A company an account becomes: existing (id) or new, with what to write. */
  private record Plan(
      Account account,
      @Nullable Long company,
      String name,
      @Nullable String domain,
      Map<String, Object> attributes,
      List<String> newKeys,
      boolean changed) {}

  private Report apply(
      WorkspaceId ws,
      String source,
      List<Account> accounts,
      List<AccountFile.Reference> references,
      long rowsRead,
      CsvMapping m,
      List<RowError> fileErrors,
      boolean dryRun) {
    var errors = new ArrayList<>(fileErrors);
    var wanted = new HashSet<String>();
    accounts.forEach(a -> wanted.addAll(a.keys()));
    references.forEach(r -> {
      if (r.parent() != null) {
        wanted.add(r.parent());
      }
    });
    Map<String, Long> known = keys.find(ws, source, wanted);
    AccountFile.checkParents(references, known.keySet(), source, m, errors);
    Map<String, Long> byDomain =
        keys.byDomain(ws, accounts.stream().map(Account::domain).filter(Objects::nonNull).toList());

    // Which company each account is: the one its keys or its domain name, when they agree.
    var targets = new LinkedHashMap<Account, Long>();
    var takenBy = new HashMap<Long, Account>();
    for (Account a : accounts) {
      var found = new LinkedHashMap<String, Long>();
      for (String key : a.keys()) {
        Long company = known.get(key);
        if (company != null) {
          found.put((key.equals(a.id()) ? "id '" : "name '") + key + "'", company);
        }
      }
      if (a.domain() != null && byDomain.containsKey(a.domain())) {
        found.put("domain " + a.domain(), byDomain.get(a.domain()));
      }
      Set<Long> companies = new HashSet<>(found.values());
      if (companies.size() > 1) {
        errors.add(
            new RowError(
                a.line(),
                m.column(a.id() != null ? "id" : "name"),
                a.id() != null ? "id" : "name",
                "the account's keys and domain belong to different companies: "
                    + found.entrySet().stream()
                        .map(e -> e.getKey() + " to company " + e.getValue())
                        .collect(Collectors.joining(", "))));
        continue;
      }
      if (companies.isEmpty()) {
        continue;
      }
      long company = companies.iterator().next();
      Account other = takenBy.putIfAbsent(company, a);
      if (other != null) {
        errors.add(
            new RowError(
                a.line(),
                m.column("name"),
                "name",
                "account '"
                    + a.key()
                    + "' is the same company ("
                    + company
                    + ") as account '"
                    + other.key()
                    + "' on line "
                    + other.line()
                    + ", by "
                    + String.join(" and ", found.keySet())));
        continue;
      }
      targets.put(a, company);
    }
    Map<Long, CompanyKeys.Stored> stored = keys.companies(ws, targets.values());

    var plans = new ArrayList<Plan>();
    for (Account a : accounts) {
      Long company = targets.get(a);
      List<String> newKeys = a.keys().stream().filter(k -> !known.containsKey(k)).toList();
      if (company == null) {
        plans.add(new Plan(a, null, a.name(), a.domain(), a.stored(), newKeys, true));
        continue;
      }
      CompanyKeys.Stored now = stored.get(company);
      if (a.domain() != null && now.domain() != null && !a.domain().equals(now.domain())) {
        errors.add(
            new RowError(
                a.line(),
                m.column("domain"),
                "domain",
                "company "
                    + company
                    + " of account '"
                    + a.key()
                    + "' has domain "
                    + now.domain()
                    + ", not "
                    + a.domain()));
        continue;
      }
      Map<String, Object> before = json.readValue(now.attributes(), MAP);
      var after = new LinkedHashMap<String, Object>(before);
      after.putAll(a.stored());
      String domain = a.domain() != null ? a.domain() : now.domain();
      boolean changed =
          !a.name().equals(now.name())
              || !Objects.equals(domain, now.domain())
              || !canonical(after).equals(canonical(before))
              || !newKeys.isEmpty();
      plans.add(new Plan(a, company, a.name(), domain, after, newKeys, changed));
    }

    long created = plans.stream().filter(p -> p.company() == null).count();
    long updated = plans.stream().filter(p -> p.company() != null && p.changed()).count();
    long unchanged = plans.stream().filter(p -> !p.changed()).count();
    if (!errors.isEmpty()) {
      return report(Outcome.REFUSED, source, rowsRead, accounts, 0, 0, 0, m, errors);
    }
    if (dryRun) {
      return report(
          Outcome.DRY_RUN, source, rowsRead, accounts, created, updated, unchanged, m, errors);
    }
    write(ws, source, plans);
    return report(
        Outcome.IMPORTED, source, rowsRead, accounts, created, updated, unchanged, m, errors);
  }

  private void write(WorkspaceId ws, String source, List<Plan> plans) {
    List<Plan> fresh = plans.stream().filter(p -> p.company() == null).toList();
    List<Long> ids =
        keys.create(
            ws,
            fresh.stream()
                .map(p ->
                    new CompanyKeys.NewCompany(
                        p.domain(), p.name(), json.writeValueAsString(p.attributes())))
                .toList());
    var newKeys = new TreeMap<String, Long>();
    for (int i = 0; i < fresh.size(); i++) {
      long id = ids.get(i);
      fresh.get(i).newKeys().forEach(k -> newKeys.put(k, id));
    }
    var changes = new ArrayList<CompanyKeys.Change>();
    for (Plan p : plans) {
      if (p.company() != null && p.changed()) {
        p.newKeys().forEach(k -> newKeys.put(k, p.company()));
        changes.add(
            new CompanyKeys.Change(
                p.company(), p.name(), p.domain(), json.writeValueAsString(p.attributes())));
      }
    }
    // A key a concurrent import attached meanwhile fails the batch; the transaction is retried
    // and then finds that key's company.
    keys.attach(ws, source, newKeys, false);
    keys.update(ws, changes);
    List<Long> people = keys.peopleOf(ws, changes.stream().map(CompanyKeys.Change::id).toList());
    if (!people.isEmpty()) {
      events.publishEvent(
          new PeopleChanged(
              ws, people.stream().map(PersonId::new).collect(Collectors.toUnmodifiableSet())));
    }
  }

  private String canonical(Map<String, Object> attributes) {
    return json.writeValueAsString(new TreeMap<>(attributes));
  }

  private static Report report(
      Outcome outcome,
      String source,
      long rowsRead,
      List<Account> accounts,
      long created,
      long updated,
      long unchanged,
      CsvMapping m,
      List<RowError> errors) {
    List<RowError> sorted =
        errors.stream().sorted(Comparator.comparingLong(RowError::line)).toList();
    List<RowError> listed = sorted.subList(0, Math.min(sorted.size(), CsvImports.MAX_ERRORS));
    return new Report(
        outcome,
        source,
        rowsRead,
        accounts.size(),
        created,
        updated,
        unchanged,
        m.describe(),
        m.ignoredColumns(),
        List.copyOf(listed),
        sorted.size() - listed.size());
  }

  private static Problem invalidOption(String option, String message) {
    return new Problem(
        HttpStatus.BAD_REQUEST,
        "timeline.csv-invalid-option",
        option + ": " + message,
        List.of(new FieldError(option, message)));
  }
}
