package dev.portalkit.examples.spring;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.content.ContentModule;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database of the test kit's server for one test class (PORTALKIT_TEST_JDBC_URL, or the embedded
 * one), with PortalKit's schema already migrated from a template: the application's own PortalKit
 * migration run then finds nothing pending, as on a restart, and Spring Boot's Flyway adds the host's
 * table. Declare it before {@code @SpringBootTest}, with {@code @DirtiesContext(AFTER_CLASS)}: its
 * {@code afterAll} then runs after Spring has closed the application, and drops the database.
 */
final class ExampleDatabase implements BeforeAllCallback, AfterAllCallback {

    private static volatile TestDatabase current;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The modules the application installs; their options do not change the schema (a gateway only
        // keeps billing from warning that it has none).
        current = TestDatabases.migrated("portal", List.of(new AuthModule(),
                new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()),
                new ContentModule(), new MessagingModule()));
        if (current.splitRoles()) {
            // PORTALKIT_TEST_ROLES=split: the host's table is created by the owner (spring.flyway.user) and
            // used by the runtime role, as a DBA would set it up for the two-role deployment.
            new JdbcTemplate(current.directDataSource()).execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public"
                    + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \"" + current.username() + "\"");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase db = current;
        current = null;
        if (db != null) {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    static TestDatabase current() {
        if (current == null) {
            throw new IllegalStateException("Declare @ExtendWith(ExampleDatabase.class) before @SpringBootTest");
        }
        return current;
    }

    /**
     * The application's DataSource; migrations (the host's Flyway, PortalKit's) as the schema owner, which
     * is another role with PORTALKIT_TEST_ROLES=split.
     */
    static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> current().jdbcUrl());
        registry.add("spring.datasource.username", () -> current().username());
        registry.add("spring.datasource.password", () -> current().password());
        registry.add("spring.flyway.url", () -> current().directJdbcUrl());
        registry.add("spring.flyway.user", () -> current().ownerUsername());
        registry.add("spring.flyway.password", () -> current().ownerPassword());
        registry.add("portalkit.migration-datasource.url", () -> current().directJdbcUrl());
        registry.add("portalkit.migration-datasource.username", () -> current().ownerUsername());
        registry.add("portalkit.migration-datasource.password", () -> current().ownerPassword());
    }
}
