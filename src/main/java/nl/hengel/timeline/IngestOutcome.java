package nl.hengel.timeline;

import java.util.List;
import nl.hengel.platform.Problem.FieldError;

/** What became of one item of an ingest: stored now, stored before, or refused with reasons. */
public sealed interface IngestOutcome {

  /** The item's position in the request, from 0. */
  int index();

  record Stored(int index, InteractionId id, PersonId person) implements IngestOutcome {}

  /** The same source and externalId were stored before; nothing new was written. */
  record Duplicate(int index, InteractionId id, PersonId person) implements IngestOutcome {}

  /** Nothing of the item was written. Pointers are relative to the item ({@code /occurredAt}). */
  record Rejected(int index, String code, List<FieldError> errors) implements IngestOutcome {}
}
