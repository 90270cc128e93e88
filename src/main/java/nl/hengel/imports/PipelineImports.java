package nl.hengel.imports;

import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.access.Teams;
import nl.hengel.access.Workspaces;
import nl.hengel.imports.internal.Opportunities;
import nl.hengel.imports.internal.Opportunities.Opportunity;
import nl.hengel.imports.internal.PipelineColumns;
import nl.hengel.lifecycle.LeadHistories;
import nl.hengel.lifecycle.Owner;
import nl.hengel.lifecycle.PastLead;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.ExternalKey;
import nl.hengel.timeline.People;
import nl.hengel.timeline.People.PersonUpsert;
import nl.hengel.timeline.People.UpsertOutcome;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a CRM's pipeline in as dated history: one generic import of an export as the CRM writes
 * it, one row per opportunity or one row per stage change (see {@link Opportunities}), with column
 * mapping, constants, a stage value mapping and a zone for zone-less dates. Each opportunity is a
 * person keyed by the CRM's id (and e-mail, where the file has one); its stages are recorded as a
 * past at the times the file gives, implied ones marked, by the importing admin on behalf of the
 * owners the file names; its deal value on the lead. Nothing needs a lead definition in force:
 * history is a fact about the past. All or nothing: any fault of any row, or a stage the lead's
 * recorded history contradicts, and nothing is written. Importing the same file again changes
 * nothing; a newer export of the same CRM applies only what is new (see {@link LeadHistories}).
 */
@Service
public class PipelineImports {

  /** The most row errors a refusal lists; it counts the rest. */
  public static final int MAX_ERRORS = 1_000;

  private static final int BATCH = 5_000;

  private final Members members;
  private final Teams teams;
  private final Workspaces workspaces;
  private final People people;
  private final LeadHistories histories;
  private final TransactionTemplate transactions;
  private final JdbcTemplate jdbc;
  private final Dialect dialect;

  PipelineImports(
      Members members,
      Teams teams,
      Workspaces workspaces,
      People people,
      LeadHistories histories,
      TransactionTemplate transactions,
      JdbcTemplate jdbc,
      Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.members = members;
    this.teams = teams;
    this.workspaces = workspaces;
    this.people = people;
    this.histories = histories;
    this.transactions = transactions;
  }

  /**
   * One fault of one row.
   *
   * @param line the physical line the row starts on; the header is line 1
   * @param column the header of the column at fault, or null for a constant or the row as a whole
   */
  public record RowError(long line, @Nullable String column, String field, String message) {}

  /** How an import ended; only {@code IMPORTED} wrote anything. */
  public enum Outcome {
    IMPORTED,
    DRY_RUN,
    REFUSED;

    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * What an import read and wrote (or, in a dry run, would write).
   *
   * @param zone the zone date-only and zone-less values were read in
   * @param zoneGiven false when no zone was named, so UTC was used
   * @param mapping what fills each field: {@code column 'x'} or {@code = value}
   * @param leads what became of the leads' histories; null when the file was refused before
   */
  public record Report(
      String file,
      Outcome outcome,
      long rows,
      long opportunities,
      String zone,
      boolean zoneGiven,
      Map<String, String> mapping,
      List<String> ignoredColumns,
      long peopleCreated,
      long peopleKnown,
      int ownersKnown,
      int ownersCreated,
      LeadHistories.@Nullable Outcome leads,
      List<RowError> errors,
      long errorsNotListed,
      List<Quirk> quirks) {}

  /** Imports a file as the caller, an admin; see the class comment. */
  public Report importFile(Caller caller, Path file, PipelineOptions options) {
    return run(
        admin(caller),
        actor(caller, options),
        file.getFileName().toString(),
        () -> CsvFile.open(file, options.delimiter()),
        options);
  }

