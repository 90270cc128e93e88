package nl.hengel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.hengel.architecture.SqlReferences.Reference;
import org.junit.jupiter.api.Test;

/**
 * Every table has one owning capability, declared in {@code db/owners.txt}, and a capability's SQL
 * names only its own tables and the ones their owners publish (STYLE.md §1).
 */
class TableOwnershipTests {

  static final Path MAIN = Path.of("src/main/java");
  static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  static final Path OWNERS = Path.of("src/main/resources/db/owners.txt");

  /**
   * Reads of another capability's unpublished tables that the code still does, as "capability
   * table". The renovation of issue 14 empties this list; nothing may be added to it, and an entry
   * the code no longer needs fails the test so the list only shrinks.
   */
  static final Set<String> NOT_YET_THROUGH_THEIR_OWNER =
      Set.of(
          "analytics app_user",
          "analytics company",
          "analytics interaction",
          "analytics lead",
          "analytics lead_transition",
          "analytics person",
          "analytics sla_clock",
          "analytics team",
          "analytics team_member",
          "backtest app_user",
          "backtest company",
          "backtest definition_version",
          "backtest interaction",
          "backtest lead",
          "backtest person",
          "definition app_user",
          "definition company",
          "definition interaction",
          "definition person",
          "handoff app_user",
          "handoff lead",
          "handoff lead_transition",
          "handoff person",
          "handoff team",
          "lifecycle app_user",
          "lifecycle definition_version",
          "lifecycle interaction",
          "lifecycle lead_state",
          "lifecycle person",
          "lifecycle sla_clock");

  @Test
  void every_table_the_migrations_create_has_exactly_one_owner_that_exists() throws IOException {
    Map<String, Owner> owners = owners(Files.readAllLines(OWNERS));
    Set<String> tables = tablesCreated(MIGRATIONS);
    Set<String> capabilities = capabilities(MAIN.resolve("nl/hengel"));

    assertThat(owners.keySet())
        .as("tables in owners.txt")
        .containsExactlyInAnyOrderElementsOf(tables);
    assertThat(owners.values())
        .allSatisfy(owner -> assertThat(capabilities).contains(owner.capability()));
  }

  @Test
  void a_capability_names_in_sql_only_its_own_tables_and_published_ones() throws IOException {
    Map<String, Owner> owners = owners(Files.readAllLines(OWNERS));
    List<Reference> trespasses =
        trespasses(SqlReferences.in(MAIN, "nl.hengel", owners.keySet()), owners);

    List<Reference> unknown =
        trespasses.stream()
            .filter(r -> !NOT_YET_THROUGH_THEIR_OWNER.contains(r.capability() + " " + r.table()))
            .toList();
    assertThat(unknown).as("SQL that reads another capability's table").isEmpty();

    Set<String> stillNeeded =
        trespasses.stream().map(r -> r.capability() + " " + r.table()).collect(Collectors.toSet());
    assertThat(new TreeSet<>(NOT_YET_THROUGH_THEIR_OWNER))
        .as("entries of NOT_YET_THROUGH_THEIR_OWNER the code no longer needs: remove them")
        .isSubsetOf(stillNeeded);
  }

  @Test
  void the_rule_fails_on_a_fixture_that_reads_another_capabilitys_table() {
    Map<String, Owner> owners =
        owners(List.of("alpha_thing alpha", "beta_secret beta", "beta_shared beta published"));

    List<Reference> trespasses =
        trespasses(
            SqlReferences.in(
                Path.of("src/test/java"), "nl.hengel.architecture.fixture", owners.keySet()),
            owners);

    assertThat(trespasses)
        .extracting(Reference::capability, Reference::table, Reference::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha", "beta_secret", 11));
  }

  @Test
  void the_scanner_finds_names_in_joins_and_from_lists_and_ignores_english() throws IOException {
    Path dir = Files.createTempDirectory("sql-references");
    Path file = dir.resolve("x/gamma/Gamma.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        package x.gamma;
        class Gamma {
          // select * from person  (a comment, not SQL)
          String a = "select p.id from person p, lead l where l.person_id = p.id";
          String b = "Moved from the inbox: update the owner first";
          String d = "select id\\n  from company\\n";
          String c = \"""
              insert into interaction (id)
              select id from company
              \""";
        }
        """);

    List<Reference> found =
        SqlReferences.in(dir, "x", Set.of("person", "lead", "interaction", "company"));

    assertThat(found)
        .extracting(Reference::table, Reference::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("person", 4),
            org.assertj.core.groups.Tuple.tuple("lead", 4),
            org.assertj.core.groups.Tuple.tuple("company", 6),
            org.assertj.core.groups.Tuple.tuple("interaction", 8),
            org.assertj.core.groups.Tuple.tuple("company", 9));
  }

  record Owner(String capability, boolean published) {}

  static List<Reference> trespasses(List<Reference> references, Map<String, Owner> owners) {
    return references.stream()
        .filter(r -> !owners.get(r.table()).capability().equals(r.capability()))
        .filter(r -> !owners.get(r.table()).published())
        .toList();
  }

  static Map<String, Owner> owners(List<String> lines) {
    Map<String, Owner> owners = new LinkedHashMap<>();
    for (String raw : lines) {
      String line = raw.replaceFirst("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+");
      assertThat(words.length).as("owners.txt: " + raw).isBetween(2, 3);
      assertThat(words.length == 2 || words[2].equals("published"))
          .as("owners.txt: " + raw)
          .isTrue();
      Owner previous = owners.put(words[0], new Owner(words[1], words.length == 3));
      assertThat(previous).as("owners.txt names " + words[0] + " twice").isNull();
    }
    return owners;
  }

  static Set<String> tablesCreated(Path migrations) throws IOException {
    Pattern created =
        Pattern.compile(
            "(?i)create\\s+(?:table|(?:or\\s+replace\\s+)?view)\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    Pattern dropped =
        Pattern.compile("(?i)drop\\s+(?:table|view)\\s+(?:if\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    Set<String> tables = new HashSet<>();
    try (Stream<Path> files = Files.list(migrations)) {
      for (Path file : files.sorted(TableOwnershipTests::byVersion).toList()) {
        String sql = Files.readString(file);
        Matcher m = created.matcher(sql);
        while (m.find()) {
          tables.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        Matcher d = dropped.matcher(sql);
        while (d.find()) {
          tables.remove(d.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return tables;
  }

  private static int byVersion(Path a, Path b) {
    return Integer.compare(version(a), version(b));
  }

  private static int version(Path migration) {
    return Integer.parseInt(migration.getFileName().toString().replaceFirst("^V(\\d+)__.*", "$1"));
  }

  static Set<String> capabilities(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .collect(Collectors.toSet());
    }
  }
}
