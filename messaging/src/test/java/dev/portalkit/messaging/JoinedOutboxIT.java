package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #18: the outbox in a plain JDBC host's transaction ({@code portal.joining}). The e-mail and its
 * audit row are written on the host's connection next to the host's own row, and the three commit or
 * roll back together when the host ends its transaction: an e-mail exists if and only if the host's
 * business change does. The host's connections come from its own DataSource, not the Portal's pool.
 */
class JoinedOutboxIT {

    static final RecordingSender sender = new RecordingSender();

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(sender, null);

    @BeforeAll
    static void setUp() throws SQLException {
        kit.portal().service(EmailTemplateService.class).create("order-placed", "en",
                TemplateContent.of("Order {{order}}", null, "Thanks for order {{order}}", "order"), ADMIN);
        hostTable(kit.database(), "id uuid PRIMARY KEY, customer text NOT NULL");
    }

    /** The host's own table, made by the owner (a runtime role may not create schemas) and granted to the Portal's role. */
    static void hostTable(dev.portalkit.testing.TestDatabase db, String columns) throws java.sql.SQLException {
        try (java.sql.Connection c = db.directDataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA host_app");
            s.execute("CREATE TABLE host_app.orders (" + columns + ")");
            if (db.username() != null && !db.username().equals(db.ownerUsername())) {
                s.execute("GRANT USAGE ON SCHEMA host_app TO \"" + db.username() + "\"");
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA host_app TO \"" + db.username() + "\"");
                s.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA host_app TO \"" + db.username() + "\"");
            }
        }
    }

    /** The host's own DataSource on the same database. */
    private static DataSource host() {
        return kit.database().dataSource();
    }

    private Portal portal() {
        return kit.portal();
    }

    private EmailService emails() {
        return portal().service(EmailService.class);
    }

    /**
     * The host's unit of work on its own connection: insert an order, queue its e-mail through PortalKit,
     * then commit or roll back. Returns the e-mail queued.
     */
    private EmailLog placeOrder(UUID order, String customer, boolean commit) throws SQLException {
        try (Connection c = host().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO host_app.orders (id, customer) VALUES (?, ?)")) {
                ps.setObject(1, order);
                ps.setString(2, customer);
                ps.executeUpdate();
            }
            EmailLog queued = portal().joining(c, () ->
                    emails().queue("order-placed", "en", customer, Map.of("order", order.toString()), null, ADMIN));
            // Seen on the host's connection before it ends: the same transaction.
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM " + portal().schema() + ".email_logs WHERE id = '"
                         + queued.id() + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
            return queued;
        }
    }

    private long orders(UUID order) {
        return Queries.number(host(), "SELECT count(*) FROM host_app.orders WHERE id = ?", order);
    }

    private long emailRows(UUID emailId) {
        return MessagingTests.count(portal(), "email_logs WHERE id = ?", emailId);
    }

    private long auditRows(UUID emailId) {
        return MessagingTests.count(portal(), "activity_logs WHERE entity_id = ?", emailId);
    }

    @Test
    void aHostRollbackTakesTheEmailAndItsAuditRowWithTheHostsRow() throws SQLException {
        UUID order = UUID.randomUUID();
        EmailLog queued = placeOrder(order, TestData.email("rolledback"), false);
        assertThat(orders(order)).isZero();
        assertThat(emailRows(queued.id())).isZero();
        assertThat(auditRows(queued.id())).isZero();
        assertThat(emails().find(queued.id())).isEmpty();
    }

    @Test
    void aHostCommitKeepsTheHostsRowTheEmailAndItsAuditRow() throws SQLException {
        UUID order = UUID.randomUUID();
        EmailLog queued = placeOrder(order, TestData.email("committed"), true);
        assertThat(orders(order)).isEqualTo(1);
        assertThat(emails().find(queued.id()).orElseThrow().status()).isEqualTo(EmailStatus.QUEUED);
        assertThat(MessagingTests.audits(portal(), queued.id(), "email.queued")).isEqualTo(1);
        assertThat(auditRows(queued.id())).isEqualTo(1);
    }

    @Test
    void sixteenHostsAtOnceEachOnItsOwnConnectionHalfRollingBack() {
        int threads = 16;
        UUID[] orders = new UUID[threads];
        String[] customers = new String[threads];
        for (int i = 0; i < threads; i++) {
            orders[i] = UUID.randomUUID();
            customers[i] = TestData.email("burst" + i);
        }
        List<Race.Outcome<EmailLog>> outcomes = Race.run(threads, i -> () -> placeOrder(orders[i], customers[i], i % 2 == 0));

        long committedEmails = 0;
        for (int i = 0; i < threads; i++) {
            EmailLog queued = outcomes.get(i).value(); // every host's unit of work ran to its end
            boolean committed = i % 2 == 0;
            String what = "host " + i + (committed ? " (committed)" : " (rolled back)");
            assertThat(orders(orders[i])).as(what + ": its order").isEqualTo(committed ? 1 : 0);
            assertThat(emailRows(queued.id())).as(what + ": its e-mail").isEqualTo(committed ? 1 : 0);
            assertThat(auditRows(queued.id())).as(what + ": its audit rows").isEqualTo(committed ? 1 : 0);
            committedEmails += emailRows(queued.id());
        }
        assertThat(committedEmails).isEqualTo(threads / 2);
        assertThat(Queries.number(host(), "SELECT count(*) FROM host_app.orders WHERE id = ANY (?)", (Object) orders))
                .isEqualTo(threads / 2);
        assertThat(MessagingTests.count(portal(), "email_logs WHERE to_address = ANY (?)", (Object) customers))
                .isEqualTo(threads / 2);
        assertThat(MessagingTests.count(portal(), "activity_logs WHERE action = 'email.queued' AND entity_id IN"
                + " (SELECT id FROM " + portal().schema() + ".email_logs WHERE to_address = ANY (?))", (Object) customers))
                .isEqualTo(threads / 2);
    }
}
