package nl.hengel.timeline;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.platform.Sql;
import nl.hengel.platform.Transactions;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.internal.Identities;
import nl.hengel.timeline.internal.InteractionValidation;
import nl.hengel.timeline.internal.InteractionValidation.Checked;
import nl.hengel.timeline.internal.Resolution;
import nl.hengel.timeline.internal.ValidInteraction;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records interactions from any department, one or many at a time, idempotently: an item whose
 * {@code source} + {@code externalId} was stored before is answered with the stored one. Invalid
 * items are refused whole before anything is written; the valid ones of a request are written in
 * one transaction, and the answer comes only after it committed.
 */
@Service
public class Ingesting {

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final Dialect dialect;
  private final Transactions transactions;
  private final Identities identities;
  private final SentimentDefaults sentiments;
  private final ApplicationEventPublisher events;
  private final JsonMapper json;
  private final Clock clock;

  Ingesting(
      JdbcClient jdbc,
      JdbcTemplate template,
      Dialect dialect,
      Transactions transactions,
      Identities identities,
      SentimentDefaults sentiments,
      ApplicationEventPublisher events,
      JsonMapper json,
      Clock clock) {
    this.jdbc = jdbc;
    this.template = template;
    this.dialect = dialect;
    this.transactions = transactions;
    this.identities = identities;
    this.sentiments = sentiments;
    this.events = events;
    this.json = json;
    this.clock = clock;
  }

  /** Ingests the items; one outcome per item, in item order. */
  public List<IngestOutcome> ingest(WorkspaceId ws, List<InteractionInput> items) {
    Instant now = clock.instant();
    var outcomes = new IngestOutcome[items.size()];
    var valid = new ArrayList<ValidInteraction>();
    var firstOfKey = new HashMap<ExternalKey, Integer>();
    var repeats = new HashMap<Integer, Integer>();
    for (int i = 0; i < items.size(); i++) {
      switch (InteractionValidation.check(i, items.get(i), now, json)) {
        case Checked.Invalid invalid ->
            outcomes[i] =
                new IngestOutcome.Rejected(i, "timeline.invalid-interaction", invalid.errors());
        case Checked.Valid(ValidInteraction v) -> {
          Integer first = firstOfKey.putIfAbsent(new ExternalKey(v.source(), v.externalId()), i);
          if (first == null) {
            valid.add(v);
          } else {
            repeats.put(i, first);
          }
        }
      }
    }
    if (!valid.isEmpty()) {
      for (IngestOutcome outcome : transactions.retryingOnConflict(() -> write(ws, valid, now))) {
        outcomes[outcome.index()] = outcome;
      }
    }
    // A repeat inside one request is a duplicate of its first occurrence.
    repeats.forEach((i, first) ->
        outcomes[i] =
            switch (outcomes[first]) {
              case IngestOutcome.Stored s -> new IngestOutcome.Duplicate(i, s.id(), s.person());
              case IngestOutcome.Duplicate d -> new IngestOutcome.Duplicate(i, d.id(), d.person());
              case IngestOutcome.Rejected r -> new IngestOutcome.Rejected(i, r.code(), r.errors());
            });
    return List.of(outcomes);
  }

