package nl.hengel.timeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hengel.engine.Definition.AttributeType;
import nl.hengel.platform.Problem;
import nl.hengel.timeline.CsvFile;
import nl.hengel.timeline.CsvImports.RowError;
import nl.hengel.timeline.internal.AccountFile.Account;
import nl.hengel.timeline.internal.CsvMapping.Kind;
import nl.hengel.timeline.internal.OwnerFile.Agent;
import org.junit.jupiter.api.Test;

/** Rows of an accounts and an owners file, checked without a database. */
class AccountFileUnitTests {

  static final List<String> HEADER =
      List.of(
          "account", "id", "website", "employees", "revenue", "sector", "subsidiary_of", "source");

  static final Map<String, String> MAPPING =
      Map.of(
          "name", "account",
          "domain", "website",
          "parent", "subsidiary_of",
          "attr.employees", "employees",
          "attr.revenue", "revenue",
          "attr.industry", "sector");

  static CsvMapping mapping() {
    return CsvMapping.of(Kind.ACCOUNTS, HEADER, MAPPING, Map.of("source", "crm"));
  }

  static CsvFile.Row row(long line, String... cells) {
    return new CsvFile.Row(line, List.of(cells));
  }

  @Test
  void the_engines_numeric_company_attributes_are_the_ones_stored_as_numbers() {
    assertThat(AccountFile.NUMBERS)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("employees", AttributeType.INT, "revenue", AttributeType.DOUBLE));
  }

  @Test
  void numbers_are_typed_and_words_are_not_numbers() {
    assertThat(AccountFile.number("2822", AttributeType.INT)).isEqualTo(2822L);
    assertThat(AccountFile.number(" 2822.0 ", AttributeType.INT)).isEqualTo(2822L);
    assertThat(AccountFile.number("28.5", AttributeType.INT)).isNull();
    assertThat(AccountFile.number("about 1300", AttributeType.INT)).isNull();
    assertThat(AccountFile.number("1,300", AttributeType.INT)).isNull();
    assertThat(AccountFile.number("1100.04", AttributeType.DOUBLE)).isEqualTo(1100.04);
    assertThat(AccountFile.number("1e3", AttributeType.DOUBLE)).isEqualTo(1000.0);
    assertThat(AccountFile.number("1100,04", AttributeType.DOUBLE)).isNull();
    assertThat(AccountFile.number("NaN", AttributeType.DOUBLE)).isNull();
  }

  @Test
  void a_website_becomes_its_domain() {
    assertThat(AccountFile.domain("https://www.Acme.example/about?x=1")).isEqualTo("acme.example");
    assertThat(AccountFile.domain("acme.example:8080")).isEqualTo("acme.example");
    assertThat(AccountFile.domain("sub.acme.example.")).isEqualTo("sub.acme.example");
    assertThat(AccountFile.domain("not a domain")).isNull();
    assertThat(AccountFile.domain("localhost")).isNull();
  }

  @Test
  void a_row_becomes_an_account_with_typed_attributes_and_its_parent_key() {
    var errors = new ArrayList<RowError>();

    Account account =
        AccountFile.read(
            row(2, "Codehow", "", "www.codehow.example", "2641", "2714.9", "software", "Acme", "x"),
            mapping(),
            errors);

    assertThat(errors).isEmpty();
    assertThat(account.key()).isEqualTo("Codehow");
    assertThat(account.domain()).isEqualTo("codehow.example");
    assertThat(account.stored())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "employees", 2641L, "revenue", 2714.9, "industry", "software", "parent", "Acme"));
  }

  @Test
  void a_bad_row_names_each_fault_with_its_column() {
    var errors = new ArrayList<RowError>();

    Account account =
        AccountFile.read(
            row(7, "", "", "gmail.com", "many", "lots", "", "", ""), mapping(), errors);

    assertThat(account).isNull();
    assertThat(errors)
        .extracting(e -> e.line() + " " + e.column())
        .containsExactly("7 account", "7 website", "7 employees", "7 revenue");
    assertThat(errors.get(1).message())
        .isEqualTo("gmail.com is a free-mail domain, not a company's");
  }

  @Test
  void the_same_account_twice_is_one_and_with_other_values_an_error_on_the_later_line() {
    var errors = new ArrayList<RowError>();
    CsvMapping m = mapping();
    List<Account> rows =
        List.of(
            AccountFile.read(row(2, "A", "", "", "10", "", "", "", ""), m, errors),
            AccountFile.read(row(3, "A", "", "", "10", "", "", "", ""), m, errors),
            AccountFile.read(row(4, "A", "", "", "11", "", "retail", "", ""), m, errors),
            AccountFile.read(row(5, "B", "", "", "", "", "", "A", ""), m, errors));

    List<Account> accounts = AccountFile.distinct(rows, m, errors);

    assertThat(accounts).extracting(Account::key).containsExactly("A", "B");
    assertThat(errors).hasSize(1);
    assertThat(errors.getFirst().line()).isEqualTo(4);
    assertThat(errors.getFirst().column()).isEqualTo("employees");
    assertThat(errors.getFirst().message())
        .isEqualTo(
            "account 'A' is on line 2 too, with other values: employees '10' there, '11' here,"
                + " industry empty there, 'retail' here");
  }

  @Test
  void an_id_is_the_key_and_a_name_another_account_has_as_id_is_an_error() {
    var errors = new ArrayList<RowError>();
    var withId = new java.util.HashMap<>(MAPPING);
    withId.put("id", "id");
    CsvMapping m = CsvMapping.of(Kind.ACCOUNTS, HEADER, withId, Map.of("source", "crm"));
    List<Account> rows =
        List.of(
            AccountFile.read(row(2, "Acme", "0042", "", "", "", "", "", ""), m, errors),
            AccountFile.read(row(3, "0042", "0043", "", "", "", "", "", ""), m, errors));

    List<Account> accounts = AccountFile.distinct(rows, m, errors);

    assertThat(accounts).extracting(Account::keys).containsExactly(List.of("0042", "Acme"));
    assertThat(errors)
        .extracting(RowError::message)
        .containsExactly(
            "'0042' is also the id of account 'Acme' on line 2; names and ids are keys of one"
                + " account each");
  }

  @Test
  void a_parent_must_be_an_account_of_the_file_even_an_invalid_row_or_known_and_not_itself() {
    var errors = new ArrayList<RowError>();
    CsvMapping m = mapping();
    List<AccountFile.Reference> rows =
        List.of(
            AccountFile.reference(row(2, "A", "", "", "bad", "", "", "Known", ""), m),
            AccountFile.reference(row(3, "B", "", "", "", "", "", "A", ""), m),
            AccountFile.reference(row(4, "C", "", "", "", "", "", "C", ""), m),
            AccountFile.reference(row(5, "D", "", "", "", "", "", "Nobody", ""), m));

    AccountFile.checkParents(rows, Set.of("Known"), "crm", m, errors);

    assertThat(errors)
        .extracting(e -> e.line() + ": " + e.message())
        .containsExactly(
            "4: an account cannot be its own parent",
            "5: 'Nobody' is no account of this file, nor one known from crm before");
  }

  @Test
  void source_comes_only_from_a_constant_and_a_column_named_source_is_ignored() {
    CsvMapping m = mapping();

    assertThat(m.describe()).containsEntry("source", "= crm");
    // A column named like a field fills it (id), but never source.
    assertThat(m.describe()).containsEntry("id", "column 'id'");
    assertThat(m.ignoredColumns()).containsExactly("source");
    assertThatThrownBy(() ->
            CsvMapping.of(
                Kind.ACCOUNTS, HEADER, Map.of("name", "account", "source", "source"), Map.of()))
        .isInstanceOf(Problem.class)
        .satisfies(e ->
            assertThat(((Problem) e).errors().getFirst().message())
                .isEqualTo("cannot come from a column; set it for the whole file (source=VALUE)"));
    assertThatThrownBy(() -> CsvMapping.of(Kind.ACCOUNTS, List.of("sector"), Map.of(), Map.of()))
        .isInstanceOf(Problem.class);
  }

  @Test
  void an_owners_file_checks_a_teams_manager_and_an_agent_given_twice() {
    var errors = new ArrayList<RowError>();
    CsvMapping m =
        CsvMapping.of(
            Kind.OWNERS,
            List.of("sales_agent", "manager", "regional_office"),
            Map.of("name", "sales_agent", "manager", "manager", "team", "regional_office"),
            Map.of());
    List<Agent> rows =
        List.of(
            OwnerFile.read(row(2, "Anna", "Dustin", "Central"), m, errors),
            OwnerFile.read(row(3, "anna", "dustin", "Central"), m, errors),
            OwnerFile.read(row(4, "Bo", "Melvin", "Central"), m, errors),
            OwnerFile.read(row(5, "Cy", "cara@acme.example", "East"), m, errors),
            OwnerFile.read(row(6, "Anna", "Dustin", "East"), m, errors));

    List<Agent> agents = OwnerFile.distinct(rows, m, errors);

    assertThat(agents).extracting(a -> a.agent().name()).containsExactly("Anna", "Cy");
    assertThat(agents.get(1).manager().email()).isEqualTo("cara@acme.example");
    assertThat(errors)
        .extracting(e -> e.line() + " " + e.column() + ": " + e.message())
        .containsExactly(
            "4 manager: team 'Central' has manager Dustin on line 2, not Melvin",
            "6 regional_office: Anna is on line 2 too, in team 'Central', not 'East'");
    assertThatThrownBy(() ->
            CsvMapping.of(
                Kind.OWNERS, List.of("sales_agent", "x"), Map.of("attr.x", "x"), Map.of()))
        .isInstanceOf(Problem.class);
  }
}
