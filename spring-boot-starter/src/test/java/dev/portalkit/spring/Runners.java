package dev.portalkit.spring;

import dev.portalkit.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/** ApplicationContextRunners for the cheap configuration tests: the starter on the test database. */
final class Runners {

    private Runners() {
    }

    /** The application's DataSource on the test database, PortalKit in {@code schema}, jobs off. */
    static ApplicationContextRunner onTestDatabase(String schema) {
        TestDatabase db = SpringTestDatabase.DB;
        List<String> properties = new ArrayList<>(List.of(
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.username(),
                "spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                "portalkit.schema=" + schema,
                "portalkit.auth.bcrypt-cost=4",
                "portalkit.messaging.from=Acme <no-reply@acme.example>",
                "portalkit.jobs.enabled=false"));
        if (SpringTestDatabase.migratesElsewhere(db)) {
            properties.add("portalkit.migration-datasource.url=" + db.directJdbcUrl());
            properties.add("portalkit.migration-datasource.username=" + db.ownerUsername());
            properties.add("portalkit.migration-datasource.password=" + db.ownerPassword());
        }
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, PortalKitAutoConfiguration.class))
                .withPropertyValues(properties.toArray(String[]::new));
    }
}