  private List<IngestOutcome> write(WorkspaceId ws, List<ValidInteraction> valid, Instant now) {
    var outcomes = new ArrayList<IngestOutcome>(valid.size());
    List<Resolution> resolutions =
        identities.resolve(ws, valid.stream().map(ValidInteraction::person).toList());
    // Rows in key order, so concurrent batches lock in the same order and cannot deadlock.
    var rows = new TreeMap<ExternalKey, Row>();
    for (int i = 0; i < valid.size(); i++) {
      ValidInteraction v = valid.get(i);
      switch (resolutions.get(i)) {
        case Resolution.Failed f ->
            outcomes.add(
                new IngestOutcome.Rejected(
                    v.index(),
                    f.code(),
                    List.of(
                        new FieldError(
                            "/person" + (f.field().isEmpty() ? "" : "/" + f.field()),
                            f.message()))));
        case Resolution.Found found ->
            rows.put(
                new ExternalKey(v.source(), v.externalId()), new Row(v, found.person().value()));
      }
    }
    if (rows.isEmpty()) {
      return outcomes;
    }
    Map<String, Sentiment> defaults = sentiments.effective(ws);
    List<Long> ids = identities.nextIds("interaction_seq", rows.size());
    var ordered = new ArrayList<>(rows.values());
    for (int i = 0; i < ordered.size(); i++) {
      Row row = ordered.get(i);
      row.id = ids.get(i);
      ValidInteraction v = row.interaction;
      row.sentiment =
          v.sentiment() != null
              ? v.sentiment()
              : defaults.getOrDefault(v.type(), Sentiment.NEUTRAL);
    }
    int[] counts =
        dialect == Dialect.POSTGRESQL
            ? insertAsArrays(ws, ordered, now)
            : insertAsBatch(ws, ordered, now);
    var unsure = new ArrayList<Row>();
    var stored = new HashSet<PersonId>();
    for (int i = 0; i < ordered.size(); i++) {
      Row row = ordered.get(i);
      if (counts[i] == 1) {
        outcomes.add(
            new IngestOutcome.Stored(
                row.interaction.index(), new InteractionId(row.id), new PersonId(row.person)));
        stored.add(new PersonId(row.person));
      } else if (counts[i] == 0) {
        unsure.add(row.asDuplicate());
      } else {
        unsure.add(row); // Statement.SUCCESS_NO_INFO: the driver did not say; ask the table.
      }
    }
    if (!unsure.isEmpty()) {
      resolveUnsure(ws, unsure, outcomes, stored);
    }
    if (!stored.isEmpty()) {
      events.publishEvent(new InteractionsRecorded(ws, Set.copyOf(stored)));
    }
    outcomes.sort(Comparator.comparingInt(IngestOutcome::index));
    return outcomes;
  }

  /** Inserts the rows as a JDBC batch; per row 1 (stored) or 0 (its key was stored before). */
  private int[] insertAsBatch(WorkspaceId ws, List<Row> rows, Instant now) {
    var args = new ArrayList<Object[]>(rows.size());
    var received = Sql.ts(now);
    for (Row row : rows) {
      ValidInteraction v = row.interaction;
      args.add(
          new Object[] {
            row.id,
            ws.value(),
            row.person,
            v.source(),
            v.externalId(),
            Sql.ts(v.occurredAt()),
            received,
            v.department().name(),
            v.channel(),
            v.type(),
            v.campaign(),
            v.content(),
            row.sentiment.name(),
            v.attributesJson()
          });
    }
    return template.batchUpdate(
        """
        insert into interaction (id, workspace_id, person_id, source, external_id, occurred_at, received_at,
                                 department, channel, type, campaign, content, sentiment, attributes)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict do nothing
        """,
        args,
        COLUMN_TYPES);
  }

