package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.testing.PortalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lost races are retried a bounded number of times where the work is safe to repeat. */
class RetryIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().install(new DemoModule()).build();

    DemoService demo() {
        return kit.portal().service(DemoService.class);
    }

    @Test
    void serializationFailuresAndDeadlocksAreRetriedUntilTheWorkSucceeds() {
        assertThat(demo().failThenSucceed("40001", 2)).isEqualTo(3);
        assertThat(demo().failThenSucceed("40P01", 1)).isEqualTo(2);
    }

    @Test
    void afterThreeAttemptsTheFailureSurfacesTypedAndRetryable() {
        assertThatThrownBy(() -> demo().failThenSucceed("40001", 3))
                .isInstanceOf(TransientException.class)
                .satisfies(e -> {
                    assertThat(((PortalException) e).code()).isEqualTo(CoreError.SERIALIZATION_FAILURE);
                    assertThat(((PortalException) e).isRetryable()).isTrue();
                });
        assertThatThrownBy(() -> demo().failThenSucceed("40P01", 5))
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.DEADLOCK));
    }

    @Test
    void otherFailuresAreNotRetried() {
        // Retried, the second attempt would succeed and return 2 instead of throwing.
        assertThatThrownBy(() -> demo().failThenSucceed("23505", 1)).isInstanceOf(ConflictException.class);
    }

    @Test
    void insideAHostTransactionNothingIsRetried() {
        // The host's own work around it may not be safe to repeat: the failure goes to the host.
        assertThatThrownBy(() -> kit.portal().inTransaction(() -> demo().failThenSucceed("40001", 1)))
                .isInstanceOf(TransientException.class);
    }

    @Test
    void insideAJoinedHostTransactionNothingIsRetriedAndTheHostMustRollBack() throws java.sql.SQLException {
        try (java.sql.Connection c = kit.portal().dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> kit.portal().joining(c, () -> demo().failThenSucceed("40001", 1)))
                    .isInstanceOfSatisfying(TransientException.class,
                            e -> assertThat(e.code()).isEqualTo(CoreError.SERIALIZATION_FAILURE));
            assertThatThrownBy(() -> c.createStatement().execute("SELECT 1"))
                    .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
        }
    }
}
