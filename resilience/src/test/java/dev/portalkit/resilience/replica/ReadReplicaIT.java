package dev.portalkit.resilience.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ContentModule;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read replicas on a real primary and streaming replica (README, "Read replicas"). Which server served
 * a read is shown by what it sees: with the replica's replay paused, a card written on the primary is
 * missing on the replica, so a read that misses it ran there and one that finds it ran on the primary.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadReplicaIT {

    /** A mapper of the probe module: what the session it runs on says about its server. */
    public interface ServerMapper {
        @org.apache.ibatis.annotations.Select("SELECT pg_is_in_recovery()")
        Boolean inRecovery();

        @org.apache.ibatis.annotations.Update("CREATE TABLE replica_write_probe (i int)")
        int createTable();
    }

    /** A module with no tables that hands the test the Portal's Transactions, as a module's services get them. */
    static final class Probe implements dev.portalkit.core.PortalModule {

        volatile dev.portalkit.core.spi.Transactions tx;

        @Override
        public String name() {
            return "replicaprobe";
        }

        @Override
        public String migrationLocation() {
            return "classpath:dev/portalkit/resilience/replica/none";
        }

        @Override
        public List<Class<?>> mappers() {
            return List.of(ServerMapper.class);
        }

        @Override
        public void start(dev.portalkit.core.spi.ModuleContext context) {
            tx = context.transactions();
        }
    }

    private static ReplicaPair pair;
    private static HikariDataSource replicaPool;
    private final List<Portal> portals = new ArrayList<>();
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void startPair() {
        pair = ReplicaPair.start();
        replicaPool = pool(pair.replicaUrl(), "replica");
    }

    @AfterAll
    static void stopPair() {
        if (replicaPool != null) {
            replicaPool.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @AfterEach
    void closePortals() {
        portals.forEach(Portal::close);
        if (pair != null) {
            pair.resumeReplay();
        }
    }

    static HikariDataSource pool(String url, String name) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(url);
        h.setUsername("postgres");
        h.setMaximumPoolSize(12);
        h.setMinimumIdle(0);
        h.setConnectionTimeout(1000); // a dead replica must not hold reads for long
        h.setInitializationFailTimeout(-1);
        return new HikariDataSource(h);
    }

    private Portal portal(Consumer<Portal.Builder> options) {
        meters = new SimpleMeterRegistry();
        Portal.Builder b = Portal.builder().jdbcUrl(pair.primaryUrl()).username("postgres").maximumPoolSize(12)
                .meterRegistry(meters).install(new AuthModule(), new ContentModule()).readReplica(replicaPool);
        options.accept(b);
        Portal p = b.build();
        portals.add(p);
        return p;
    }

    /** A new signed-in user (a card's author must be one), registered by the system. */
    private CallContext someone() {
        Portal p = portals.get(portals.size() - 1);
        String name = UUID.randomUUID().toString().substring(0, 12);
        User u = p.service(UserService.class).register(NewUser.member(name + "@example.com", "a long passphrase " + name,
                name), CallContext.system("replica-test"));
        return CallContext.of(u.id(), "127.0.0.1", "replica-test");
    }

    private static Optional<ResourceCard> find(Portal p, CallContext as, UUID id) {
        return p.onBehalfOf(as, () -> p.service(ResourceService.class).find(id, dev.portalkit.content.Audience.EDITOR));
    }

    private static ResourceCard create(Portal p, CallContext as) {
        return p.service(ResourceService.class).create(CardInput.of("Card " + UUID.randomUUID(), "body"), as);
    }

    private double reads(String target) {
        var c = meters.find("portalkit.replica.reads").tag("target", target).counter();
        return c == null ? 0 : c.count();
    }

    /** Waits until a read by a caller without writes is served by the replica (replay paused meanwhile). */
    private void awaitReplicaInUse(Portal p) {
        pair.awaitCaughtUp();
        pair.pauseReplay();
        ResourceCard fresh = create(p, someone());
        CallContext reader = someone();
        ReplicaPair.await(() -> find(p, reader, fresh.id()).isEmpty(), "reads to use the replica");
    }

    @Test
    void aLagTolerantReadIsServedByTheReplicaAndTheWritersReadByThePrimary() {
        Portal p = portal(b -> { });
        awaitReplicaInUse(p); // replay now paused
        CallContext writer = someone();
        CallContext other = someone();
        ResourceCard card = create(p, writer);

        double replicaBefore = reads("replica");
        assertThat(find(p, other, card.id())).as("another caller reads the replica: not replayed yet").isEmpty();
        assertThat(reads("replica")).isEqualTo(replicaBefore + 1);
        assertThat(find(p, writer, card.id())).as("the writer reads its write from the primary").isPresent();
        // A read with no caller bound waits for every write this Portal made.
        assertThat(p.service(ResourceService.class).find(card.id(), dev.portalkit.content.Audience.EDITOR)).isPresent();

        // The writer's update, too, and its reads while replay is still paused.
        ResourceCard updated = p.service(ResourceService.class).update(card.id(), CardInput.of("Renamed", "body"),
                card.version(), writer);
        assertThat(find(p, writer, card.id())).get().extracting(ResourceCard::version).isEqualTo(updated.version());
        assertThat(find(p, other, card.id())).isEmpty();

        pair.resumeReplay();
        ReplicaPair.await(() -> find(p, other, card.id()).map(ResourceCard::title).orElse("").equals("Renamed"),
                "the replica to replay the write");
        // Replayed: the writer reads the replica again.
        double before = reads("replica");
        assertThat(find(p, writer, card.id())).isPresent();
        ReplicaPair.await(() -> {
            find(p, writer, card.id());
            return reads("replica") > before;
        }, "the writer's reads to use the replica once it replayed the write");
    }

    /**
     * Messaging: the unread count is a lag-tolerant read. Another caller's count comes from the replica
     * (the new message not replayed yet); the recipient, once it has written (marked the message read),
     * reads its own count from the primary until the replica has replayed that write.
     */
    @Test
    void theUnreadCountIsAReplicaReadAndTheRecipientSeesItsOwnMarkRead() {
        Portal p = portal(b -> b.install(new dev.portalkit.messaging.MessagingModule()));
        var messages = p.service(dev.portalkit.messaging.MessageService.class);
        CallContext sender = someone();
        CallContext recipient = someone();
        CallContext other = someone();
        awaitReplicaInUse(p); // replay now paused
        var sent = messages.send(new dev.portalkit.messaging.NewMessage(sender.actorId(), recipient.actorId(), "Hi", "Body"),
                sender);

        double replicaBefore = reads("replica");
        assertThat(p.onBehalfOf(other, () -> messages.unreadCount(recipient.actorId())))
                .as("another caller's count: the replica, not replayed yet").isZero();
        assertThat(reads("replica")).isEqualTo(replicaBefore + 1);
        assertThat(p.onBehalfOf(sender, () -> messages.sent(sender.actorId(), dev.portalkit.core.PageRequest.first(10)).items()))
                .as("the sender reads its own write from the primary").hasSize(1);

        pair.resumeReplay();
        ReplicaPair.await(() -> p.onBehalfOf(other, () -> messages.unreadCount(recipient.actorId())) == 1,
                "the replica to replay the message");
        pair.awaitCaughtUp();
        pair.pauseReplay();
        messages.markRead(sent.id(), recipient.actorId(), recipient);
        assertThat(p.onBehalfOf(recipient, () -> messages.unreadCount(recipient.actorId())))
                .as("the recipient reads its own mark-read from the primary").isZero();
        assertThat(p.onBehalfOf(other, () -> messages.unreadCount(recipient.actorId())))
                .as("another caller still reads the replica: not replayed yet").isEqualTo(1);
    }

    @Test
    void aReplicaReadRunsOnTheStandbyOnlyOutsideTransactionsAndCannotWrite() {
        Probe probe = new Probe();
        Portal p = portal(b -> b.install(probe));
        var tx = probe.tx;
        ReplicaPair.await(() -> tx.readReplica(() -> tx.mapper(ServerMapper.class).inRecovery()),
                "a replica read to run on the standby");
        assertThat(tx.read(() -> tx.mapper(ServerMapper.class).inRecovery())).as("read: the primary").isFalse();
        assertThat(tx.call(() -> tx.readReplica(() -> tx.mapper(ServerMapper.class).inRecovery())))
                .as("inside a transaction: its connection, the primary").isFalse();
        assertThat(p.inTransaction(() -> tx.readReplica(() -> tx.mapper(ServerMapper.class).inRecovery()))).isFalse();

        // Nothing inside a replica read may write: a call is refused, and a statement the standby refuses.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.readReplica(() -> tx.call(() -> 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot write");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.readReplica(() -> tx.mapper(ServerMapper.class).createTable()))
                .isInstanceOf(dev.portalkit.core.PortalException.class);
        assertThat(pair.queryPrimary("SELECT to_regclass('public.replica_write_probe')")).as("not retried on the primary").isNull();
    }

    @Test
    void withoutReplicasEveryReadIsOnThePrimary() {
        Probe probe = new Probe();
        Portal p = Portal.builder().jdbcUrl(pair.primaryUrl()).username("postgres").install(probe).build();
        portals.add(p);
        for (int i = 0; i < 5; i++) {
            assertThat(probe.tx.readReplica(() -> probe.tx.mapper(ServerMapper.class).inRecovery())).isFalse();
        }
    }

    @Test
    void theReadYourWritesWindowBoundsHowLongAWriterWaitsForTheReplica() throws Exception {
        Portal p = portal(b -> b.readYourWritesWindow(Duration.ofMillis(400)));
        awaitReplicaInUse(p);
        CallContext writer = someone();
        ResourceCard card = create(p, writer);
        assertThat(find(p, writer, card.id())).isPresent();
        Thread.sleep(600);
        // The documented bound: past the window the writer is served like anyone else.
        assertThat(find(p, writer, card.id())).as("past the window, the (paused) replica").isEmpty();
    }

    @Test
    void aReplicaFurtherBehindThanTheThresholdIsSkippedUntilItCatchesUp() {
        Portal p = portal(b -> b.replicaMaxLag(1024 * 1024));
        awaitReplicaInUse(p);
        CallContext writer = someone();
        CallContext other = someone();
        ResourceCard card = create(p, writer);
        assertThat(find(p, other, card.id())).as("within the threshold: the replica").isEmpty();

        // Several MiB of WAL the paused replica has not replayed.
        pair.onPrimary("CREATE TABLE pad_" + System.nanoTime() + " AS SELECT g, repeat('x', 200) AS filler"
                + " FROM generate_series(1, 40000) g");
        ReplicaPair.await(() -> find(p, other, card.id()).isPresent(), "reads to leave the lagging replica");
        assertThat(find(p, other, card.id())).isPresent();

        pair.resumeReplay();
        awaitReplicaInUse(p); // caught up: used again
        ResourceCard later = create(p, writer);
        assertThat(find(p, other, later.id())).isEmpty();
    }

    @Test
    void whenTheReplicaStopsReadsGoToThePrimaryWithoutAnErrorAndComeBackWhenItRestarts() throws Exception {
        Portal p = portal(b -> { });
        awaitReplicaInUse(p);
        pair.resumeReplay();
        CallContext writer = someone();
        CallContext other = someone();
        ResourceCard before = create(p, writer);
        pair.awaitCaughtUp();

        pair.killReplica();
        try {
            // Reads right after the crash: the first may meet a dead pooled connection, none may fail.
            for (int i = 0; i < 30; i++) {
                assertThat(find(p, other, before.id())).isPresent();
                assertThat(p.onBehalfOf(other, () -> p.service(ResourceService.class).list(
                        new dev.portalkit.content.CardQuery(null, null, null, null), dev.portalkit.core.PageRequest.first(5))))
                        .isNotNull();
            }
            ResourceCard during = create(p, writer);
            assertThat(find(p, other, during.id())).as("the primary serves everyone").isPresent();
            assertThat(reads("primary")).isPositive();
        } finally {
            pair.startReplica();
        }
        awaitReplicaInUse(p);
        ResourceCard after = create(p, writer);
        assertThat(find(p, other, after.id())).as("the restarted replica serves reads again").isEmpty();
        assertThat(find(p, writer, after.id())).isPresent();
    }

    @Test
    void thePrimaryPassedAsAReplicaIsNeverReadFrom() throws Exception {
        try (HikariDataSource primaryAgain = pool(pair.primaryUrl(), "primary-again")) {
            Portal p = Portal.builder().jdbcUrl(pair.primaryUrl()).username("postgres")
                    .install(new AuthModule(), new ContentModule()).readReplica(primaryAgain).build();
            portals.add(p);
            Thread.sleep(500); // several probes
            pair.pauseReplay();
            ResourceCard card = create(p, someone());
            // Had the router taken it for a replica, the paused standby would not matter; what matters is
            // that the probe saw pg_is_in_recovery() false and routes to the primary, which sees the card.
            assertThat(find(p, someone(), card.id())).isPresent();
        }
    }

    @Test
    void aBurstOfWritersEachReadsItsOwnWritesWhileReplayStopsAndStarts() throws Exception {
        Portal p = portal(b -> { });
        awaitReplicaInUse(p);
        pair.resumeReplay();
        CallContext bystander = someone();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread toggler = new Thread(() -> {
            boolean paused = false;
            while (running.get()) {
                try {
                    if (paused) {
                        pair.resumeReplay();
                    } else {
                        pair.onPrimary("SELECT 1"); // keep the replica reachable
                        pair.queryReplica("SELECT pg_wal_replay_pause()");
                    }
                    paused = !paused;
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a query raced the test's end
                }
            }
        });
        toggler.start();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            List<CallContext> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(someone()); // one at a time: password hashing has few slots
            }
            for (CallContext me : writers) {
                done.add(pool.submit(() -> {
                    go.await();
                    List<UUID> mine = new ArrayList<>();
                    for (int i = 0; i < 12; i++) {
                        ResourceCard c = create(p, me);
                        mine.add(c.id());
                        if (find(p, me, c.id()).isEmpty()) {
                            violations.add(me.actorId() + " missed its new card " + c.id());
                        }
                        ResourceCard u = p.service(ResourceService.class).update(c.id(), CardInput.of("v2 " + i, "b"),
                                c.version(), me);
                        long seen = find(p, me, c.id()).map(ResourceCard::version).orElse(-1L);
                        if (seen != u.version()) {
                            violations.add(me.actorId() + " read version " + seen + " after writing " + u.version());
                        }
                        // Others' reads in between: lag-tolerant, no claim on what they see.
                        find(p, bystander, mine.get(0));
                    }
                    for (UUID id : mine) {
                        if (find(p, me, id).isEmpty()) {
                            violations.add(me.actorId() + " lost " + id);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            running.set(false);
            toggler.interrupt();
            toggler.join();
            pool.shutdownNow();
            pair.resumeReplay();
        }
        assertThat(violations).isEmpty();
        assertThat(reads("replica") + reads("primary")).isGreaterThanOrEqualTo(threads * 12 * 3);
    }
}
