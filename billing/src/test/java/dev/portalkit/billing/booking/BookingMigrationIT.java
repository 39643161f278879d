package dev.portalkit.billing.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** btree_gist: created when missing, used where it already is, and a clear message when it cannot be created. */
class BookingMigrationIT {

    private static Portal portal(TestDatabase db, String schema, String user, String password) {
        return Portal.builder().jdbcUrl(db.directJdbcUrl()).username(user).password(password).schema(schema).minimumIdle(0)
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()), new BillingModule())
                .build();
    }

    private static void sql(TestDatabase db, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.directJdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /**
     * An empty database whose role may create extensions, schemas and roles. These tests do an
     * administrator's work, which neither role of {@code PORTALKIT_TEST_ROLES=split} may do: they run
     * in the other passes and are skipped, with this reason, in that one.
     */
    private static TestDatabase administered() {
        TestDatabase db = TestDatabases.empty();
        if (db.splitRoles()) {
            TestDatabases.server().dropDatabase(db.name());
            Assumptions.abort("creating extensions and roles needs an administrator, not the split roles");
        }
        return db;
    }

    private static String extensionSchema(TestDatabase db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.directJdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                     + " WHERE e.extname = 'btree_gist'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void assertOverlapRefused(Portal portal) {
        CallContext who = CallContext.system("test");
        UserService users = portal.service(UserService.class);
        UUID provider = users.register(NewUser.member(TestData.email("p"), "correct horse battery", "P"), who).id();
        UUID customer = users.register(NewUser.member(TestData.email("c"), "correct horse battery", "C"), who).id();
        Instant start = Instant.now().plus(Duration.ofDays(3));
        BookingService bookings = portal.service(BookingService.class);
        bookings.setAvailability(provider, AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00")), who);
        bookings.book(NewBooking.of(customer, provider, start, start.plus(Duration.ofHours(1)), "UTC", "A"), who);
        assertThatThrownBy(() -> bookings.book(NewBooking.of(customer, provider, start.plus(Duration.ofMinutes(30)),
                start.plus(Duration.ofMinutes(90)), "UTC", "B"), who)).isInstanceOf(BookingConflictException.class);
    }

    @Test
    void createsTheExtensionInItsSchemaWhenMissingAndReusesItForASecondSchema() throws SQLException {
        TestDatabase db = administered();
        try {
            try (Portal p = portal(db, "portal", db.username(), db.password())) {
                assertOverlapRefused(p);
            }
            assertThat(extensionSchema(db)).isEqualTo("portal");
            try (Portal second = portal(db, "tenant_two", db.username(), db.password())) {
                assertOverlapRefused(second);
            }
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void usesTheExtensionWhereItAlreadyIs() throws SQLException {
        TestDatabase db = administered();
        try {
            sql(db, "CREATE EXTENSION btree_gist SCHEMA public");
            try (Portal p = portal(db, "portal", db.username(), db.password())) {
                assertOverlapRefused(p);
            }
            assertThat(extensionSchema(db)).isEqualTo("public");
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void saysClearlyWhenTheExtensionCannotBeCreated() throws SQLException {
        TestDatabase db = administered();
        String role = "pk_limited_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            sql(db, "CREATE ROLE " + role + " LOGIN PASSWORD 'limited-password'");
            sql(db, "CREATE SCHEMA portal AUTHORIZATION " + role);
            sql(db, "REVOKE CREATE ON DATABASE \"" + db.name() + "\" FROM PUBLIC");
            assertThatThrownBy(() -> portal(db, "portal", role, "limited-password").close())
                    .isInstanceOfSatisfying(PortalException.class, e -> assertThat(e.getMessage())
                            .contains("billing").contains("needs the PostgreSQL extension btree_gist")
                            .contains("permission denied").contains("run CREATE EXTENSION btree_gist;"));
        } finally {
            TestDatabases.server().dropDatabase(db.name());
            sql(TestDatabases.empty(), "DROP ROLE IF EXISTS " + role);
        }
    }
}
