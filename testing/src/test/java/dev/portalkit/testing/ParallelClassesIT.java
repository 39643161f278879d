package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.fixtures.FirstClass;
import dev.portalkit.testing.fixtures.OnlyWhenLaunched;
import dev.portalkit.testing.fixtures.OuterWithNested;
import dev.portalkit.testing.fixtures.SecondClass;
import dev.portalkit.testing.fixtures.Seen;
import dev.portalkit.testing.fixtures.ThirdClass;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The test kit as a host suite uses it (issue #16, section 7): classes sharing one static
 * PortalExtension through an abstract base class, run in parallel (classes and methods) by JUnit,
 * one of them with {@code @Nested} classes. The fixture classes run in a launch of their own with
 * parallel execution on, so the rest of this module's suite keeps its usual settings.
 */
class ParallelClassesIT {

    static final List<Class<?>> CLASSES = List.of(FirstClass.class, SecondClass.class, ThirdClass.class, OuterWithNested.class);

    @Test
    void classesInParallelThroughASharedBaseAndNestedClassesEachKeepTheirOwnDatabaseAndPortal() {
        Seen.reset(CLASSES.size());
        TestExecutionSummary summary = launch();

        assertThat(summary.getFailures()).as(failures(summary)).isEmpty();
        // Four classes × three inherited tests, plus the two nested tests.
        assertThat(summary.getTestsSucceededCount()).isEqualTo(14);
        assertThat(Seen.allMet).as("the four classes' tests ran at the same time").isTrue();

        Map<String, List<Seen.Visit>> byClass = Seen.VISITS.stream().collect(Collectors.groupingBy(Seen.Visit::testClass));
        Set<String> databases = new java.util.HashSet<>();
        Set<Portal> portals = new java.util.HashSet<>();
        for (Class<?> c : CLASSES) {
            List<Seen.Visit> visits = byClass.get(c.getName());
            assertThat(visits).as(c.getSimpleName()).isNotEmpty();
            assertThat(visits).extracting(Seen.Visit::where).contains("test", "rows", "race", "afterAll");
            Seen.Visit first = visits.get(0);
            // One database and one Portal for everything the class did, on whatever thread.
            assertThat(visits).allSatisfy(v -> {
                assertThat(v.database()).isEqualTo(first.database());
                assertThat(v.injected()).isEqualTo(first.database());
                assertThat(v.currentDatabase()).isEqualTo(first.database());
                assertThat(v.portal()).isSameAs(first.portal());
            });
            databases.add(first.database());
            portals.add(first.portal());
        }
        assertThat(databases).as("a database per class").hasSize(CLASSES.size());
        assertThat(portals).as("a Portal per class").hasSize(CLASSES.size());

        Seen.Visit outer = byClass.get(OuterWithNested.class.getName()).get(0);
        List<Seen.Visit> nested = Seen.VISITS.stream().filter(v -> v.where().equals("nested test")).toList();
        assertThat(nested).hasSize(2).allSatisfy(v -> {
            assertThat(v.database()).isEqualTo(outer.database());
            assertThat(v.currentDatabase()).isEqualTo(outer.database());
            assertThat(v.portal()).isSameAs(outer.portal());
        });

        // Closed and dropped after their classes; the nested classes made none of their own to leak.
        for (Portal p : portals) {
            assertThat(((HikariDataSource) p.dataSource()).isClosed()).isTrue();
        }
        TestDatabase look = TestDatabases.empty();
        try {
            assertThat(Queries.column(look.dataSource(), "SELECT datname FROM pg_database")).doesNotContainAnyElementsOf(databases);
        } finally {
            TestDatabases.server().dropDatabase(look.name());
        }
    }

    @Test
    void withoutTheLaunchTheFixturesDoNotRun() {
        Seen.reset(CLASSES.size());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(CLASSES.stream().map(c -> selectClass(c)).toList())
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        assertThat(listener.getSummary().getTestsStartedCount()).isZero();
        assertThat(Seen.VISITS).isEmpty();
    }

    private static TestExecutionSummary launch() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(CLASSES.stream().map(c -> selectClass(c)).toList())
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameter(OnlyWhenLaunched.PARAMETER, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "8")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        StringWriter out = new StringWriter();
        summary.printFailuresTo(new PrintWriter(out), 30);
        return out.toString();
    }
}
