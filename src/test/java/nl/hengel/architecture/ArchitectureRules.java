package nl.hengel.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of Hengel (STYLE.md §1), as rules over a root package, so they can be proven to fail on
 * a fixture.
 */
final class ArchitectureRules {

  private ArchitectureRules() {}

  /** No cycles between the top-level capability packages. */
  static ArchRule noCyclesBetweenCapabilities(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** A capability's {@code internal} package is used only by that capability. */
  static ArchRule internalsStayInside(String root) {
    Pattern internal = Pattern.compile(Pattern.quote(root) + "\\.([a-z]+)\\.internal(\\..*)?");
    return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .that()
        .resideInAPackage(root + "..")
        .should(
            new ArchCondition<JavaClass>("use no other capability's internal package") {
              @Override
              public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                  Matcher m = internal.matcher(d.getTargetClass().getPackageName());
                  if (m.matches() && !origin.getPackageName().startsWith(root + "." + m.group(1))) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                }
              }
            });
  }

  /**
   * The platform serves every capability and knows none of them: it depends on nothing under the
   * root but itself, whatever capabilities the packages hold.
   */
  static ArchRule platformKnowsNoCapability(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".platform..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "belong to a capability",
                (JavaClass c) ->
                    c.getPackageName().startsWith(root + ".")
                        && !c.getPackageName().startsWith(root + ".platform")))
        .allowEmptyShould(true);
  }

  /** Adapters call capabilities, never the other way round. */
  static ArchRule capabilitiesDoNotCallAdapters(String root) {
    return noClasses()
        .that()
        .resideOutsideOfPackages(root + ".cli..", root + ".web..", root + ".demo..")
        .and()
        .resideInAPackage(root + "..")
        .and()
        .doNotHaveFullyQualifiedName(root + ".HengelApplication")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".cli..", root + ".web..", root + ".demo..")
        .allowEmptyShould(true);
  }

  /**
   * The engine is a plain library: no Spring, no SQL, no clock of its own (neither {@code now()}
   * nor a {@link java.time.Clock}: the time comes in as an argument).
   */
  static ArchRule engineIsPure(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..", "jakarta..")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.lang.System.class, "currentTimeMillis")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(java.time.Clock.class)
        .allowEmptyShould(true);
  }
}
