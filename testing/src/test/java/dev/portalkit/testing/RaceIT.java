package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RaceIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.core();

    @Test
    void outcomesComeBackInIndexOrderWithWhatEachCallReturnedOrThrew() {
        List<Race.Outcome<Integer>> outcomes = Race.run(6, i -> () -> {
            Thread.sleep((6 - i) * 5L); // finish in reverse order
            if (i % 3 == 2) {
                throw new IllegalStateException("call " + i);
            }
            if (i == 4) {
                throw new AssertionError("an Error is captured too");
            }
            return i * 10;
        });
        assertThat(outcomes).hasSize(6);
        assertThat(outcomes.get(0).value()).isZero();
        assertThat(outcomes.get(1).value()).isEqualTo(10);
        assertThat(outcomes.get(3).value()).isEqualTo(30);
        assertThat(outcomes.get(2).failedWith(IllegalStateException.class)).isTrue();
        assertThat(outcomes.get(2).error()).hasMessage("call 2");
        assertThat(outcomes.get(5).error()).hasMessage("call 5");
        assertThat(outcomes.get(4).failedWith(AssertionError.class)).isTrue();
        assertThat(outcomes.get(1).failed()).isFalse();
        assertThat(outcomes.get(1).failedWith(Throwable.class)).isFalse();
        assertThatThrownBy(() -> outcomes.get(2).value()).isInstanceOf(AssertionError.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("call 2");
    }

    @Test
    void everyCallRunsOnItsOwnThreadAllAtOnceAndTheThreadsEndAfterwards() throws InterruptedException {
        int n = 8;
        // Each call waits until all have started: only possible when n threads run them at once.
        CountDownLatch started = new CountDownLatch(n);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<Race.Outcome<Boolean>> outcomes = Race.run(n, () -> {
            threads.add(Thread.currentThread());
            started.countDown();
            return started.await(60, TimeUnit.SECONDS);
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isTrue());
        assertThat(threads).hasSize(n).doesNotContain(Thread.currentThread());
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as("%s after the race", t).isFalse();
        }
    }

    @Test
    void callsReallyContendOnTheDatabase(DataSource db, TestDatabase database) throws SQLException {
        // DDL as the owner (with PORTALKIT_TEST_ROLES=split the Portal's pool may only read and write).
        try (Connection c = database.directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.race_claims (k text PRIMARY KEY, claimed_by int)");
        }
        List<Race.Outcome<Integer>> outcomes = Race.run(8, i -> () -> {
            try (Connection c = db.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO public.race_claims VALUES ('only', ?)")) {
                ps.setInt(1, i);
                return ps.executeUpdate();
            }
        });
        assertThat(outcomes).filteredOn(o -> !o.failed()).hasSize(1);
        assertThat(outcomes).filteredOn(Race.Outcome::failed).hasSize(7)
                .allMatch(o -> o.failedWith(SQLException.class) && "23505".equals(((SQLException) o.error()).getSQLState()));
        int winner = outcomes.indexOf(outcomes.stream().filter(o -> !o.failed()).findFirst().orElseThrow());
        assertThat(Queries.number(db, "SELECT claimed_by FROM public.race_claims")).isEqualTo(winner);
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyThreadStarts() {
        assertThatThrownBy(() -> Race.run(0, () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one thread");
        assertThatThrownBy(() -> Race.run(2, (java.util.concurrent.Callable<Integer>) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Race.run(2, i -> i == 1 ? null : () -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("calls.apply(1)");
    }
}