  /**
   * PostgreSQL: inserts the rows with one statement, each column an array, in row order; the ids it
   * returns are the rows stored. Executing one statement per row, as a batch does, cost PostgreSQL
   * a third more CPU per row; rewriting the batch into multi-row inserts (reWriteBatchedInserts)
   * saved nothing and left the outcome of each row unknown.
   */
  private int[] insertAsArrays(WorkspaceId ws, List<Row> rows, Instant now) {
    int n = rows.size();
    var id = new Long[n];
    var person = new Long[n];
    var source = new String[n];
    var externalId = new String[n];
    var occurredAt = new String[n];
    var department = new String[n];
    var channel = new String[n];
    var type = new String[n];
    var campaign = new String[n];
    var content = new String[n];
    var sentiment = new String[n];
    var attributes = new String[n];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      ValidInteraction v = row.interaction;
      id[i] = row.id;
      person[i] = row.person;
      source[i] = v.source();
      externalId[i] = v.externalId();
      occurredAt[i] = toMicros(v.occurredAt()).toString();
      department[i] = v.department().name();
      channel[i] = v.channel();
      type[i] = v.type();
      campaign[i] = v.campaign();
      content[i] = v.content();
      sentiment[i] = row.sentiment.name();
      attributes[i] = v.attributesJson();
    }
    var inserted = new HashSet<Long>(n * 2);
    jdbc.sql(
            """
            insert into interaction (id, workspace_id, person_id, source, external_id, occurred_at, received_at,
                                     department, channel, type, campaign, content, sentiment, attributes)
            select id, :ws, person_id, source, external_id, occurred_at::timestamptz, :received::timestamptz,
                   department, channel, type, campaign, content, sentiment, attributes
              from unnest(:id::bigint[], :person::bigint[], :source::varchar[], :externalId::varchar[],
                          :occurredAt::varchar[], :department::varchar[], :channel::varchar[], :type::varchar[],
                          :campaign::varchar[], :content::varchar[], :sentiment::varchar[], :attributes::varchar[])
                as v (id, person_id, source, external_id, occurred_at, department, channel, type,
                      campaign, content, sentiment, attributes)
            on conflict do nothing
            returning id
            """)
        .param("ws", ws.value())
        .param("received", Sql.ts(now))
        .param("id", new SqlArrayValue("bigint", (Object[]) id))
        .param("person", new SqlArrayValue("bigint", (Object[]) person))
        .param("source", new SqlArrayValue("varchar", (Object[]) source))
        .param("externalId", new SqlArrayValue("varchar", (Object[]) externalId))
        .param("occurredAt", new SqlArrayValue("varchar", (Object[]) occurredAt))
        .param("department", new SqlArrayValue("varchar", (Object[]) department))
        .param("channel", new SqlArrayValue("varchar", (Object[]) channel))
        .param("type", new SqlArrayValue("varchar", (Object[]) type))
        .param("campaign", new SqlArrayValue("varchar", (Object[]) campaign))
        .param("content", new SqlArrayValue("varchar", (Object[]) content))
        .param("sentiment", new SqlArrayValue("varchar", (Object[]) sentiment))
        .param("attributes", new SqlArrayValue("varchar", (Object[]) attributes))
        .query(rs -> {
          inserted.add(rs.getLong(1));
        });
    var counts = new int[n];
    for (int i = 0; i < n; i++) {
      counts[i] = inserted.contains(id[i]) ? 1 : 0;
    }
    return counts;
  }

  /**
   * The instant rounded to whole microseconds, half up, as the PostgreSQL driver rounds a timestamp
   * parameter (PostgreSQL itself would round a longer text half to even).
   */
  private static Instant toMicros(Instant instant) {
    return Instant.ofEpochSecond(
        instant.getEpochSecond(), (instant.getNano() + 500L) / 1000 * 1000);
  }

  /** Finds the stored row of each key whose insert did nothing (or did not say). */
  private void resolveUnsure(
      WorkspaceId ws, List<Row> unsure, List<IngestOutcome> outcomes, Set<PersonId> stored) {
    var existing = new HashMap<ExternalKey, long[]>();
    var bySource = new LinkedHashMap<String, List<String>>();
    unsure.forEach(r ->
        bySource
            .computeIfAbsent(r.interaction.source(), s -> new ArrayList<>())
            .add(r.interaction.externalId()));
    bySource.forEach((source, externalIds) -> {
      Sql.OneOf externalId = Sql.oneOf("external_id", "ids", "varchar", externalIds);
      jdbc.sql(
              "select id, person_id, external_id from interaction where workspace_id = :ws and source = :source and "
                  + externalId.sql())
          .param("ws", ws.value())
          .param("source", source)
          .param("ids", externalId.parameter())
          .query(rs -> {
            existing.put(
                new ExternalKey(source, rs.getString("external_id")),
                new long[] {rs.getLong("id"), rs.getLong("person_id")});
          });
    });
    for (Row row : unsure) {
      long[] found =
          existing.get(new ExternalKey(row.interaction.source(), row.interaction.externalId()));
      if (found == null) {
        throw new IllegalStateException(
            "Interaction "
                + row.interaction.source()
                + "/"
                + row.interaction.externalId()
                + " is neither inserted nor present");
      }
      if (!row.duplicate && found[0] == row.id) {
        outcomes.add(
            new IngestOutcome.Stored(
                row.interaction.index(), new InteractionId(found[0]), new PersonId(found[1])));
        stored.add(new PersonId(found[1]));
      } else {
        outcomes.add(
            new IngestOutcome.Duplicate(
                row.interaction.index(), new InteractionId(found[0]), new PersonId(found[1])));
      }
    }
  }

  private static final int[] COLUMN_TYPES = {
    Types.BIGINT,
    Types.BIGINT,
    Types.BIGINT,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR
  };

  private static final class Row {
    final ValidInteraction interaction;
    final long person;
    long id;
    Sentiment sentiment;
    boolean duplicate;

    Row(ValidInteraction interaction, long person) {
      this.interaction = interaction;
      this.person = person;
    }

    Row asDuplicate() {
      duplicate = true;
      return this;
    }
  }
}
