package dev.portalkit.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Module boundaries, checked on the compiled main classes of every module. */
class ArchitectureTest {

    static final List<String> MODULES = List.of("core", "auth", "billing", "content", "messaging", "testing", "examples");

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.portalkit");

    @Test
    void nothingOutsideAModuleImportsItsInternalPackages() {
        for (String module : MODULES) {
            noClasses().that().resideOutsideOfPackage("dev.portalkit." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.portalkit." + module + ".internal..")
                    .allowEmptyShould(true)
                    .because("dev.portalkit." + module + ".internal is not API")
                    .check(CLASSES);
        }
    }

    @Test
    void billingContentAndMessagingNeverDependOnEachOther() {
        List<String> independent = List.of("billing", "content", "messaging");
        for (String a : independent) {
            for (String b : independent) {
                if (!a.equals(b)) {
                    noClasses().that().resideInAPackage("dev.portalkit." + a + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.portalkit." + b + "..")
                            .allowEmptyShould(true)
                            .check(CLASSES);
                }
            }
        }
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.portalkit.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.portalkit.auth..", "dev.portalkit.billing..",
                        "dev.portalkit.content..", "dev.portalkit.messaging..", "dev.portalkit.testing..")
                .check(CLASSES);
    }

    @Test
    void publicApiPackagesExposeNoMyBatisTypes() {
        for (String module : List.of("core", "auth", "billing", "content", "messaging")) {
            noClasses().that().resideInAPackage("dev.portalkit." + module)
                    .should().dependOnClassesThat().resideInAPackage("org.apache.ibatis..")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }
}
