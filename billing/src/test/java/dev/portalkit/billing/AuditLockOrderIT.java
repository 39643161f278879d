package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.Role;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A charge's last statement writes its audit row (taking the chain head's lock) before the
 * statement's foreign-key checks lock the referenced user FOR KEY SHARE. A restore that held the
 * user row FOR UPDATE and then audited would wait for the head while the charge waited for the
 * user: a deadlock (this test saw several). Auth locks users FOR NO KEY UPDATE, which a
 * foreign-key check does not wait for.
 */
class AuditLockOrderIT {

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(new InMemoryPaymentGateway(), null);

    private static long deadlocks() throws InterruptedException {
        // Statistics reach the shared counters within a second of the transaction that counted them.
        Thread.sleep(1_200);
        return Queries.number(kit.portal().dataSource(),
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }

    @Test
    void chargesAndUpdatesOfTheSameUserNeverDeadlock() throws Exception {
        UUID user = BillingTests.user(kit.portal(), "payer");
        PaymentService payments = kit.portal().service(PaymentService.class);
        UserService users = kit.portal().service(UserService.class);
        long before = deadlocks();
        // Restoring a user locks its row first (then updates it and audits at COMMIT).
        users.delete(user, CallContext.system("race"));
        List<Race.Outcome<Void>> results = Race.run(6, i -> () -> {
            for (int n = 0; n < 60; n++) {
                if (i % 2 == 0) {
                    try {
                        payments.charge(ChargeRequest.of(user, 100, "EUR", "Race", BillingTests.key()), BillingTests.CLIENT);
                    } catch (NotFoundException e) {
                        // the user was deleted at that moment
                    }
                } else if (i == 1) {
                    users.restore(user, CallContext.system("race"));
                    users.delete(user, CallContext.system("race"));
                } else {
                    try {
                        users.changeRole(user, n % 2 == 0 ? Role.STAFF : Role.MEMBER, CallContext.system("race"));
                    } catch (NotFoundException e) {
                        // deleted at that moment
                    }
                }
            }
            return null;
        });
        assertThat(results).as("every call succeeds").extracting(Race.Outcome::value).containsOnlyNulls();
        assertThat(deadlocks() - before).as("deadlocks PostgreSQL broke during the race").isZero();
        assertThat(kit.portal().service(ActivityLog.class).verify().intact()).isTrue();
    }
}