  /** Imports UTF-8 bytes as they arrive (a request body) as the caller, an admin. */
  public Report importStream(Caller caller, String name, InputStream csv, PipelineOptions options) {
    return run(
        admin(caller),
        actor(caller, options),
        name,
        () -> CsvFile.open(csv, options.delimiter()),
        options);
  }

  /**
   * Imports a file a preset wrote for this import (the Olist funnel), as the installation's
   * operator: {@code actor} is recorded on every step.
   */
  public Report importPreset(
      WorkspaceId ws, String actor, String name, Reader csv, PipelineOptions options) {
    return run(ws, actor, name, () -> CsvFile.of(csv, options.delimiter()), options);
  }

  private static WorkspaceId admin(Caller caller) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden(
          "access.forbidden",
          "Only an admin imports a pipeline: it records history on behalf of every owner in it.");
    }
    return caller.workspace();
  }

  private static String actor(Caller caller, PipelineOptions options) {
    return "import:" + options.source() + " by " + caller.email();
  }

  private Report run(
      WorkspaceId ws,
      String actor,
      String name,
      Supplier<CsvFile> source,
      PipelineOptions options) {
    return transactions.execute(status ->
        dialect.planningEachStatement(
            jdbc,
            () -> {
              Run run = new Run(ws, actor, name, options);
              try (CsvFile csv = source.get()) {
                run.read(csv);
              }
              Report report = run.write();
              if (report.outcome() != Outcome.IMPORTED) {
                status.setRollbackOnly();
              }
              return report;
            }));
  }

  /** One import while it runs. */
  private final class Run {
    private final WorkspaceId ws;
    private final String actor;
    private final String name;
    private final PipelineOptions options;
    private final List<RowError> errors = new ArrayList<>();
    private long errorsNotListed;
    private long rows;
    private @Nullable PipelineColumns columns;
    private @Nullable Opportunities read;

    Run(WorkspaceId ws, String actor, String name, PipelineOptions options) {
      this.ws = ws;
      this.actor = actor;
      this.name = name;
      this.options = options;
    }

    void read(CsvFile csv) {
      columns = PipelineColumns.of(csv.header(), options.mapping(), options.constants());
      read =
          new Opportunities(
              columns,
              options::stage,
              options.zone(),
              options.dateFormat(),
              columns.has("at"),
              columns.attributeNames());
      for (CsvFile.Row row; (row = csv.next()) != null; ) {
        rows++;
        if (row.cells().size() != columns.width()) {
          error(
              new RowError(
                  row.line(),
                  null,
                  "row",
                  "has "
                      + row.cells().size()
                      + " cells where the header has "
                      + columns.width()
                      + " (a missing or extra delimiter, or an unquoted one inside a value?)"));
          continue;
        }
        read.row(row.line(), row.cells());
      }
    }

    private void error(RowError e) {
      if (errors.size() < MAX_ERRORS) {
        errors.add(e);
      } else {
        errorsNotListed++;
      }
    }

    private void fault(long line, String field, String message) {
      error(new RowError(line, columns.header(field), field, message));
    }

    Report write() {
      List<Opportunity> opportunities = read.opportunities();
      read.faults().forEach(f -> fault(f.line(), f.field(), f.message()));
      if (!errors.isEmpty()) {
        return report(Outcome.REFUSED, opportunities.size(), 0, 0, 0, 0, null);
      }
      Owners owners = owners(ws, opportunities);
      if (!errors.isEmpty()) {
        return report(Outcome.REFUSED, opportunities.size(), 0, 0, 0, 0, null);
      }
      // People in batches, each opportunity found or created by its key (and e-mail).
      var ids = new HashMap<String, PersonId>();
      long created = 0;
      long known = 0;
      for (int from = 0; from < opportunities.size(); from += BATCH) {
        List<Opportunity> batch =
            opportunities.subList(from, Math.min(opportunities.size(), from + BATCH));
        Map<String, PersonId> before =
            people.idsByKey(ws, options.source(), batch.stream().map(Opportunity::id).toList());
        List<UpsertOutcome> outcomes =
            people.upsertAll(ws, batch.stream().map(this::person).toList());
        for (UpsertOutcome outcome : outcomes) {
          Opportunity o = batch.get(outcome.index());
          switch (outcome) {
            case UpsertOutcome.Upserted u -> {
              ids.put(o.id(), u.person());
              if (before.containsKey(o.id())) {
                known++;
              } else {
                created++;
              }
            }
            case UpsertOutcome.Rejected r ->
                r.errors()
                    .forEach(e ->
                        fault(
                            o.lines().getFirst(),
                            e.pointer().contains("email") ? "email" : "id",
                            e.message()));
          }
        }
      }
      if (!errors.isEmpty()) {
        return report(Outcome.REFUSED, opportunities.size(), created, known, 0, 0, null);
      }
      var pasts = new ArrayList<PastLead>(opportunities.size());
      var byPerson = new HashMap<PersonId, Opportunity>();
      for (Opportunity o : opportunities) {
        PersonId person = ids.get(o.id());
        byPerson.put(person, o);
        pasts.add(past(person, o, owners));
      }
      LeadHistories.Outcome leads = histories.record(ws, pasts);
      for (LeadHistories.Refusal refusal : leads.refused()) {
        Opportunity o = byPerson.get(refusal.person());
        fault(
            o.lines().getLast(),
            "stage",
            "opportunity " + o.id() + " contradicts what is recorded: " + refusal.reason());
      }
      errors.sort(java.util.Comparator.comparingLong(RowError::line));
      Outcome outcome =
          !errors.isEmpty()
              ? Outcome.REFUSED
              : options.dryRun() ? Outcome.DRY_RUN : Outcome.IMPORTED;
      return report(
          outcome, opportunities.size(), created, known, owners.known(), owners.created(), leads);
    }

    private PersonUpsert person(Opportunity o) {
      return new PersonUpsert(
          o.email(),
          new ExternalKey(options.source(), o.id()),
          o.firstName(),
          o.lastName(),
          null,
          o.attributes().isEmpty() ? null : o.attributes());
    }

    private PastLead past(PersonId person, Opportunity o, Owners owners) {
      var steps = new ArrayList<PastLead.Step>(o.steps().size());
      for (Opportunities.Step s : o.steps()) {
        String comment =
            name
                + " line "
                + s.line()
                + (s.implied() ? ": implied, the file does not date " + s.stage().key() : "")
                + (s.comment() == null ? "" : ": " + s.comment());
        if (comment.length() > 2000) {
          comment = comment.substring(0, 2000);
        }
        steps.add(
            new PastLead.Step(s.stage(), s.at(), actor, s.reason(), comment, null, s.implied()));
      }
      Member owner = o.owner() == null ? null : owners.members().get(o.owner());
      PastLead.Deal deal = null;
      if (o.amount() != null) {
        int digits = Math.max(0, Currency.getInstance(o.currency()).getDefaultFractionDigits());
        deal = new PastLead.Deal(o.amount().movePointRight(digits).longValueExact(), o.currency());
      }
      return new PastLead(
          person,
          steps,
          o.leadSource(),
          o.campaign(),
          o.newSince(),
          owner == null ? null : new Owner(owner.id(), owner.email()),
          owner == null ? null : owners.teams().get(owner.id().value()),
          deal);
    }

    /**
     * The members the file's owners name: by e-mail, or by display name ignoring case; a name that
     * is no member is a fault, or with {@code createOwners} a new sales member without a login.
     */
    private Owners owners(WorkspaceId ws, List<Opportunity> opportunities) {
      var named = new LinkedHashMap<String, List<Long>>();
      for (Opportunity o : opportunities) {
        if (o.owner() != null) {
          named.computeIfAbsent(o.owner(), k -> new ArrayList<>()).add(o.lines().getFirst());
        }
      }
      if (named.isEmpty()) {
        return new Owners(Map.of(), Map.of(), 0, 0);
      }
      var byEmail = new HashMap<String, Member>();
      var byName = new HashMap<String, List<Member>>();
      for (Member m : members.list(ws)) {
        byEmail.put(m.email().toLowerCase(Locale.ROOT), m);
        byName
            .computeIfAbsent(m.displayName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(m);
      }
      var found = new LinkedHashMap<String, Member>();
      var missing = new LinkedHashSet<String>();
      named.forEach((text, lines) -> {
        String key = text.toLowerCase(Locale.ROOT);
        Member m = byEmail.get(key);
        List<Member> same = byName.getOrDefault(key, List.of());
        if (m == null && same.size() == 1) {
          m = same.getFirst();
        }
        if (m != null) {
          found.put(text, m);
        } else if (same.size() > 1) {
          fault(
              lines.getFirst(),
              "owner",
              "'"
                  + text
                  + "' is the name of "
                  + same.size()
                  + " members; name the owner by e-mail");
        } else {
          missing.add(text);
        }
      });
      int known = found.size();
      if (!missing.isEmpty() && !options.createOwners()) {
        for (String text : missing) {
          fault(
              named.get(text).getFirst(),
              "owner",
              "'"
                  + text
                  + "' is not a member of this workspace"
                  + (named.get(text).size() > 1
                      ? " (nor on " + (named.get(text).size() - 1) + " more rows)"
                      : "")
                  + ": add them (hengel import owners), or import with --create-owners to add them"
                  + " as sales members without a login");
        }
        return new Owners(found, Map.of(), known, 0);
      }
      String slug = workspaces.get(ws).slug();
      for (String text : missing) {
        String email =
            text.contains("@")
                ? text
                : slug(text) + "@" + slug + "." + slug(options.source()) + ".invalid";
        found.put(text, members.add(ws, email, text, Set.of(Role.SALES)));
      }
      // The owner's team as a reassignment in the inbox finds it: the first by name that has the
      // owner as a member (a team they only manage is not theirs).
      var teamOf = new HashMap<Long, Long>();
      for (Member m : found.values()) {
        teams.teamsOf(ws, m.id()).stream()
            .filter(t -> t.members().stream().anyMatch(tm -> tm.user().equals(m.id())))
            .findFirst()
            .ifPresent(t -> teamOf.put(m.id().value(), t.id().value()));
      }
      return new Owners(found, teamOf, known, missing.size());
    }

    private Report report(
        Outcome outcome,
        long opportunities,
        long created,
        long known,
        int ownersKnown,
        int ownersCreated,
        LeadHistories.@Nullable Outcome leads) {
      return new Report(
          name,
          outcome,
          rows,
          opportunities,
          options.zone().getId(),
          options.zoneGiven(),
          columns.describe(),
          columns.ignored(),
          created,
          known,
          ownersKnown,
          ownersCreated,
          leads,
          List.copyOf(errors),
          errorsNotListed,
          read.quirks());
    }
  }

  /** The members named as owners, by the file's text; each one's team where they have one. */
  private record Owners(
      Map<String, Member> members, Map<Long, Long> teams, int known, int created) {}

  /** A name as the local part of an e-mail: ASCII letters and digits, words joined by dashes. */
  static String slug(String name) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT);
    String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "owner" : slug;
  }

  /** The stages' keys, for messages. */
  static String stageKeys() {
    return String.join(", ", Stage.keys());
  }

  /** The faults of a mapping and its constants on their own, before any file is read. */
  static List<FieldError> checkFields(Map<String, String> mapping, Map<String, String> constants) {
    return PipelineColumns.check(mapping, constants);
  }

  /** The fields a pipeline import fills, for help texts. */
  public static Collection<String> fields() {
    return PipelineColumns.FIELDS;
  }
}
