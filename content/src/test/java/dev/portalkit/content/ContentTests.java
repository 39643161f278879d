package dev.portalkit.content;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.StatementLog;
import dev.portalkit.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** The content suite's support: auth (bcrypt cost 4) and content on a fresh database. */
final class ContentTests {

    static final String PASSWORD = "correct horse battery";
    static final CallContext VISITOR = CallContext.anonymous("198.51.100.7", "JUnit browser");

    private ContentTests() {
    }

    static PortalExtension portal() {
        return portal(o -> o, null);
    }

    /** With the given content options, and {@code clock} unless it is null. */
    static PortalExtension portal(UnaryOperator<ContentOptions.Builder> options, Clock clock) {
        return builder(options).clock(clock).build();
    }

    /**
     * A Portal whose connections go through {@code log} (not pooled: a connection per call, fine for a
     * test), so a test sees every statement a call sends.
     */
    static PortalExtension recorded(StatementLog log) {
        return builder(o -> o)
                .configure((b, db) -> b.jdbcUrl(null).username(null).password(null).dataSource(log.wrap(db.dataSource())))
                .build();
    }

    private static PortalExtension.Builder builder(UnaryOperator<ContentOptions.Builder> options) {
        return PortalExtension.builder().install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                new ContentModule(options.apply(ContentOptions.builder()).build()));
    }

    static User user(Portal portal, String name) {
        return portal.service(UserService.class).register(NewUser.member(TestData.email(name), PASSWORD, name), VISITOR);
    }

    static CallContext as(User user) {
        return CallContext.of(user.id(), "203.0.113.5", "JUnit editor");
    }

    /** Runs a statement beside PortalKit, as a host's own SQL would. */
    static void execute(Portal portal, String sql, Object... params) {
        try (Connection c = portal.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
