package fr.sesame.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps dependencies pointing one way: pages and resources → services → data access. */
class ArchitectureTest {

  private static final JavaClasses SESAME =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("fr.sesame");

  @Test
  void servicesNeverDependOnResourcesOrPages() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Service")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("Resource")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("Page")
        .check(SESAME);
  }

  @Test
  void repositoriesAreReachedOnlyThroughServices() {
    classes()
        .that()
        .haveSimpleNameEndingWith("Repository")
        .should()
        .onlyHaveDependentClassesThat()
        .haveSimpleNameEndingWith("Service")
        .allowEmptyShould(true)
        .check(SESAME);
  }

  @Test
  void resourcesNeverTouchTheDatabaseDirectly() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Resource")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "javax.sql..", "jakarta.persistence..", "org.postgresql..")
        .check(SESAME);
  }

  @Test
  void platformIsPlumbingThatKnowsNoFeature() {
    noClasses()
        .that()
        .resideInAPackage("fr.sesame.platform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "fr.sesame.directory..",
            "fr.sesame.credentials..",
            "fr.sesame.recovery..",
            "fr.sesame.tokens..",
            "fr.sesame.admin..",
            "fr.sesame.notify..",
            "fr.sesame.audit..",
            "fr.sesame.web..")
        .check(SESAME);
  }

  @Test
  void noEntityWhileHibernateOrmIsLeftOutOfTheBuild() {
    // application.properties leaves Hibernate ORM out of the build while nothing is mapped.
    noClasses()
        .should()
        .beAnnotatedWith("jakarta.persistence.Entity")
        .because("quarkus.hibernate-orm.enabled=false: enable Hibernate ORM first")
        .check(SESAME);
  }

  @Test
  void everyScheduledJobIsWaitedForByAStop() {
    // Quarkus's scheduler does not wait for a running job: BackgroundJobs does, for these.
    methods()
        .that()
        .areAnnotatedWith("io.quarkus.scheduler.Scheduled")
        .should()
        .beAnnotatedWith("fr.sesame.platform.BackgroundJob")
        .check(SESAME);
  }

  @Test
  void featuresDoNotDependOnEachOtherInCycles() {
    slices().matching("fr.sesame.(*)..").should().beFreeOfCycles().check(SESAME);
  }

  @Test
  void entryPointsLiveInTheirFeature() {
    classes()
        .that()
        .haveSimpleNameEndingWith("Resource")
        .should()
        .resideOutsideOfPackage("fr.sesame.platform..")
        .check(SESAME);
  }
}
