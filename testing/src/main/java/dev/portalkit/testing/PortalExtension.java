package dev.portalkit.testing;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test class a migrated {@link Portal} on a database of its own, cloned from a template
 * migrated once per JVM. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PortalExtension portalKit = PortalExtension.builder()
 *         .install(new AuthModule())
 *         .clock(testClock)
 *         .build();
 *
 * @Test
 * void registers(Portal portal) { ... }      // or portalKit.portal()
 * }</pre>
 *
 * Test methods may also ask for the {@link DataSource} (the Portal's pool) or the
 * {@link TestDatabase}. The database is dropped after the class. See {@link TestDatabases} for how
 * the server is chosen, and for {@code PORTALKIT_TEST_ROLES=split}, under which the Portal's pool
 * connects as a runtime role with DML rights only and the owner migrates.
 */
public final class PortalExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final List<PortalModule> modules;
    private final String schema;
    private final BiConsumer<Portal.Builder, TestDatabase> customizer;
    private final Clock clock;
    private TestDatabase database;
    private Portal portal;

    private PortalExtension(Builder b) {
        this.modules = List.copyOf(b.modules);
        this.schema = b.schema;
        this.customizer = b.customizer;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A Portal with only portalkit-core. */
    public static PortalExtension core() {
        return builder().build();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabases.migrated(schema, modules);
        Portal.Builder b = Portal.builder()
                .jdbcUrl(database.jdbcUrl()).username(database.username()).password(database.password())
                // The owner, should a customizer turn migrations on (the runtime role cannot migrate).
                .migrationDataSource(database.directDataSource())
                .schema(schema)
                .minimumIdle(0)
                // The template is migrated already; VALIDATE would only repeat the work.
                .migration(MigrationMode.NONE)
                .install(modules.toArray(PortalModule[]::new));
        if (clock != null) {
            b.clock(clock);
        }
        customizer.accept(b, database);
        portal = b.build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (portal != null) {
                portal.close();
            }
        } finally {
            portal = null;
            if (database != null) {
                TestDatabases.server().dropDatabase(database.name());
                database = null;
            }
        }
    }

    /** The Portal of the running test class. */
    public Portal portal() {
        if (portal == null) {
            throw new IllegalStateException("No Portal: register PortalExtension on a static field with @RegisterExtension");
        }
        return portal;
    }

    /** The database of the running test class. */
    public TestDatabase database() {
        if (database == null) {
            throw new IllegalStateException("No database: register PortalExtension on a static field with @RegisterExtension");
        }
        return database;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == Portal.class || type == DataSource.class || type == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        if (type == Portal.class) {
            return portal();
        }
        if (type == DataSource.class) {
            return portal().dataSource();
        }
        return database();
    }

    public static final class Builder {
        private final List<PortalModule> modules = new ArrayList<>();
        private String schema = "portal";
        private BiConsumer<Portal.Builder, TestDatabase> customizer = (b, db) -> { };
        private Clock clock;

        private Builder() {
        }

        /**
         * The Portal's clock, e.g. a {@link TestClock}; {@code null} keeps the system clock, so a
         * suite's helper can pass its optional clock straight through. A {@link #configure} that sets
         * a clock wins, being applied last.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Modules to install (and migrate into the template). */
        public Builder install(PortalModule... more) {
            modules.addAll(Arrays.asList(more));
            return this;
        }

        /** The PortalKit schema. (default: portal) */
        public Builder schema(String name) {
            this.schema = name;
            return this;
        }

        /** Further settings for the Portal, e.g. {@code b -> b.maximumPoolSize(12)}; applied last. */
        public Builder configure(Consumer<Portal.Builder> more) {
            return configure((b, db) -> more.accept(b));
        }

        /**
         * Further settings that need the class's database, e.g. a connection option:
         * {@code (b, db) -> b.jdbcUrl(db.jdbcUrl() + "?options=-c%20default_transaction_isolation%3Dserializable")}.
         */
        public Builder configure(BiConsumer<Portal.Builder, TestDatabase> more) {
            this.customizer = this.customizer.andThen(more);
            return this;
        }

        public PortalExtension build() {
            return new PortalExtension(this);
        }
    }
}
