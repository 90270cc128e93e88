package nl.hengel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hengel keeps its shape: each rule holds for the product and is shown to fail on a fixture that
 * breaks it, so a rule that silently checks nothing cannot pass unnoticed.
 */
class ArchitectureTests {

  static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("nl.hengel");
  static final JavaClasses FIXTURE =
      new ClassFileImporter().importPackages("nl.hengel.architecture.fixture");

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(
            "no cycles between capabilities",
            (Function<String, ArchRule>) ArchitectureRules::noCyclesBetweenCapabilities),
        Arguments.of(
            "internals stay inside",
            (Function<String, ArchRule>) ArchitectureRules::internalsStayInside),
        Arguments.of(
            "platform knows no capability",
            (Function<String, ArchRule>) ArchitectureRules::platformKnowsNoCapability),
        Arguments.of(
            "capabilities do not call adapters",
            (Function<String, ArchRule>) ArchitectureRules::capabilitiesDoNotCallAdapters),
        Arguments.of(
            "engine is pure", (Function<String, ArchRule>) ArchitectureRules::engineIsPure));
  }

  @ParameterizedTest(name = "{0} holds for Hengel")
  @MethodSource("rules")
  void the_rule_holds_for_the_product(String name, Function<String, ArchRule> rule) {
    rule.apply("nl.hengel").check(PRODUCT);
  }

  @ParameterizedTest(name = "{0} fails on a fixture that breaks it")
  @MethodSource("rules")
  void the_rule_fails_on_a_fixture_that_breaks_it(String name, Function<String, ArchRule> rule) {
    assertThat(rule.apply("nl.hengel.architecture.fixture").evaluate(FIXTURE).hasViolation())
        .isTrue();
  }

  @org.junit.jupiter.api.Test
  void the_engine_rule_names_each_impurity_of_the_fixture() {
    String report =
        ArchitectureRules.engineIsPure("nl.hengel.architecture.fixture")
            .evaluate(FIXTURE)
            .getFailureReport()
            .toString();

    assertThat(report)
        .contains("Impure.now()> calls method <java.time.Instant.now()>")
        .contains("springframework")
        .contains("OwnClock");
  }
}
