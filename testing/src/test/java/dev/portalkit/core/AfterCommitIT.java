package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Transactions;
import dev.portalkit.testing.PortalExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of {@link Transactions#afterCommit}: an action runs once the outermost transaction has
 * committed (its changes visible to others, no transaction open), in the order registered; never when
 * it rolls back, however it rolls back; a joined call's action waits for the outermost commit.
 */
class AfterCommitIT {

    /** A module with no tables that hands the test the Portal's {@link Transactions}, as a module's services get it. */
    static final class Probe implements PortalModule {

        volatile Transactions tx;

        @Override
        public String name() {
            return "aftercommit";
        }

        @Override
        public String migrationLocation() {
            return "classpath:dev/portalkit/core/aftercommit/none";
        }

        @Override
        public void start(ModuleContext context) {
            tx = context.transactions();
        }
    }

    static final Setting<String> MARK = Setting.string("test.aftercommit", "none");
    static final Probe PROBE = new Probe();
    static final CallContext CTX = CallContext.of(UUID.randomUUID(), "127.0.0.1", "after-commit-test");

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().install(PROBE).configure(b -> b.settings(MARK)).build();

    /** What each action saw when it ran: its name and the setting as another connection reads it. */
    final List<String> ran = new CopyOnWriteArrayList<>();
    Transactions tx;
    SettingsService settings;

    @BeforeEach
    void reset() {
        tx = PROBE.tx;
        settings = kit.portal().service(SettingsService.class);
        settings.reset(MARK, CTX);
    }

    private Runnable action(String name) {
        return () -> ran.add(name + ":" + (tx.active() ? "in a transaction" : settings.get(MARK)));
    }

    @Test
    void runsAfterTheCommitInTheOrderRegistered() {
        String result = tx.call(() -> {
            settings.set(MARK, "committed", CTX);
            tx.afterCommit(action("first"));
            tx.afterCommit(action("second"));
            assertThat(ran).as("nothing runs before the commit").isEmpty();
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(ran).containsExactly("first:committed", "second:committed");
    }

    @Test
    void neverRunsWhenTheWorkFails() {
        IllegalStateException failure = new IllegalStateException("work failed");
        assertThatThrownBy(() -> tx.run(() -> {
            settings.set(MARK, "rolled back", CTX);
            tx.afterCommit(action("after"));
            throw failure;
        })).isSameAs(failure);
        assertThat(settings.get(MARK)).isEqualTo("none");
        assertThat(ran).isEmpty();
    }

    @Test
    void neverRunsWhenACaughtFailureInsideRollsTheTransactionBack() {
        assertThatThrownBy(() -> kit.portal().inTransaction(() -> {
            tx.afterCommit(action("after"));
            try {
                settings.set(Setting.string("test.undeclared", "x"), "y", CTX);
            } catch (PortalException swallowed) {
                // the host ignores it; the transaction still rolls back
            }
        })).isInstanceOf(PortalException.class)
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK));
        assertThat(ran).isEmpty();
    }

    @Test
    void aJoinedCallsActionWaitsForTheOutermostCommit() {
        kit.portal().inTransaction(() -> {
            tx.run(() -> {
                settings.set(MARK, "outer", CTX);
                tx.afterCommit(action("joined"));
            });
            assertThat(ran).as("the joined call returned, the transaction is still open").isEmpty();
            tx.afterCommit(action("host"));
        });
        assertThat(ran).containsExactly("joined:outer", "host:outer");
    }

    @Test
    void insideInTransactionAFailureAfterwardsDropsTheActions() {
        assertThatThrownBy(() -> kit.portal().inTransaction(() -> {
            tx.run(() -> tx.afterCommit(action("joined")));
            throw new IllegalArgumentException("host changed its mind");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(ran).isEmpty();
    }

    @Test
    void onlyTheAttemptThatCommittedRunsItsActionsWhenARetryingCallRepeats() {
        int[] attempts = {0};
        tx.runRetrying(() -> {
            int attempt = ++attempts[0];
            tx.afterCommit(action("attempt " + attempt));
            if (attempt == 1) {
                throw new PortalException(CoreError.SERIALIZATION_FAILURE);
            }
        });
        assertThat(attempts[0]).isEqualTo(2);
        assertThat(ran).containsExactly("attempt 2:none");
    }

    @Test
    void aFailingActionLeavesTheCommitAndTheOtherActionsAlone() {
        tx.run(() -> {
            settings.set(MARK, "kept", CTX);
            tx.afterCommit(() -> {
                throw new IllegalStateException("follow-up failed");
            });
            tx.afterCommit(action("next"));
        });
        assertThat(settings.get(MARK)).isEqualTo("kept");
        assertThat(ran).containsExactly("next:kept");
    }

    @Test
    void needsATransactionWithACommit() {
        assertThatThrownBy(() -> tx.afterCommit(action("outside")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No PortalKit transaction is open");
        assertThatThrownBy(() -> tx.read(() -> {
            tx.afterCommit(action("read"));
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("Transactions.read has no commit");
        assertThat(ran).isEmpty();
    }

    @Test
    void inAPlainJdbcHostsTransactionThereIsNoCommitToWaitForSoItIsRefused() throws java.sql.SQLException {
        try (java.sql.Connection c = kit.portal().dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> kit.portal().joining(c, () -> tx.afterCommit(action("never"))))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("joining");
            c.rollback();
        }
        assertThat(ran).isEmpty();
    }
}
