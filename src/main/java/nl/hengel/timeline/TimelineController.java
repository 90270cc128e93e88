package nl.hengel.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import nl.hengel.timeline.Views.BatchView;
import nl.hengel.timeline.Views.CompanyView;
import nl.hengel.timeline.Views.InteractionView;
import nl.hengel.timeline.Views.ItemView;
import nl.hengel.timeline.Views.PersonView;
import nl.hengel.timeline.Views.TimelineView;
import nl.hengel.timeline.internal.BatchReader;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The one timeline over HTTP: ingest, people, companies, a person's timeline. */
@RestController
@RequestMapping("/api")
@Tag(
    name = "Timeline",
    description = "People, companies and every interaction with them, from every department")
class TimelineController {

  static final String NDJSON = "application/x-ndjson";

  private final Ingesting ingesting;
  private final People people;
  private final Companies companies;
  private final Timeline timeline;
  private final SentimentDefaults sentiments;
  private final JsonMapper json;
  private final IngestProperties limits;

  TimelineController(
      Ingesting ingesting,
      People people,
      Companies companies,
      Timeline timeline,
      SentimentDefaults sentiments,
      JsonMapper json,
      IngestProperties limits) {
    this.ingesting = ingesting;
    this.people = people;
    this.companies = companies;
    this.timeline = timeline;
    this.sentiments = sentiments;
    this.json = json;
    this.limits = limits;
  }

  @PostMapping(path = "/interactions", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Record one interaction",
      description =
          "201 with the stored interaction; 200 with the stored one if source + externalId was stored before; 422 problem listing every fault otherwise. The answer comes after the commit.")
  ResponseEntity<InteractionView> ingestOne(
      @AuthenticationPrincipal Caller caller, @RequestBody InteractionInput input) {
    IngestOutcome outcome = ingesting.ingest(caller.workspace(), List.of(input)).getFirst();
    return switch (outcome) {
      case IngestOutcome.Stored s ->
          ResponseEntity.created(URI.create("/api/interactions/" + s.id().value()))
              .body(InteractionView.of(timeline.interaction(caller.workspace(), s.id())));
      case IngestOutcome.Duplicate d ->
          ResponseEntity.ok(InteractionView.of(timeline.interaction(caller.workspace(), d.id())));
      case IngestOutcome.Rejected r ->
          throw Problem.invalid(
              r.code(),
              "The interaction was not stored: " + r.errors().size() + " fault(s).",
              r.errors());
    };
  }

