package nl.hengel.handoff;

import java.util.Locale;

/** What an SLA clock measures, both from the moment a lead is handed to sales. */
public enum SlaKind {
  /** Sales accepts or rejects the lead within {@code sla.accept_within}. */
  ACCEPT,
  /** Sales contacts the person within {@code sla.first_contact_within}. */
  FIRST_CONTACT;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SlaKind of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
