package nl.hengel.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The e-mail of a member an import knows only by name. */
class MembersUnitTests {

  @Test
  void a_name_becomes_a_slug_at_the_workspace_and_source_under_invalid() {
    assertThat(Members.generatedEmail("Moses Frase", "acme", "crm", 1))
        .isEqualTo("moses-frase@acme.crm.invalid");
    assertThat(Members.generatedEmail("  Zoë  Ölund-Ström ", "acme", "Sales Force", 1))
        .isEqualTo("zoe-olund-strom@acme.sales-force.invalid");
    assertThat(Members.generatedEmail("Moses Frase", "acme", "crm", 2))
        .isEqualTo("moses-frase-2@acme.crm.invalid");
  }

  @Test
  void letters_without_a_decomposition_are_spelled_in_ascii() {
    assertThat(Members.generatedEmail("Łucja Wiśniewska", "acme", "crm", 1))
        .isEqualTo("lucja-wisniewska@acme.crm.invalid");
    assertThat(Members.generatedEmail("Søren Dahl", "acme", "crm", 1))
        .isEqualTo("soren-dahl@acme.crm.invalid");
    assertThat(Members.generatedEmail("Elif Yılmaz", "acme", "crm", 1))
        .isEqualTo("elif-yilmaz@acme.crm.invalid");
  }

  @Test
  void a_name_without_latin_letters_gets_a_stable_name_of_its_own() {
    String first = Members.generatedEmail("王伟", "acme", "crm", 1);
    assertThat(first).matches("member-[0-9a-f]{8}@acme\\.crm\\.invalid");
    assertThat(Members.generatedEmail("王伟", "acme", "crm", 1)).isEqualTo(first);
    assertThat(Members.generatedEmail("李娜", "acme", "crm", 1)).isNotEqualTo(first);
  }

  @Test
  void a_long_name_is_cut_to_fit_an_address() {
    String email = Members.generatedEmail("a".repeat(300), "acme", "crm", 1);
    assertThat(email.substring(0, email.indexOf('@'))).hasSize(60);
  }
}
