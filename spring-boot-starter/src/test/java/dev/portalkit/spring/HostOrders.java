package dev.portalkit.spring;

import dev.portalkit.auth.EmailTakenException;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.messaging.EmailService;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.annotation.Transactional;

/** A host service: its own table beside PortalKit's calls, in one @Transactional method. */
public class HostOrders {

    static final CallContext CONTEXT = CallContext.system("host-test");

    private final JdbcTemplate jdbc;
    private final UserService users;
    private final EmailService emails;
    private final String table;

    public HostOrders(JdbcTemplate jdbc, UserService users, EmailService emails, Portal portal,
                      @Value("${portalkit.schema}") String schema, @Value("${test.owner.url}") String ownerUrl,
                      @Value("${test.owner.username}") String owner, @Value("${test.owner.password}") String ownerPassword,
                      @Value("${test.runtime-role}") String runtimeRole) {
        this.jdbc = jdbc;
        this.users = users;
        this.emails = emails;
        // The host's table, outside PortalKit's schema, named per test class.
        this.table = "public.orders_" + schema;
        SpringTestDatabase.hostDdl(new DriverManagerDataSource(ownerUrl, owner, ownerPassword), runtimeRole,
                "CREATE TABLE IF NOT EXISTS " + table + " (id bigserial PRIMARY KEY, email text NOT NULL)");
    }

    String table() {
        return table;
    }

    /** An order, a new user and a welcome e-mail; then the host fails if asked to. */
    @Transactional
    public UUID orderAndRegister(String email, boolean hostFails) {
        jdbc.update("INSERT INTO " + table + " (email) VALUES (?)", email);
        User user = users.register(NewUser.member(email, "correct horse battery", "Customer"), CONTEXT);
        emails.queue("welcome", null, email, Map.of("name", "Customer"), null, CONTEXT);
        if (hostFails) {
            throw new IllegalStateException("the host's own failure");
        }
        return user.id();
    }

    /** An order, then a registration that fails (the e-mail is taken) and that the host swallows. */
    @Transactional
    public void orderAndSwallowPortalFailure(String email) {
        jdbc.update("INSERT INTO " + table + " (email) VALUES (?)", email);
        try {
            users.register(NewUser.member(email, "correct horse battery", "Again"), CONTEXT);
        } catch (EmailTakenException expected) {
            // A careless host carries on: the commit must still refuse.
        }
    }
}
