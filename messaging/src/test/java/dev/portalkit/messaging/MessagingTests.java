package dev.portalkit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowingConsumer;

/** The messaging suite's support: a Portal with auth (bcrypt cost 4) and messaging on a fresh database. */
final class MessagingTests {

    static final String FROM = "Acme <no-reply@acme.example>";
    static final CallContext ADMIN = CallContext.of(null, "203.0.113.9", "JUnit browser");
    static final CallContext JOB = CallContext.system("mail-worker");

    private MessagingTests() {
    }

    static PortalExtension portal(EmailSender sender, Clock clock) {
        return portal(sender, clock, b -> b);
    }

    /** {@code clock} {@code null}: the system clock. */
    static PortalExtension portal(EmailSender sender, Clock clock, UnaryOperator<MessagingOptions.Builder> options) {
        return portal(sender, clock, options, b -> { });
    }

    /** With further Portal settings, e.g. {@code b -> b.meterRegistry(registry)}. */
    static PortalExtension portal(EmailSender sender, Clock clock, UnaryOperator<MessagingOptions.Builder> options,
                                  Consumer<Portal.Builder> more) {
        return PortalExtension.builder()
                .install(modules(options.apply(MessagingOptions.builder().from(FROM).sender(sender)).build()))
                .clock(clock)
                .configure(more)
                .build();
    }

    /**
     * A second Portal on {@code kit}'s database and schema, as another instance of the application would
     * be, connecting through {@code jdbcUrl} (the database's, or a {@code WireCounter}'s in front of it);
     * the caller sizes its pool and builds it.
     */
    static Portal.Builder another(PortalExtension kit, String jdbcUrl, MessagingOptions options) {
        TestDatabase db = kit.database();
        return Portal.builder().jdbcUrl(jdbcUrl).username(db.username()).password(db.password())
                .schema(kit.portal().schema()).migration(MigrationMode.NONE).install(modules(options))
                .backgroundSealing(false); // as the kit's own Portal: a RoundTripsIT counts every round trip
    }

    private static PortalModule[] modules(MessagingOptions options) {
        return new PortalModule[] {new AuthModule(AuthOptions.builder().bcryptCost(4).build()), new MessagingModule(options)};
    }

    static String key(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static User user(Portal portal, String name) {
        return portal.service(UserService.class).register(NewUser.member(TestData.email(name), "correct horse battery", name),
                CallContext.anonymous("203.0.113.9", "JUnit"));
    }

    /** The user's own call from a browser. */
    static CallContext as(User u) {
        return CallContext.of(u.id(), "203.0.113.7", "JUnit");
    }

    /** Creates a template with a new key {@code name-xxxxxxxx} in {@code en}; its key. */
    static String template(Portal portal, String name, TemplateContent content) {
        String key = key(name);
        portal.service(EmailTemplateService.class).create(key, "en", content, ADMIN);
        return key;
    }

    /** A count straight from the database, e.g. {@code count(portal, "email_logs WHERE to_address = ?", to)}. */
    static long count(Portal portal, String fromWhere, Object... params) {
        return Queries.number(portal.dataSource(), "SELECT count(*) FROM " + portal.schema() + "." + fromWhere, params);
    }

    /** How many audit rows about {@code entityId} have {@code action}. */
    static long audits(Portal portal, Object entityId, String action) {
        return count(portal, "activity_logs WHERE entity_id = ? AND action = ?", entityId, action);
    }

    /** What a not-found error must be: core's {@link NotFoundException} (PK-1011) naming this entity and key. */
    static ThrowingConsumer<NotFoundException> notFound(String entity, Object id) {
        return e -> {
            assertThat(e.code()).isEqualTo(CoreError.NOT_FOUND);
            assertThat(e.entity()).isEqualTo(entity);
            assertThat(e.id()).isEqualTo(id);
        };
    }

    static void sql(Portal portal, String statement, Object... params) {
        try (Connection c = portal.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(statement.replace("${schema}", portal.schema()))) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
