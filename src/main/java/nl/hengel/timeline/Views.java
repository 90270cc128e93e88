package nl.hengel.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the timeline API: lower-case enum names, ids as plain numbers. */
final class Views {

  private Views() {}

  record InteractionView(
      long id,
      long personId,
      String source,
      String externalId,
      Instant occurredAt,
      Instant receivedAt,
      String department,
      @Nullable String channel,
      String type,
      @Nullable String campaign,
      @Nullable String content,
      String sentiment,
      Map<String, Object> attributes) {
    static InteractionView of(Interaction i) {
      return new InteractionView(
          i.id().value(),
          i.person().value(),
          i.source(),
          i.externalId(),
          i.occurredAt(),
          i.receivedAt(),
          i.department().key(),
          i.channel(),
          i.type(),
          i.campaign(),
          i.content(),
          i.sentiment().key(),
          i.attributes());
    }
  }

  record PersonView(
      long id,
      @Nullable String email,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable Long companyId,
      List<ExternalKey> externalKeys,
      Map<String, Object> attributes,
      List<Long> mergedFrom,
      Instant createdAt,
      Instant updatedAt) {
    static PersonView of(Person p) {
      return new PersonView(
          p.id().value(),
          p.email(),
          p.firstName(),
          p.lastName(),
          p.company() == null ? null : p.company().value(),
          p.keys(),
          p.attributes(),
          p.mergedFrom().stream().map(PersonId::value).toList(),
          p.createdAt(),
          p.updatedAt());
    }
  }

  record CompanyView(
      long id,
      @Nullable String domain,
      @Nullable String name,
      Map<String, Object> attributes,
      Instant createdAt,
      Instant updatedAt) {
    static CompanyView of(Company c) {
      return new CompanyView(
          c.id().value(), c.domain(), c.name(), c.attributes(), c.createdAt(), c.updatedAt());
    }
  }

  record TimelineView(
      PersonView person,
      @Nullable CompanyView company,
      List<InteractionView> items,
      @io.swagger.v3.oas.annotations.media.Schema(
              description =
                  "Stage changes, assignments and SLA breaches within this page's stretch of time")
          List<Milestone> milestones,
      @Nullable String nextCursor) {
    static TimelineView of(Timeline.Page page) {
      return new TimelineView(
          PersonView.of(page.person()),
          page.company() == null ? null : CompanyView.of(page.company()),
          page.items().stream().map(InteractionView::of).toList(),
          page.milestones(),
          page.nextCursor());
    }
  }

  /**
   * One item of a batch answer. Pointers are absolute within the request ({@code /17/occurredAt}).
   */
  record ItemView(
      int index,
      String status,
      @Nullable Long id,
      @Nullable Long personId,
      @Nullable String code,
      @Nullable List<nl.hengel.platform.Problem.FieldError> errors) {}

  record BatchView(int received, int stored, int duplicates, int rejected, List<ItemView> items) {}
}
