package nl.hengel.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import nl.hengel.analytics.FunnelAnalytics;
import nl.hengel.attribution.Campaigns;
import nl.hengel.handoff.PastHandoffs;
import nl.hengel.lifecycle.LeadHistories;
import nl.hengel.lifecycle.PastLead;
import nl.hengel.platform.Caller;
import nl.hengel.timeline.Companies;
import nl.hengel.timeline.IngestOutcome;
import nl.hengel.timeline.Ingesting;
import nl.hengel.timeline.InteractionInput;
import nl.hengel.timeline.People;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Writes what a {@link Generator} makes into a workspace through the capabilities' bulk paths:
 * campaigns with spend, companies, then per chunk of people {@link People#upsertAll}, their pasts
 * with {@link LeadHistories#record}, the handoffs of their open leads with {@link PastHandoffs},
 * and their interactions with {@link Ingesting#ingest} in batches. Pasts go in before the
 * interactions, so the live scorer never finds a lead without the past it had.
 */
@Component
public class Generation {

  /** Interactions per ingest call. */
  static final int BATCH = 20_000;

  /** How far a run has come. */
  public record Progress(long people, long interactions, long leads, Duration elapsed) {}

  /** What a run wrote. */
  public record Result(
      int campaigns,
      int companies,
      long people,
      long interactions,
      long leads,
      long handoffs,
      Duration took) {}

  private final Campaigns campaigns;
  private final Companies companies;
  private final People people;
  private final Ingesting ingesting;
  private final LeadHistories histories;
  private final PastHandoffs handoffs;
  private final FunnelAnalytics analytics;

  Generation(
      Campaigns campaigns,
      Companies companies,
      People people,
      Ingesting ingesting,
      LeadHistories histories,
      PastHandoffs handoffs,
      FunnelAnalytics analytics) {
    this.analytics = analytics;
    this.campaigns = campaigns;
    this.companies = companies;
    this.people = people;
    this.ingesting = ingesting;
    this.histories = histories;
    this.handoffs = handoffs;
  }

  /**
   * Writes everything the generator makes into the admin's workspace, {@code chunk} people at a
   * time; {@code team} is the team of the reps who get the open leads, if any.
   */
  public Result run(
      Caller admin,
      Generator generator,
      int chunk,
      @Nullable Long team,
      Consumer<Progress> progress) {
    long started = System.nanoTime();
    var ws = admin.workspace();
    for (Generator.CampaignPlan plan : generator.campaigns()) {
      campaigns.put(admin, plan.key(), plan.spec());
      campaigns.putSpend(admin, plan.key(), plan.spend());
    }
    for (Companies.CompanyUpsert company : generator.companies()) {
      companies.upsert(ws, company);
    }
    long peopleDone = 0;
    long interactionsDone = 0;
    long leads = 0;
    long handed = 0;
    while (!generator.done()) {
      Generator.Chunk c = generator.next(chunk);
      List<People.UpsertOutcome> outcomes = people.upsertAll(ws, c.people());
      var ids = new PersonId[outcomes.size()];
      for (People.UpsertOutcome o : outcomes) {
        switch (o) {
          case People.UpsertOutcome.Upserted u -> ids[u.index()] = u.person();
          case People.UpsertOutcome.Rejected r ->
              throw new IllegalStateException(
                  "The generator made an invalid person "
                      + c.people().get(r.index())
                      + ": "
                      + r.errors());
        }
      }
      var pasts = new ArrayList<PastLead>(c.fates().size());
      var handoffList = new ArrayList<PastHandoffs.PastHandoff>();
      for (Generator.Fate f : c.fates()) {
        PersonId id = ids[f.index() - c.from()];
        pasts.add(new PastLead(id, f.steps(), f.source(), f.campaign()));
        if (f.handed() != null) {
          Generator.Handed h = f.handed();
          handoffList.add(
              new PastHandoffs.PastHandoff(
                  id, h.owner(), team, h.at(), h.acceptedAt(), h.firstContactAt()));
        }
      }
      LeadHistories.Outcome recorded = histories.record(ws, pasts);
      if (!recorded.refused().isEmpty()) {
        throw new IllegalStateException(
            "The generator made a past the lifecycle refuses: " + recorded.refused().getFirst());
      }
      leads += recorded.recorded() + recorded.alreadyKnown();
      if (recorded.recorded() > 0) {
        // Only pasts recorded now: a second run over the same workspace adds no handoffs.
        handed += handoffs.record(ws, recorded.alreadyKnown() == 0 ? handoffList : List.of());
      }
      List<InteractionInput> items = c.interactions();
      for (int from = 0; from < items.size(); from += BATCH) {
        List<InteractionInput> batch = items.subList(from, Math.min(items.size(), from + BATCH));
        for (IngestOutcome o : ingesting.ingest(ws, batch)) {
          if (o instanceof IngestOutcome.Rejected r) {
            throw new IllegalStateException(
                "The generator made an invalid interaction "
                    + batch.get(r.index())
                    + ": "
                    + r.errors());
          }
        }
      }
      peopleDone += c.people().size();
      interactionsDone += items.size();
      progress.accept(
          new Progress(
              peopleDone, interactionsDone, leads, Duration.ofNanos(System.nanoTime() - started)));
    }
    // Pasts went in before their interactions: the funnel rows learn their first touches now.
    analytics.fillFirstTouches(admin.workspace());
    return new Result(
        generator.campaigns().size(),
        generator.companies().size(),
        peopleDone,
        interactionsDone,
        leads,
        handed,
        Duration.ofNanos(System.nanoTime() - started));
  }
}
