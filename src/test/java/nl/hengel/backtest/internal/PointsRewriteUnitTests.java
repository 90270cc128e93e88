package nl.hengel.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import nl.hengel.engine.Definition;
import nl.hengel.engine.Lint;
import org.junit.jupiter.api.Test;

class PointsRewriteUnitTests {

  static final String FLOW =
      """
      # The shared contract; ask Anna before changing it.
      name: Acme NL lead definition
      owners: { marketing: anna@acme.example, sales: bram@acme.example }
      fit:
        - { name: target country, when: "company.country in ['NL','BE','DE']", points: 10 }  # ICP
        - { name: company size,   when: "company.employees >= 50",             points: 15 }
      engagement:
        half_life: 30d
        rules:
          - { name: whitepaper, when: "event.type == 'content_download'", points: 5, max_per: { count: 3, window: 30d } }
          - { name: pricing visit, when: "event.type == 'page_view' && event.path.startsWith('/pricing')", points: 10 }
          - { name: unsubscribed, when: "event.type == 'email_unsubscribed'", points: -20 }
      mql: "fit >= 20 && engagement >= 15 && touches.distinct_content >= 2"
      """;

  static final String BLOCK =
      """
      name: "Block style: \\"quoted\\""
      owners:
        marketing: anna@acme.example
        sales: bram@acme.example
      fit:
        - name: target country
          when: "company.country in ['NL','BE','DE']"
          points: 10   # points for the ICP
        - name: company size
          when: "company.employees >= 50"
          points: '15'
      engagement:
        half_life: 30d
        rules:
          # Downloads count, capped.
          - name: whitepaper
            when: "event.type == 'content_download'"
            points: 5
            max_per: { count: 3, window: 30d }
          - name: pricing visit
            when: "event.type == 'page_view' && event.path.startsWith('/pricing')"
            points: 10
      mql: "fit >= 20 && engagement >= 15"
      """;

  @Test
  void flow_style_rules_get_new_points_and_everything_else_stays_as_written() {
    String rewritten =
        PointsRewrite.rewrite(
            FLOW,
            Map.of("target country", 4L, "company size", 21L),
            Map.of("whitepaper", 2L, "pricing visit", 13L, "unsubscribed", -20L));

    assertThat(rewritten)
        .isEqualTo(
            FLOW.replace(
                    "name: Acme NL lead definition",
                    "name: Acme NL lead definition (suggested weights)")
                .replace("'DE']\", points: 10 }  # ICP", "'DE']\", points: 4 }  # ICP")
                .replace("points: 15 }", "points: 21 }")
                .replace("points: 5, max_per", "points: 2, max_per")
                .replace(
                    "startsWith('/pricing')\", points: 10 }",
                    "startsWith('/pricing')\", points: 13 }"));
    Definition d = Lint.compileValid(rewritten).definition();
    assertThat(d.name()).isEqualTo("Acme NL lead definition (suggested weights)");
    assertThat(d.fit()).extracting(Definition.Rule::points).containsExactly(4L, 21L);
    assertThat(d.engagement().rules())
        .extracting(Definition.Rule::points)
        .containsExactly(2L, 13L, -20L);
  }

  @Test
  void block_style_rules_keep_their_comments_and_a_quoted_name_is_requoted() {
    String rewritten =
        PointsRewrite.rewrite(
            BLOCK, Map.of("target country", -3L, "company size", 28L), Map.of("whitepaper", 7L));

    assertThat(rewritten)
        .isEqualTo(
            BLOCK
                .replace(
                    "name: \"Block style: \\\"quoted\\\"\"",
                    "name: \"Block style: \\\"quoted\\\" (suggested weights)\"")
                .replace("points: 10   # points for the ICP", "points: -3   # points for the ICP")
                .replace("points: '15'", "points: 28")
                .replace("points: 5\n", "points: 7\n"));
    Definition d = Lint.compileValid(rewritten).definition();
    assertThat(d.name()).isEqualTo("Block style: \"quoted\" (suggested weights)");
    assertThat(d.fit()).extracting(Definition.Rule::points).containsExactly(-3L, 28L);
    assertThat(d.engagement().rules()).extracting(Definition.Rule::points).containsExactly(7L, 10L);
  }

  @Test
  void a_suggestion_from_a_suggestion_is_not_suffixed_twice_and_a_long_name_is_cut_to_200() {
    String again =
        PointsRewrite.rewrite(
            FLOW.replace("name: Acme NL lead definition", "name: Acme (suggested weights)"),
            Map.of(),
            Map.of());
    assertThat(Lint.compileValid(again).definition().name()).isEqualTo("Acme (suggested weights)");

    String longName = "Ä".repeat(195);
    String cut =
        PointsRewrite.rewrite(
            FLOW.replace("name: Acme NL lead definition", "name: " + longName), Map.of(), Map.of());
    String name = Lint.compileValid(cut).definition().name();
    assertThat(name).hasSize(200).endsWith(" (suggested weights)").startsWith("ÄÄÄ");
  }

  @Test
  void text_before_a_value_with_characters_outside_the_basic_plane_does_not_shift_the_edit() {
    String yaml = FLOW.replace("# The shared contract;", "# 🐟 The shared 🐟 contract;");
    String rewritten = PointsRewrite.rewrite(yaml, Map.of("company size", 16L), Map.of());
    assertThat(Lint.compileValid(rewritten).definition().fit())
        .extracting(Definition.Rule::points)
        .containsExactly(10L, 16L);
    assertThat(rewritten).contains("# 🐟 The shared 🐟 contract;");
  }

  @Test
  void a_points_value_shared_by_an_alias_is_refused() {
    String yaml =
        FLOW.replace("points: 15 }", "points: &p 15 }")
            .replace(
                "startsWith('/pricing')\", points: 10 }", "startsWith('/pricing')\", points: *p }");
    assertThatThrownBy(() ->
            PointsRewrite.rewrite(yaml, Map.of("company size", 16L), Map.of("pricing visit", 9L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alias");
  }
}
