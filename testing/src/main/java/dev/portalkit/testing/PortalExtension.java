package dev.portalkit.testing;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.Problems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstancePreDestroyCallback;

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
 *
 * <p>The field may sit in an abstract base class that many test classes extend, and JUnit may run
 * those classes in parallel: each class's database and Portal are kept in JUnit's store of that
 * class, not in this object. A {@code @Nested} class uses its enclosing class's database and Portal.
 */
public final class PortalExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestInstancePreConstructCallback, TestInstancePreDestroyCallback, ParameterResolver {

    private static final String KEY = "class";

    private final List<PortalModule> modules;
    private final String schema;
    private final BiConsumer<Portal.Builder, TestDatabase> customizer;
    private final Clock clock;
    /** Which class's state the accessors answer with on this thread; the state itself is in the Store. */
    private final Current current = new Current();

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

    /**
     * The class's database and Portal, kept in the class's store. A {@code @Nested} class finds its
     * enclosing class's there (the store looks up its parents) and uses them rather than making its own.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        ClassState state = state(context);
        if (state == null) {
            // Put only once made: a failed start leaves nothing in the store for afterAll to trip on.
            state = open(context);
            context.getStore(namespace()).put(KEY, state);
        }
        current.push(state);
    }

    private ClassState open(ExtensionContext context) {
        TestDatabase database = TestDatabases.migrated(schema, modules);
        try {
            Portal.Builder b = Portal.builder()
                    .jdbcUrl(database.jdbcUrl()).username(database.username()).password(database.password())
                    // The owner, should a customizer turn migrations on (the runtime role cannot migrate).
                    .migrationDataSource(database.directDataSource())
                    .schema(schema)
                    .minimumIdle(0)
                    // The template is migrated already; VALIDATE would only repeat the work.
                    .migration(MigrationMode.NONE)
                    // A test's statements, round trips and pooled connections are its own: no
                    // sealer runs in the background. Call ActivityLog.seal(), or turn it back on
                    // with configure(b -> b.backgroundSealing(true)).
                    .backgroundSealing(false)
                    .install(modules.toArray(PortalModule[]::new));
            if (clock != null) {
                b.clock(clock);
            }
            customizer.accept(b, database);
            return new ClassState(context.getUniqueId(), database, b.build());
        } catch (RuntimeException | Error e) {
            try {
                TestDatabases.server().dropDatabase(database.name());
            } catch (RuntimeException dropping) {
                e.addSuppressed(dropping);
            }
            throw e;
        }
    }

    /** Closes the Portal and drops the database after the class that made them; a nested class leaves them. */
    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace());
        ClassState state = store.get(KEY, ClassState.class);
        if (state == null) {
            return;
        }
        try {
            if (state.owner().equals(context.getUniqueId())) {
                store.remove(KEY);
                state.close();
            }
        } finally {
            current.pop(state);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        push(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        pop(context);
    }

    /** So field initializers and constructors of the test instance may call {@link #portal()} too. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
        push(context);
    }

    @Override
    public void preDestroyTestInstance(ExtensionContext context) {
        pop(context);
    }

    private void push(ExtensionContext context) {
        ClassState state = state(context);
        if (state != null) {
            current.push(state);
        }
    }

    private void pop(ExtensionContext context) {
        ClassState state = state(context);
        if (state != null) {
            current.pop(state);
        }
    }

    private ClassState state(ExtensionContext context) {
        return context.getStore(namespace()).get(KEY, ClassState.class);
    }

    /** Per extension object: two PortalExtensions on one class keep apart. */
    private ExtensionContext.Namespace namespace() {
        return ExtensionContext.Namespace.create(PortalExtension.class, this);
    }

    /**
     * The Portal of the running test class. Works on JUnit's threads in any of the class's callbacks,
     * constructors and tests, with classes running in parallel, and on threads a test starts (they
     * inherit it); elsewhere only while a single class uses this extension.
     */
    public Portal portal() {
        return current.get("Portal").portal();
    }

    /** The database of the running test class (see {@link #portal()} for which threads may ask). */
    public TestDatabase database() {
        return current.get("database").database();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == Portal.class || type == DataSource.class || type == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ClassState state = state(e);
        if (state == null) {
            throw new ParameterResolutionException(Current.NONE);
        }
        Class<?> type = p.getParameter().getType();
        if (type == Portal.class) {
            return state.portal();
        }
        if (type == DataSource.class) {
            return state.portal().dataSource();
        }
        return state.database();
    }

    public static final class Builder {
        private final List<PortalModule> modules = new ArrayList<>();
        private String schema = "portal";
        private BiConsumer<Portal.Builder, TestDatabase> customizer = (b, db) -> { };
        private Clock clock;
        private boolean nullCustomizer;

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
            modules.addAll(more == null ? Collections.singletonList(null) : Arrays.asList(more));
            return this;
        }

        /** The PortalKit schema. (default: portal) */
        public Builder schema(String name) {
            this.schema = name;
            return this;
        }

        /** Further settings for the Portal, e.g. {@code b -> b.maximumPoolSize(12)}; applied last. */
        public Builder configure(Consumer<Portal.Builder> more) {
            return configure(more == null ? null : (b, db) -> more.accept(b));
        }

        /**
         * Further settings that need the class's database, e.g. a connection option:
         * {@code (b, db) -> b.jdbcUrl(db.jdbcUrl() + "?options=-c%20default_transaction_isolation%3Dserializable")}.
         */
        public Builder configure(BiConsumer<Portal.Builder, TestDatabase> more) {
            if (more == null) {
                nullCustomizer = true;
                return this;
            }
            this.customizer = this.customizer.andThen(more);
            return this;
        }

        /**
         * @throws dev.portalkit.core.PortalConfigurationException (PK-1000) listing every problem: a
         *         null module or customizer, a schema that is not a lowercase identifier
         */
        public PortalExtension build() {
            Problems problems = new Problems();
            problems.check(!modules.contains(null), "install() got a null module");
            problems.check(!nullCustomizer, "configure() got null");
            problems.check(schema != null && schema.matches("[a-z_][a-z0-9_]{0,62}"),
                    "schema must be a lowercase SQL identifier such as portal, was %s", schema);
            problems.throwIfAny();
            return new PortalExtension(this);
        }
    }
}
