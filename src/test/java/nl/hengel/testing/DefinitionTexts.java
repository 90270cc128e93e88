package nl.hengel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Lead definition texts the definition tests upload, lint and compare. */
public final class DefinitionTexts {

  private DefinitionTexts() {}

  /** The example shipped with Hengel (owners anna@acme.example and bram@acme.example). */
  public static String example() {
    try (InputStream in =
        DefinitionTexts.class.getResourceAsStream("/nl/hengel/engine/example-definition.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** DESIGN.md §4's example: the fit rule 'company size' is on line 5. */
  public static final String DESIGN =
      """
      name: Acme NL lead definition
      owners: { marketing: anna@acme.example, sales: bram@acme.example }
      fit:
        - { name: target country, when: "company.country in ['NL','BE','DE']", points: 10 }
        - { name: company size,   when: "company.employees >= 50",             points: 15 }
      engagement:
        half_life: 30d
        rules:
          - { name: whitepaper, when: "event.type == 'content_download'", points: 5, max_per: { count: 3, window: 30d } }
          - { name: pricing visit, when: "event.type == 'page_view' && event.path.startsWith('/pricing')", points: 10 }
          - { name: unsubscribed, when: "event.type == 'email_unsubscribed'", points: -20 }
      mql: "fit >= 20 && engagement >= 15 && touches.distinct_content >= 2"
      sla:
        accept_within: 8h
        first_contact_within: 24h
        business_hours: { zone: Europe/Amsterdam, days: MON-FRI, from: "09:00", to: "17:30", holidays: [2026-12-25, 2026-12-26] }
      recycle: { on_reject: nurture, min_nurture: 30d }
      contact_pressure: { marketing_per_week: 2 }
      """;

  /**
   * DESIGN with the unknown attribute {@code company.size} on line 5, where {@code
   * company.employees} was.
   */
  public static final String UNKNOWN_ATTRIBUTE_ON_LINE_5 =
      DESIGN.replace("company.employees >= 50\",       ", "company.size >= 50\",");

  /**
   * The 1-based column of {@code company.size} on line 5 of {@link #UNKNOWN_ATTRIBUTE_ON_LINE_5}.
   */
  public static final int UNKNOWN_ATTRIBUTE_COLUMN =
      UNKNOWN_ATTRIBUTE_ON_LINE_5.lines().toList().get(4).indexOf("company.size") + 1;

  /**
   * DESIGN changed in meaning: fit rule 'decision maker' added, engagement rule 'unsubscribed'
   * removed, 'whitepaper' from 5 to 8 points, half-life 30d to 14d, the gate's engagement from 15
   * to 20.
   */
  public static final String DESIGN_CHANGED =
      DESIGN
          .replace(
              """
                - { name: company size,   when: "company.employees >= 50",             points: 15 }
              """,
              """
                - { name: company size,   when: "company.employees >= 50",             points: 15 }
                - { name: decision maker, when: "person.seniority in ['c-level', 'director']", points: 10 }
              """)
          .replace(
              """
                  - { name: unsubscribed, when: "event.type == 'email_unsubscribed'", points: -20 }
              """,
              "")
          .replace(
              "when: \"event.type == 'content_download'\", points: 5,",
              "when: \"event.type == 'content_download'\", points: 8,")
          .replace("half_life: 30d", "half_life: 14d")
          .replace("engagement >= 15", "engagement >= 20");

  /**
   * A small definition whose scores are easy to work out by hand (fit 10 + 15, whitepaper 10 capped
   * 3 per 30d, pricing 10).
   */
  public static final String SIMPLE =
      """
      name: simple
      owners: { marketing: anna@acme.example, sales: bram@acme.example }
      fit:
        - { name: dutch, when: "company.country == 'NL'", points: 10 }
        - { name: big, when: "company.employees >= 50", points: 15 }
      engagement:
        half_life: 30d
        rules:
          - { name: whitepaper, when: "event.type == 'content_download'", points: 10, max_per: { count: 3, window: 30d } }
          - { name: pricing, when: "event.type == 'page_view' && event.path.startsWith('/pricing')", points: 10 }
          - { name: unsubscribed, when: "event.type == 'email_unsubscribed'", points: -20 }
      mql: "fit >= 20 && engagement >= 15 && touches.distinct_content >= 2"
      """;
}
