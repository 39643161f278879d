package dev.portalkit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
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

    static PortalExtension portal(EmailSender sender, Clock clock, UnaryOperator<MessagingOptions.Builder> options) {
        MessagingOptions built = options.apply(MessagingOptions.builder().from(FROM).sender(sender)).build();
        return PortalExtension.builder()
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()), new MessagingModule(built))
                .configure(b -> {
                    if (clock != null) {
                        b.clock(clock);
                    }
                })
                .build();
    }

    static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static String key(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static User user(Portal portal, String name) {
        return portal.service(UserService.class).register(NewUser.member(email(name), "correct horse battery", name),
                CallContext.anonymous("203.0.113.9", "JUnit"));
    }

    /** A count straight from the database, e.g. {@code count(portal, "email_logs WHERE to_address = ?", to)}. */
    static long count(Portal portal, String fromWhere, Object... params) {
        try (Connection c = portal.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + portal.schema() + "." + fromWhere)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
