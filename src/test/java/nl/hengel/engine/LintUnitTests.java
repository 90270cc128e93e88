package nl.hengel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.hengel.testing.DefinitionTexts;
import org.junit.jupiter.api.Test;

class LintUnitTests {

  static String example() {
    return DefinitionTexts.example();
  }

  static final String DESIGN_EXAMPLE = DefinitionTexts.DESIGN;

  static List<String> formatted(Lint.Result result) {
    return result.issues().stream().map(i -> i.format("d.yaml")).toList();
  }

  @Test
  void the_design_example_and_the_shipped_example_are_clean() {
    Lint.Result design = Lint.check(DESIGN_EXAMPLE);
    Lint.Result shipped = Lint.check(example());

    assertThat(formatted(design)).isEmpty();
    assertThat(design.compiled()).isPresent();
    assertThat(formatted(shipped)).isEmpty();
    CompiledDefinition compiled = shipped.compiled().orElseThrow();
    assertThat(compiled.definition().engagement().rules()).hasSize(8);
    assertThat(compiled.definition().sla().businessHours().days()).hasSize(5);
    assertThat(compiled.fastPathSummary()).isEqualTo("15 of 15 conditions compiled to Java");
  }

  @Test
  void an_unknown_attribute_is_reported_at_its_line_and_column_inside_the_expression() {
    String yaml =
        DESIGN_EXAMPLE.replace("company.employees >= 50\",       ", "company.size >= 50\",");

    Lint.Result result = Lint.check(yaml);

    assertThat(result.hasErrors()).isTrue();
    assertThat(result.issues())
        .singleElement()
        .satisfies(i -> {
          assertThat(i.code()).isEqualTo("definition.lint.unknown-variable");
          assertThat(i.line()).isEqualTo(5);
          // The expression starts after `when: "` on column 39; company.size is its first token.
          assertThat(i.column())
              .isEqualTo(DESIGN_EXAMPLE.lines().toList().get(4).indexOf("company.employees") + 1);
          assertThat(i.message()).contains("company.size").contains("attributes:");
        });
  }

  @Test
  void a_type_error_names_the_rule_and_points_at_the_operator() {
    String yaml = DESIGN_EXAMPLE.replace("company.employees >= 50\"", "company.country >= 50\"");

    LintIssue issue = Lint.check(yaml).errors().getFirst();

    assertThat(issue.code()).isEqualTo("definition.lint.type-error");
    assertThat(issue.message()).contains("company size").contains("string").contains("int");
    assertThat(issue.line()).isEqualTo(5);
    assertThat(issue.column())
        .isEqualTo(
            DESIGN_EXAMPLE.lines().toList().get(4).indexOf("company.employees")
                + 1
                + "company.country ".length());
  }

  @Test
  void every_problem_is_reported_not_just_the_first() {
    String yaml =
        """
        name: Broken
        owners: { marketing: anna@acme.example }
        fit:
          - { name: size, when: "company.employees >= '50'", points: 15 }
          - { name: size, when: "event.type == 'call'", points: 5 }
        engagement:
          half_life: 30 days
          colour: blue
          rules:
            - { name: visit, when: "event.type == 'page_vieww'", points: 10 }
            - { name: call, when: "event.type == 'call'", points: lots }
        mql: "fit >= 40 && engagment >= 15"
        """;

    Lint.Result result = Lint.check(yaml);

    assertThat(formatted(result))
        .containsExactly(
            "d.yaml:2:9: error: the sales owner is missing: give their e-mail address [definition.lint.missing-owner]",
            "d.yaml:4:44: error: type error in fit rule 'size': found no matching overload for '_>=_' applied to '(int, string)' [definition.lint.type-error]",
            "d.yaml:5:26: error: rule name 'size' is used twice (first on line 4); explanations need unique names [definition.lint.duplicate-rule]",
            "d.yaml:5:26: error: 'event.type' is only known in engagement rules, which score one event at a time [definition.lint.unknown-variable]",
            "d.yaml:7:14: error: engagement.half_life '30 days' is not a duration: a whole number with s, m, h, d or w, e.g. 30d or 8h [definition.lint.invalid-duration]",
            "d.yaml:8:3: error: unknown key 'engagement.colour'; expected one of [half_life, rules] [definition.lint.unknown-key]",
            "d.yaml:10:29: warning: rule 'visit' tests event.type [page_vieww], which no source sends; known types include [call, chat, complaint, content_download, deal_lost, deal_won, demo_requested, email_bounced, email_click, email_open, email_received, email_sent] [definition.lint.never-matches]",
            "d.yaml:11:59: error: points of rule 'call' must be a whole number, e.g. 10 or -20 [definition.lint.invalid-points]",
            "d.yaml:12:7: error: the gate can never be met: it needs fit >= 40 but all positive fit points add up to 20 [definition.lint.impossible-gate]",
            "d.yaml:12:20: error: unknown variable 'engagment'; the gate has fit, engagement, touches.count, touches.distinct_content, touches.distinct_campaigns, touches.marketing, touches.sales, touches.service, touches.positive, touches.negative, touches.departments, days_since_first_touch [definition.lint.unknown-variable]");
  }

  @Test
  void yaml_syntax_errors_point_at_the_fault() {
    Lint.Result result =
        Lint.check("name: x\nowners: { marketing: a@b.example, sales: c@d.example\nfit: []\n");

    assertThat(result.errors())
        .singleElement()
        .satisfies(i -> {
          assertThat(i.code()).isEqualTo("definition.lint.yaml-syntax");
          assertThat(i.line()).isEqualTo(3);
        });
    assertThat(Lint.check("name: a\nname: b\n").errors())
        .anySatisfy(i -> {
          assertThat(i.code()).isEqualTo("definition.lint.duplicate-key");
          assertThat(i.line()).isEqualTo(2);
        });
  }

  @Test
  void the_marketing_and_the_sales_owner_must_be_two_people_and_the_gate_must_be_a_condition() {
    String yaml =
        DESIGN_EXAMPLE
            .replace("sales: bram@acme.example", "sales: anna@acme.example")
            .replace(
                "mql: \"fit >= 20 && engagement >= 15 && touches.distinct_content >= 2\"",
                "mql: \"fit + 1\"");

    assertThat(Lint.check(yaml).errors())
        .extracting(LintIssue::code)
        .containsExactly("definition.lint.same-owner", "definition.lint.not-a-condition");
  }

  @Test
  void business_hours_without_a_day_or_ending_before_they_start_are_reported_where_written() {
    String yaml =
        DESIGN_EXAMPLE.replace(
            "days: MON-FRI, from: \"09:00\", to: \"17:30\"",
            "days: [], from: \"17:30\", to: \"09:00\"");
    String line16 = yaml.lines().toList().get(15);

    assertThat(formatted(Lint.check(yaml)))
        .containsExactly(
            "d.yaml:16:"
                + (line16.indexOf("[]") + 1)
                + ": error: business_hours.days names no day, so the SLA clock would never run;"
                + " e.g. MON-FRI [definition.lint.invalid-days]",
            "d.yaml:16:"
                + (line16.indexOf("\"09:00\"") + 1)
                + ": error: business hours end (09:00) must be after they start (17:30)"
                + " [definition.lint.invalid-hours]");
    assertThat(Lint.check(yaml).compiled()).isEmpty();
  }
}
