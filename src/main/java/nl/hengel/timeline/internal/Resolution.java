package nl.hengel.timeline.internal;

import nl.hengel.timeline.PersonId;

/** What became of one person reference: the person it means, or why it means none. */
public sealed interface Resolution {

  record Found(PersonId person) implements Resolution {}

  record Failed(String code, String field, String message) implements Resolution {}
}
