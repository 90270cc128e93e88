package nl.hengel.definition.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.hengel.definition.DefinitionDiff.Change;
import nl.hengel.definition.DefinitionDiff.Kind;
import nl.hengel.engine.Definition;
import nl.hengel.engine.Lint;
import nl.hengel.testing.DefinitionTexts;
import org.junit.jupiter.api.Test;

class SemanticDiffUnitTests {

  static Definition parsed(String yaml) {
    return Lint.compileValid(yaml).definition();
  }

  static List<Change> changes(String from, String to) {
    return SemanticDiff.between(parsed(from), parsed(to));
  }

  @Test
  void
      an_added_rule_a_removed_rule_changed_points_a_changed_gate_and_half_life_are_each_one_change() {
    List<Change> changes = changes(DefinitionTexts.DESIGN, DefinitionTexts.DESIGN_CHANGED);

    assertThat(changes)
        .extracting(Change::kind, Change::section, Change::name, Change::before, Change::after)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Kind.RULE_ADDED,
                "fit",
                "decision maker",
                null,
                "10 points when person.seniority in ['c-level', 'director']"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.HALF_LIFE_CHANGED, "engagement", "half_life", "30d", "14d"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.POINTS_CHANGED, "engagement", "whitepaper", "5", "8"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.RULE_REMOVED,
                "engagement",
                "unsubscribed",
                "-20 points when event.type == 'email_unsubscribed'",
                null),
            org.assertj.core.groups.Tuple.tuple(
                Kind.GATE_CHANGED,
                "mql",
                null,
                "fit >= 20 && engagement >= 15 && touches.distinct_content >= 2",
                "fit >= 20 && engagement >= 20 && touches.distinct_content >= 2"));
    assertThat(changes)
        .extracting(Change::summary)
        .contains(
            "engagement rule 'whitepaper': points 5 → 8",
            "engagement half_life: 30d → 14d",
            "engagement rule 'unsubscribed' removed (was -20 points when event.type == 'email_unsubscribed')");
  }

  @Test
  void reformatting_and_reordering_change_nothing_in_meaning() {
    String reformatted =
        DefinitionTexts.DESIGN
            .replace("\"company.employees >= 50\"", "\"company.employees>=50\"")
            .replace(
                "\"fit >= 20 && engagement >= 15 && touches.distinct_content >= 2\"",
                "\"fit >= 20 &&   engagement >= 15 && touches.distinct_content >= 2\"")
            .replace(
                """
                  - { name: target country, when: "company.country in ['NL','BE','DE']", points: 10 }
                  - { name: company size,   when: "company.employees>=50",             points: 15 }
                """,
                """
                  - { name: company size,   when: "company.employees>=50",             points: 15 }
                  - { name: target country, when: "company.country in ['NL','BE','DE']", points: 10 }
                """);

    assertThat(reformatted).isNotEqualTo(DefinitionTexts.DESIGN);
    assertThat(changes(DefinitionTexts.DESIGN, reformatted)).isEmpty();
  }

  @Test
  void spacing_inside_a_string_literal_is_a_change() {
    String changed = DefinitionTexts.DESIGN.replace("'content_download'", "'content  download'");

    assertThat(changes(DefinitionTexts.DESIGN, changed))
        .singleElement()
        .satisfies(c -> assertThat(c.kind()).isEqualTo(Kind.CONDITION_CHANGED));
  }

  @Test
  void owners_conditions_caps_sla_recycle_and_contact_pressure_are_compared_field_by_field() {
    String changed =
        DefinitionTexts.DESIGN
            .replace("sales: bram@acme.example", "sales: carl@acme.example")
            .replace("company.employees >= 50\",       ", "company.employees >= 100\",      ")
            .replace("max_per: { count: 3, window: 30d }", "max_per: { count: 5, window: 7d }")
            .replace("accept_within: 8h", "accept_within: 4h")
            .replace("days: MON-FRI", "days: MON-SAT")
            .replace("min_nurture: 30d", "min_nurture: 60d")
            .replace("marketing_per_week: 2", "marketing_per_week: 3");

    assertThat(changes(DefinitionTexts.DESIGN, changed))
        .extracting(Change::summary)
        .containsExactly(
            "sales owner: bram@acme.example → carl@acme.example",
            "fit rule 'company size': when company.employees >= 50 → company.employees >= 100",
            "engagement rule 'whitepaper': max_per 3 per 30d → 5 per 7d",
            "sla accept_within: 8h → 4h",
            "sla business_hours.days: MON,TUE,WED,THU,FRI → MON,TUE,WED,THU,FRI,SAT",
            "recycle min_nurture: 30d → 60d",
            "contact_pressure marketing_per_week: 2 → 3");
  }

  @Test
  void attributes_added_removed_and_retyped_are_listed() {
    String a =
        DefinitionTexts.DESIGN.replace(
            "fit:\n", "attributes:\n  company: { segment: string, tier: int }\nfit:\n");
    String b =
        DefinitionTexts.DESIGN.replace(
            "fit:\n", "attributes:\n  company: { segment: list, region: string }\nfit:\n");

    assertThat(changes(a, b))
        .extracting(Change::summary)
        .containsExactly(
            "attribute company.segment: string → list",
            "attribute company.tier (int) removed",
            "attribute company.region (string) added");
  }

  @Test
  void the_text_diff_is_unified_with_the_changed_lines_and_empty_for_equal_texts() {
    String text =
        TextDiff.unified(
            "version 1", DefinitionTexts.DESIGN, "version 2", DefinitionTexts.DESIGN_CHANGED);

    assertThat(text)
        .startsWith("--- version 1\n+++ version 2\n@@ ")
        .contains(
            "\n-  half_life: 30d\n",
            "\n+  half_life: 14d\n",
            "\n-    - { name: unsubscribed, when: \"event.type == 'email_unsubscribed'\", points: -20 }\n",
            "\n+  - { name: decision maker, when: \"person.seniority in ['c-level', 'director']\", points: 10 }\n");
    assertThat(TextDiff.unified("a", DefinitionTexts.DESIGN, "b", DefinitionTexts.DESIGN))
        .isEmpty();
  }
}
