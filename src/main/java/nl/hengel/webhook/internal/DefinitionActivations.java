package nl.hengel.webhook.internal;

import java.util.LinkedHashMap;
import nl.hengel.definition.DefinitionActivated;
import nl.hengel.webhook.EventTypes;
import nl.hengel.webhook.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Reports a definition version becoming active as {@code definition.activated}. */
@Component
class DefinitionActivations {

  private final Outbox outbox;

  DefinitionActivations(Outbox outbox) {
    this.outbox = outbox;
  }

  /**
   * Synchronous, so it runs in the transaction that switched the version: both commit or neither.
   */
  @EventListener
  void on(DefinitionActivated activated) {
    var data = new LinkedHashMap<String, Object>();
    data.put("versionId", activated.versionId());
    data.put("number", activated.number());
    data.put("name", activated.name());
    data.put("activatedAt", activated.at().toString());
    outbox.append(activated.workspace(), EventTypes.DEFINITION_ACTIVATED, data);
  }
}
