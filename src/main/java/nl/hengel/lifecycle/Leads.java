package nl.hengel.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.definition.ActiveDefinition;
import nl.hengel.lifecycle.internal.LeadListRows;
import nl.hengel.platform.Problem;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace's leads as a list: every person (a person who never moved is {@code new}), newest
 * first, filtered by stage, owner, source, campaign, fit under the definition in force and SLA
 * breach. Pages are cut by keyset on the person id, never by offset, so page 20,000 costs what page
 * 1 costs and people arriving meanwhile neither repeat nor vanish.
 */
@Service
public class Leads {

  public static final int MAX_LIMIT = 200;

  private final LeadListRows rows;
  private final ActiveDefinition definitions;

  Leads(LeadListRows rows, ActiveDefinition definitions) {
    this.rows = rows;
    this.definitions = definitions;
  }

  /**
   * Which leads: each field null (or false) selects everything. {@code owner} is an owner's e-mail,
   * or {@link #UNASSIGNED} for leads nobody owns; {@code fitMin}/{@code fitMax} bound the fit under
   * the version in force, inclusive (a lead not yet scored has no fit and is left out by them).
   * Engagement is no filter: it decays by the hour, so a stored value would not be today's.
   */
  public record Filter(
      @Nullable Stage stage,
      @Nullable String owner,
      @Nullable String source,
      @Nullable String campaign,
      @Nullable Long fitMin,
      @Nullable Long fitMax,
      boolean breached) {

    public static final String UNASSIGNED = "none";
    public static final Filter ALL = new Filter(null, null, null, null, null, null, false);

    /**
     * The filter from query parameters ({@code stage, owner, source, campaign, fitMin, fitMax,
     * breached}); blank values select everything. Unknown stages or non-numbers are one problem
     * listing every fault.
     */
    public static Filter parse(Map<String, List<String>> query) {
      var errors = new ArrayList<Problem.FieldError>();
      String stageText = text(query, "stage");
      Stage stage = null;
      if (stageText != null) {
        stage = Stage.parse(stageText).orElse(null);
        if (stage == null) {
          errors.add(new Problem.FieldError("stage", "'" + stageText + "' is not a stage"));
        }
      }
      Long fitMin = number(query, "fitMin", errors);
      Long fitMax = number(query, "fitMax", errors);
      if (fitMin != null && fitMax != null && fitMin > fitMax) {
        errors.add(new Problem.FieldError("fitMax", "must be at least fitMin (" + fitMin + ")"));
      }
      String breached = text(query, "breached");
      if (!errors.isEmpty()) {
        throw Problem.invalid(
            "lifecycle.invalid-lead-filter", "The lead filter is not valid.", errors);
      }
      String owner = text(query, "owner");
      return new Filter(
          stage,
          owner == null ? null : owner.toLowerCase(java.util.Locale.ROOT),
          text(query, "source"),
          text(query, "campaign"),
          fitMin,
          fitMax,
          breached != null && !breached.equals("false"));
    }

    private static @Nullable String text(Map<String, List<String>> query, String name) {
      List<String> values = query.get(name);
      if (values == null || values.isEmpty() || values.getLast() == null) {
        return null;
      }
      String value = values.getLast().trim();
      return value.isEmpty() ? null : value;
    }

    private static @Nullable Long number(
        Map<String, List<String>> query, String name, List<Problem.FieldError> errors) {
      String value = text(query, name);
      if (value == null) {
        return null;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        errors.add(new Problem.FieldError(name, "'" + value + "' is not a whole number"));
        return null;
      }
    }
  }

  /**
   * One lead in the list. {@code fit} and {@code mqlAt} are those stored under the version in force
   * (null before it scored the lead); {@code breached} says one of its SLA clocks was breached.
   */
  public record Row(
      PersonId person,
      @Nullable String email,
      @Nullable String name,
      Stage stage,
      @Nullable Instant stageSince,
      @Nullable String owner,
      @Nullable String source,
      @Nullable String campaign,
      @Nullable Long fit,
      @Nullable Instant mqlAt,
      boolean breached) {}

  /**
   * A page of leads, newest person first. {@code before} (a person id) asks for the page before
   * this one, {@code after} for the page after it; each is null where there is none.
   */
  public record Page(List<Row> rows, @Nullable Long before, @Nullable Long after) {}

  /**
   * A page of at most {@code limit} leads: the first, or the one after the person id {@code after},
   * or the one before the person id {@code before} (give at most one of them).
   */
  @Transactional(readOnly = true)
  public Page page(
      WorkspaceId ws, Filter filter, @Nullable Long after, @Nullable Long before, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Problem.badRequest(
          "lifecycle.invalid-limit", "limit must be 1-" + MAX_LIMIT + ", was " + limit);
    }
    if (after != null && before != null) {
      throw Problem.badRequest(
          "lifecycle.invalid-page", "Give after or before, not both: one page at a time.");
    }
    Long version = definitions.of(ws).map(ActiveDefinition.InForce::versionId).orElse(null);
    boolean backwards = before != null;
    List<Row> found =
        new ArrayList<>(
            rows.list(ws, version, filter, backwards ? before : after, backwards, limit + 1));
    boolean more = found.size() > limit;
    if (more) {
      found = new ArrayList<>(found.subList(0, limit));
    }
    if (backwards) {
      found = new ArrayList<>(found.reversed());
    }
    if (found.isEmpty()) {
      return new Page(List.of(), null, null);
    }
    Long first = found.getFirst().person().value();
    Long last = found.getLast().person().value();
    // Forwards, there is a page before whenever this is not the first; backwards, a page after.
    Long previous = backwards ? (more ? first : null) : (after != null ? first : null);
    Long next = backwards ? last : (more ? last : null);
    return new Page(List.copyOf(found), previous, next);
  }
}
