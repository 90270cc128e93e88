package nl.hengel.webhook;

import java.util.Map;
import nl.hengel.platform.WorkspaceId;

/**
 * Where capabilities report events to webhooks: an appended event is stored, with one delivery per
 * active subscription of the workspace to its type, in the caller's transaction, so it is sent if
 * and only if the change it reports commits. Sending happens later, in the background, at least
 * once: a receiver may get a message again (after a crash between sending and recording, or a
 * manual redelivery) and recognises it by its unchanged {@code webhook-id}.
 */
public interface Outbox {

  /**
   * Appends an event of a {@link EventTypes known type} with its {@code data} (the payload's {@code
   * data} object). Must be called inside a transaction; with no subscriber it costs one indexed
   * query and stores nothing.
   *
   * @throws IllegalArgumentException for a type not in {@link EventTypes#KNOWN}
   */
  void append(WorkspaceId ws, String type, Map<String, Object> data);
}
