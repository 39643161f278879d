package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.EmailTakenException;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.testing.Race;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * PortalKit's calls inside the host's @Transactional (Boot's JdbcTransactionManager) and TransactionTemplate:
 * the host's row, PortalKit's rows, its audit rows and its queued e-mail commit or roll back together, and a
 * PortalKit failure the host swallows still rolls the whole transaction back.
 */
@SpringBootTest(classes = HostApp.class, properties = "portalkit.schema=tx_it")
class TransactionParticipationIT {

    static final String S = "tx_it";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    HostOrders host;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    UserService users;
    @Autowired
    EmailService emails;
    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeAll
    static void template(@Autowired EmailTemplateService templates) {
        if (templates.find("welcome", "en").isEmpty()) {
            templates.create("welcome", "en", TemplateContent.of("Welcome", null, "Hello {{name}}", "name"),
                    HostOrders.CONTEXT);
        }
    }

    @Test
    void bootsDefaultTransactionManagerIsJdbcTransactionManager() {
        assertThat(transactionManager).isInstanceOf(JdbcTransactionManager.class);
    }

    @Test
    void hostFailureRollsBackTheHostRowPortalKitsRowsItsAuditAndTheQueuedEmail() {
        long audit = auditRows();
        assertThatThrownBy(() -> host.orderAndRegister("rollback@example.com", true))
                .isInstanceOf(IllegalStateException.class).hasMessage("the host's own failure");
        assertThat(orders("rollback@example.com")).isZero();
        assertThat(users.findByEmail("rollback@example.com")).isEmpty();
        assertThat(queued("rollback@example.com")).isZero();
        assertThat(auditRows()).isEqualTo(audit);
    }

    @Test
    void successCommitsTheHostRowAndPortalKitsRowsTogether() {
        long audit = auditRows();
        var id = host.orderAndRegister("commit@example.com", false);
        assertThat(orders("commit@example.com")).isOne();
        assertThat(users.find(id)).get().extracting(u -> u.email()).isEqualTo("commit@example.com");
        assertThat(queued("commit@example.com")).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + S + ".activity_logs WHERE entity_id = ?", Long.class, id))
                .isPositive();
        assertThat(auditRows()).isGreaterThan(audit);
    }

    @Test
    void aPortalKitFailureTheHostSwallowsStillRollsTheCommitBack() {
        users.register(NewUser.member("taken@example.com", "correct horse battery", "First"), HostOrders.CONTEXT);
        long audit = auditRows();
        assertThatThrownBy(() -> host.orderAndSwallowPortalFailure("taken@example.com"))
                .isInstanceOf(UnexpectedRollbackException.class);
        assertThat(orders("taken@example.com")).isZero();
        assertThat(auditRows()).isEqualTo(audit);
    }

    @Test
    void transactionTemplateJoinsTheSameWay() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        long audit = auditRows();
        assertThatCode(() -> tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO " + host.table() + " (email) VALUES (?)", "template@example.com");
            users.register(NewUser.member("template@example.com", "correct horse battery", "T"), HostOrders.CONTEXT);
            status.setRollbackOnly();
        })).doesNotThrowAnyException();
        assertThat(orders("template@example.com")).isZero();
        assertThat(users.findByEmail("template@example.com")).isEmpty();
        assertThat(auditRows()).isEqualTo(audit);

        users.register(NewUser.member("template-taken@example.com", "correct horse battery", "T"), HostOrders.CONTEXT);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO " + host.table() + " (email) VALUES (?)", "template-taken@example.com");
            try {
                users.register(NewUser.member("template-taken@example.com", "correct horse battery", "T"),
                        HostOrders.CONTEXT);
            } catch (EmailTakenException swallowed) {
                // the commit must refuse all the same
            }
        })).isInstanceOf(UnexpectedRollbackException.class);
        assertThat(orders("template-taken@example.com")).isZero();

        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO " + host.table() + " (email) VALUES (?)", "template-ok@example.com");
            users.register(NewUser.member("template-ok@example.com", "correct horse battery", "T"), HostOrders.CONTEXT);
        });
        assertThat(orders("template-ok@example.com")).isOne();
        assertThat(users.findByEmail("template-ok@example.com")).isPresent();
    }

    @Test
    void aBurstOfSixteenTransactionsHalfFailingLeavesExactCounts() {
        // What one committed call writes to the audit trail, measured first.
        long before = auditRows();
        host.orderAndRegister("burst-probe@example.com", false);
        long perCall = auditRows() - before;
        assertThat(perCall).isPositive();

        long audit = auditRows();
        AtomicInteger hostFailures = new AtomicInteger();
        List<Race.Outcome<Object>> outcomes = Race.run(16, i -> () -> {
            boolean fail = i % 2 == 0;
            try {
                return host.orderAndRegister("burst-" + i + "@example.com", fail);
            } catch (IllegalStateException e) {
                hostFailures.incrementAndGet();
                throw e;
            }
        });
        assertThat(outcomes.stream().filter(Race.Outcome::failed).count()).isEqualTo(8);
        assertThat(hostFailures).hasValue(8);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + host.table() + " WHERE email LIKE 'burst-%@example.com'"
                + " AND email <> 'burst-probe@example.com'", Long.class)).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + S + ".users WHERE email LIKE 'burst-%@example.com'"
                + " AND email <> 'burst-probe@example.com'", Long.class)).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + S + ".email_logs WHERE to_address LIKE 'burst-%@example.com'"
                + " AND to_address <> 'burst-probe@example.com'", Long.class)).isEqualTo(8);
        assertThat(auditRows() - audit).isEqualTo(8 * perCall);
        for (int i = 0; i < 16; i++) {
            String email = "burst-" + i + "@example.com";
            boolean committed = i % 2 == 1;
            assertThat(orders(email)).as(email).isEqualTo(committed ? 1 : 0);
            assertThat(users.findByEmail(email).isPresent()).as(email).isEqualTo(committed);
            assertThat(queued(email)).as(email).isEqualTo(committed ? 1 : 0);
        }
    }

    @Test
    void outsideATransactionEachCallCommitsOnItsOwn() {
        users.register(NewUser.member("alone@example.com", "correct horse battery", "A"), HostOrders.CONTEXT);
        assertThatThrownBy(() -> users.register(NewUser.member("alone@example.com", "correct horse battery", "A"),
                HostOrders.CONTEXT)).isInstanceOf(EmailTakenException.class);
        assertThat(users.findByEmail("alone@example.com")).isPresent();
        emails.queue("welcome", null, "alone@example.com", Map.of("name", "A"), null, HostOrders.CONTEXT);
        assertThat(queued("alone@example.com")).isOne();
    }

    @Test
    void theRollbackCauseReachesTheHostThroughTheTransactionManagerOnlyAsARollback() {
        users.register(NewUser.member("cause@example.com", "correct horse battery", "C"), HostOrders.CONTEXT);
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        PortalException[] seen = new PortalException[1];
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            try {
                users.register(NewUser.member("cause@example.com", "correct horse battery", "C"), HostOrders.CONTEXT);
            } catch (EmailTakenException e) {
                seen[0] = e;
            }
            assertThat(status.isRollbackOnly()).isTrue();
        })).isInstanceOf(UnexpectedRollbackException.class);
        assertThat(seen[0].code()).isNotEqualTo(CoreError.TRANSACTION_ROLLED_BACK);
    }

    private long orders(String email) {
        return jdbc.queryForObject("SELECT count(*) FROM " + host.table() + " WHERE email = ?", Long.class, email);
    }

    private long queued(String email) {
        return jdbc.queryForObject("SELECT count(*) FROM " + S + ".email_logs WHERE to_address = ?", Long.class, email);
    }

    private long auditRows() {
        return jdbc.queryForObject("SELECT count(*) FROM " + S + ".activity_logs", Long.class);
    }
}
