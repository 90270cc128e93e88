package nl.hengel.timeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.internal.CsvMapping.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMappingUnitTests {

  static final Map<String, String> WEBINAR =
      Map.of("source", "webinar-tool", "department", "marketing", "type", "webinar_attended");

  @Test
  void headers_match_fields_ignoring_case_spaces_underscores_and_dashes() {
    assertThat(List.of("occurred_at", "Occurred At", "occurredAt", " OCCURRED-AT ", "occurred__at"))
        .allSatisfy(
            h -> assertThat(CsvMapping.normalise(h)).isEqualTo(CsvMapping.normalise("occurredAt")));
    assertThat(CsvMapping.normalise("occurred.at"))
        .isNotEqualTo(CsvMapping.normalise("occurredAt"));

    CsvMapping m =
        CsvMapping.of(
            Kind.INTERACTIONS, List.of("E-Mail", "Occurred At", "Notes"), Map.of(), WEBINAR);

    assertThat(m.column("email")).isEqualTo("E-Mail");
    assertThat(m.column("occurredAt")).isEqualTo("Occurred At");
    assertThat(m.column("department")).isNull();
    assertThat(m.value("department", List.of("a@b.example", "2026-01-01T00:00:00Z", "")))
        .isEqualTo("marketing");
    assertThat(m.ignoredColumns()).containsExactly("Notes");
  }

  @Test
  void
      an_explicit_mapping_wins_over_the_header_named_like_the_field_and_takes_its_column_from_defaults() {
    CsvMapping m =
        CsvMapping.of(
            Kind.INTERACTIONS,
            List.of("email", "occurredAt", "Event date", "campaign"),
            Map.of("occurredAt", "event DATE", "content", "campaign"),
            WEBINAR);

    assertThat(m.column("occurredAt")).isEqualTo("Event date");
    assertThat(m.column("content")).isEqualTo("campaign");
    assertThat(m.has("campaign")).isFalse();
    assertThat(m.ignoredColumns()).containsExactly("occurredAt");
  }

  @Test
  void
      the_derived_external_id_depends_on_the_mapped_values_only_not_on_column_order_or_ignored_columns() {
    CsvMapping ab =
        CsvMapping.of(
            Kind.INTERACTIONS, List.of("email", "occurred_at", "notes"), Map.of(), WEBINAR);
    CsvMapping ba =
        CsvMapping.of(
            Kind.INTERACTIONS, List.of("notes", "occurred_at", "email"), Map.of(), WEBINAR);

    String id =
        ab.derivedExternalId(List.of("anna@acme.example", "2026-11-20T14:03:00Z", "first note"));

    assertThat(id).matches("csv-[0-9a-f]{24}");
    assertThat(
            ab.derivedExternalId(
                List.of(" anna@acme.example ", "2026-11-20T14:03:00Z", "other note")))
        .isEqualTo(id);
    assertThat(ba.derivedExternalId(List.of("x", "2026-11-20T14:03:00Z", "anna@acme.example")))
        .isEqualTo(id);
    assertThat(
            ab.derivedExternalId(
                List.of("anna@acme.example", "2026-11-20T14:03:01Z", "first note")))
        .isNotEqualTo(id);
    CsvMapping otherType =
        CsvMapping.of(
            Kind.INTERACTIONS,
            List.of("email", "occurred_at"),
            Map.of(),
            Map.of(
                "source", "webinar-tool", "department", "marketing", "type", "webinar_registered"));
    assertThat(otherType.derivedExternalId(List.of("anna@acme.example", "2026-11-20T14:03:00Z")))
        .isNotEqualTo(id);
  }

  @Test
  void the_derived_external_id_is_a_sha_256_of_field_value_pairs_in_field_order() throws Exception {
    CsvMapping m =
        CsvMapping.of(
            Kind.INTERACTIONS,
            List.of("occurredAt", "email", "url"),
            Map.of("attr.path", "url"),
            WEBINAR);
    String text =
        "source=webinar-tool\u001femail=a@b.example\u001foccurredAt=2026-01-01T00:00:00Z\u001f"
            + "department=marketing\u001ftype=webinar_attended\u001fattr.path=/pricing\u001f";
    byte[] sha =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(m.derivedExternalId(List.of("2026-01-01T00:00:00Z", "a@b.example", "/pricing")))
        .isEqualTo("csv-" + java.util.HexFormat.of().formatHex(sha).substring(0, 24));
  }

  @Test
  void file_level_faults_name_the_header_or_field() {
    assertThatThrownBy(() ->
            CsvMapping.of(
                Kind.INTERACTIONS, List.of("email", "Email", "occurredAt"), Map.of(), WEBINAR))
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.code()).isEqualTo("timeline.csv-duplicate-header");
              assertThat(p.errors().getFirst().pointer()).isEqualTo("header Email");
            });
    assertThatThrownBy(() ->
            CsvMapping.of(
                Kind.INTERACTIONS,
                List.of("email", "occurredAt"),
                Map.of("occurredAt", "Event date"),
                WEBINAR))
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.code()).isEqualTo("timeline.csv-unknown-header");
              assertThat(p.errors().getFirst().message())
                  .contains("'Event date' is not in the file");
            });
    assertThatThrownBy(
            () -> CsvMapping.of(Kind.INTERACTIONS, List.of("email", "when"), Map.of(), WEBINAR))
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.code()).isEqualTo("timeline.csv-missing-field");
              assertThat(p.errors())
                  .extracting(Problem.FieldError::pointer)
                  .containsExactly("field occurredAt");
            });
    assertThatThrownBy(() ->
            CsvMapping.of(
                Kind.INTERACTIONS,
                List.of("anna@acme.example", "2026-01-01T00:00:00Z"),
                Map.of(),
                WEBINAR))
        .isInstanceOfSatisfying(
            Problem.class, p -> assertThat(p.code()).isEqualTo("timeline.csv-missing-header"));
    assertThatThrownBy(
            () -> CsvMapping.of(Kind.INTERACTIONS, List.of("email;occurredAt"), Map.of(), WEBINAR))
        .isInstanceOfSatisfying(
            Problem.class,
            p ->
                assertThat(p.detail())
                    .endsWith(
                        "The header line was read as one column holding ';': is that the delimiter? Set it with the delimiter option (;)."));
    assertThatThrownBy(() ->
            CsvMapping.checkOptions(
                Kind.INTERACTIONS, Map.of("occuredAt", "When"), Map.of("email", "x@y.example")))
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.code()).isEqualTo("timeline.csv-invalid-mapping");
              assertThat(p.errors())
                  .extracting(Problem.FieldError::pointer)
                  .containsExactly("map occuredAt", "set email");
            });
  }

  @Test
  void validation_pointers_name_the_fields_they_came_from() {
    assertThat(
            List.of(
                "/occurredAt",
                "/person/email",
                "/person/externalKey/source",
                "/person/externalKey/id",
                "/person/id",
                "/person",
                "/email",
                "",
                "/companyDomain"))
        .map(CsvMapping::fieldOf)
        .containsExactly(
            "occurredAt",
            "email",
            "personSource",
            "personExternalId",
            "personId",
            "person",
            "email",
            "person",
            "companyDomain");
  }

  @Test
  void records_keep_the_line_they_start_on_after_a_quoted_field_spanning_lines() {
    String csv =
        "\uFEFFemail,note\r\na@b.example,\"one\r\ntwo\r\nthree\"\r\n\r\nc@d.example,x\r\n,\r\ne@f.example,y";
    var lines = new ArrayList<Long>();
    try (CsvFile file = CsvFile.of(new StringReader(csv), ',')) {
      assertThat(file.header()).containsExactly("email", "note");
      for (CsvFile.Row row; (row = file.next()) != null; ) {
        lines.add(row.line());
      }
    }
    assertThat(lines).containsExactly(2L, 6L, 8L);
  }

  @Test
  void a_quote_that_is_never_closed_is_a_fault_of_the_file_naming_its_line() {
    String csv = "email,note\na@b.example,ok\nc@d.example,\"runs on\ne@f.example,y\n";
    assertThatThrownBy(
            () -> {
              try (CsvFile file = CsvFile.of(new StringReader(csv), ',')) {
                while (file.next() != null) {
                  // read to the end
                }
              }
            })
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.code()).isEqualTo("timeline.csv-malformed");
              assertThat(p.detail()).contains("line 3");
            });
  }

  @Test
  void a_byte_that_is_not_utf8_is_reported_with_the_line_it_is_on(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("latin1.csv");
    var text = new StringBuilder("email,name\r\n");
    for (int i = 0; i < 5000; i++) {
      text.append("p").append(i).append("@acme.example,\"Name\r\n").append(i).append("\"\r\n");
    }
    text.append("zoe@acme.example,Zo\u00eb\r\n");
    Files.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(
            () -> {
              try (CsvFile csv = CsvFile.open(file, ',')) {
                while (csv.next() != null) {
                  // read to the bad byte
                }
              }
            })
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.code()).isEqualTo("timeline.csv-not-utf8");
              assertThat(p.errors().getFirst().pointer()).isEqualTo("line 10002");
            });
  }
}