  @PostMapping(
      path = "/interactions/batch",
      consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON})
  @Operation(
      summary = "Record many interactions: a JSON array, or NDJSON (one object per line)",
      description =
          "Up to hengel.ingest.max-batch-items (default 20,000) per request. Each item is stored, duplicate (answered with the stored id) or rejected with pointers to its faults; a rejected item writes nothing. The answer comes after the stored items are committed.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = {
                @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(type = "array", implementation = InteractionInput.class)),
                @Content(
                    mediaType = NDJSON,
                    schema =
                        @Schema(
                            type = "string",
                            description = "one InteractionInput JSON object per line"))
              }))
  BatchView ingestBatch(@AuthenticationPrincipal Caller caller, HttpServletRequest request)
      throws IOException {
    boolean ndjson =
        request.getContentType() != null && request.getContentType().startsWith(NDJSON);
    List<BatchReader.Item> items =
        ndjson
            ? BatchReader.readNdjson(request.getInputStream(), json, limits.maxBatchItems())
            : BatchReader.readJsonArray(request.getInputStream(), json, limits.maxBatchItems());
    var inputs = new ArrayList<InteractionInput>();
    var positions = new ArrayList<Integer>();
    var views = new ItemView[items.size()];
    for (int i = 0; i < items.size(); i++) {
      BatchReader.Item item = items.get(i);
      if (item.error() != null) {
        views[i] =
            new ItemView(
                i, "rejected", null, null, "timeline.invalid-interaction", List.of(item.error()));
      } else {
        inputs.add(item.input());
        positions.add(i);
      }
    }
    List<IngestOutcome> outcomes = ingesting.ingest(caller.workspace(), inputs);
    for (IngestOutcome outcome : outcomes) {
      int i = positions.get(outcome.index());
      views[i] =
          switch (outcome) {
            case IngestOutcome.Stored s ->
                new ItemView(i, "stored", s.id().value(), s.person().value(), null, null);
            case IngestOutcome.Duplicate d ->
                new ItemView(i, "duplicate", d.id().value(), d.person().value(), null, null);
            case IngestOutcome.Rejected r ->
                new ItemView(
                    i,
                    "rejected",
                    null,
                    null,
                    r.code(),
                    r.errors().stream()
                        .map(e -> new FieldError("/" + i + e.pointer(), e.message()))
                        .toList());
          };
    }
    int stored = 0, duplicates = 0, rejected = 0;
    for (ItemView v : views) {
      switch (v.status()) {
        case "stored" -> stored++;
        case "duplicate" -> duplicates++;
        default -> rejected++;
      }
    }
    return new BatchView(items.size(), stored, duplicates, rejected, List.of(views));
  }

  @GetMapping("/interactions/{id}")
  @Operation(summary = "One stored interaction")
  InteractionView interaction(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return InteractionView.of(timeline.interaction(caller.workspace(), new InteractionId(id)));
  }

  @PostMapping("/people")
  @Operation(
      summary = "Create or update a person, found by e-mail and/or external key",
      description =
          "The e-mail is normalised (trimmed, lower-cased); the company follows from companyDomain, or companyId (one of the workspace's companies, e.g. a CRM account imported with /api/imports/accounts), else from the e-mail's domain unless it is a free-mail domain. A person first known by key and now given with an e-mail is the same person (merged if both existed).")
  PersonView upsertPerson(@AuthenticationPrincipal Caller caller, @RequestBody PersonBody body) {
    return PersonView.of(
        people.upsert(
            caller.workspace(),
            new People.PersonUpsert(
                body.email(),
                body.externalKey(),
                body.firstName(),
                body.lastName(),
                body.companyDomain(),
                body.companyId() == null ? null : new CompanyId(body.companyId()),
                body.attributes())));
  }

  /** A person to create or update, as the API takes it: the company by domain or by id. */
  record PersonBody(
      @Nullable String email,
      @Nullable ExternalKey externalKey,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable String companyDomain,
      @Nullable Long companyId,
      @Nullable Map<String, Object> attributes) {}

  @GetMapping("/people/{id}")
  @Operation(summary = "One person (a merged-away id answers with the survivor)")
  PersonView person(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return PersonView.of(people.get(caller.workspace(), new PersonId(id)));
  }

  @GetMapping("/people")
  @Operation(
      summary = "Find people by e-mail, by external key (source + externalId), or by company",
      description =
          "One of: email; source and externalId; companyId or companyDomain (paged by afterId and limit, by id).")
  List<PersonView> findPeople(
      @AuthenticationPrincipal Caller caller,
      @RequestParam(required = false) @Nullable String email,
      @RequestParam(required = false) @Nullable String source,
      @RequestParam(required = false) @Nullable String externalId,
      @RequestParam(required = false) @Nullable Long companyId,
      @RequestParam(required = false) @Nullable String companyDomain,
      @RequestParam(defaultValue = "0") long afterId,
      @RequestParam(defaultValue = "100") int limit) {
    if (email != null) {
      return people.findByEmail(caller.workspace(), email).map(PersonView::of).stream().toList();
    }
    if (source != null && externalId != null) {
      return people
          .findByKey(caller.workspace(), new ExternalKey(source, externalId))
          .map(PersonView::of)
          .stream()
          .toList();
    }
    if (companyDomain != null) {
      Company company = companies.findByDomain(caller.workspace(), companyDomain).orElse(null);
      if (company == null) {
        return List.of();
      }
      companyId = company.id().value();
    }
    if (companyId != null) {
      if (limit < 1 || limit > 1000) {
        throw Problem.badRequest("timeline.invalid-limit", "limit must be 1-1000");
      }
      return people.ofCompany(caller.workspace(), new CompanyId(companyId), afterId, limit).stream()
          .map(PersonView::of)
          .toList();
    }
    throw Problem.badRequest(
        "timeline.missing-filter",
        "Give email, or source and externalId, or companyId or companyDomain.");
  }

  record MergeRequest(long from, @Nullable String reason) {}

  @PostMapping("/people/{id}/merge")
  @Operation(
      summary =
          "Merge another person into this one: their interactions and keys move here; the merge is recorded")
  PersonView merge(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestBody MergeRequest body) {
    return PersonView.of(
        people.merge(
            caller.workspace(), new PersonId(id), new PersonId(body.from()), body.reason()));
  }

  @GetMapping("/people/{id}/timeline")
  @Operation(
      summary = "A person's interactions from all departments in time order, keyset-paged",
      description =
          "Filters: department and type (repeatable), campaign, from (inclusive) and to (exclusive). order=asc (default, oldest first) or desc. Pass nextCursor back as cursor for the next page.")
  TimelineView timeline(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(required = false) @Nullable List<String> department,
      @RequestParam(required = false) @Nullable List<String> type,
      @RequestParam(required = false) @Nullable String campaign,
      @Parameter(description = "ISO-8601 time, inclusive") @RequestParam(required = false)
          @Nullable String from,
      @Parameter(description = "ISO-8601 time, exclusive") @RequestParam(required = false)
          @Nullable String to,
      @RequestParam(defaultValue = "asc") String order,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(required = false) @Nullable String cursor) {
    Set<Department> departments = EnumSet.noneOf(Department.class);
    if (department != null) {
      for (String d : department) {
        departments.add(
            Department.parse(d)
                .orElseThrow(() ->
                    Problem.badRequest(
                        "timeline.invalid-department",
                        "department '" + d + "' is not one of marketing, sales, service")));
      }
    }
    if (!order.equals("asc") && !order.equals("desc")) {
      throw Problem.badRequest("timeline.invalid-order", "order is asc or desc");
    }
    var query =
        new Timeline.Query(
            departments,
            type == null ? Set.of() : new HashSet<>(type),
            campaign,
            time(from, "from"),
            time(to, "to"),
            order.equals("desc"),
            limit,
            cursor);
    return TimelineView.of(timeline.page(caller.workspace(), new PersonId(id), query));
  }

  @PostMapping("/companies")
  @Operation(summary = "Create or update a company, found by its domain")
  CompanyView upsertCompany(
      @AuthenticationPrincipal Caller caller, @RequestBody Companies.CompanyUpsert body) {
    return CompanyView.of(companies.upsert(caller.workspace(), body));
  }

  @GetMapping("/companies/{id}")
  @Operation(summary = "One company")
  CompanyView company(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return CompanyView.of(companies.get(caller.workspace(), new CompanyId(id)));
  }

  @GetMapping("/companies")
  @Operation(summary = "Find a company by domain")
  List<CompanyView> findCompanies(
      @AuthenticationPrincipal Caller caller, @RequestParam String domain) {
    return companies.findByDomain(caller.workspace(), domain).map(CompanyView::of).stream()
        .toList();
  }

  @GetMapping("/settings/sentiment-defaults")
  @Operation(summary = "The sentiment given to each interaction type that arrives without one")
  Map<String, String> sentimentDefaults(@AuthenticationPrincipal Caller caller) {
    var result = new java.util.TreeMap<String, String>();
    sentiments.effective(caller.workspace()).forEach((k, v) -> result.put(k, v.key()));
    return result;
  }

  record SentimentSetting(String sentiment) {}

  @PutMapping("/settings/sentiment-defaults/{type}")
  @Operation(summary = "Set the default sentiment of one interaction type (admin)")
  ResponseEntity<Void> setSentimentDefault(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String type,
      @RequestBody SentimentSetting body) {
    Sentiment sentiment =
        Sentiment.parse(body.sentiment() == null ? "" : body.sentiment())
            .orElseThrow(() ->
                Problem.invalid(
                    "timeline.invalid-sentiment",
                    "sentiment is positive, neutral or negative",
                    List.of(
                        new FieldError("/sentiment", "must be positive, neutral or negative"))));
    sentiments.set(caller.workspace(), type, sentiment);
    return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
  }

  private static @Nullable Instant time(@Nullable String text, String name) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(
          "timeline.invalid-time", name + " '" + text + "' is not an ISO-8601 time with offset");
    }
  }
}
