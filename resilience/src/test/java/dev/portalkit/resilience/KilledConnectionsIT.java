package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Login;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentInProgressException;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.Refund;
import dev.portalkit.billing.RefundStatus;
import dev.portalkit.billing.RenewalReport;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.SubscriptionStatus;
import dev.portalkit.billing.TierInput;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.BookingStatus;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ContentModule;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.ResourceStep;
import dev.portalkit.content.StepInput;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import dev.portalkit.messaging.DeliveryReport;
import dev.portalkit.messaging.EmailLog;
import dev.portalkit.messaging.EmailRequest;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailStatus;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.messaging.OutgoingEmail;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every multi-statement operation, with its backend terminated ({@code pg_terminate_backend}) while
 * it waits on a lock this test holds inside its transaction: the call fails with a retryable
 * {@link PortalException}, nothing of that transaction is left behind, and the same call succeeds
 * straight after on the same Portal. The pool has a single connection, so that next call can only
 * succeed on a fresh connection that replaced the killed one.
 */
class KilledConnectionsIT {

    static final String PASSWORD = "correct horse battery";
    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "JUnit browser");
    static final CallContext JOB = CallContext.system("mail-worker");
    // In step with the database's own clock: reconcile() compares the Portal's clock with
    // payments.created_at, which the database writes (see ClockSkewIT).
    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final HookedGateway gateway = new HookedGateway();
    static final InMemoryEmailSender sender = new InMemoryEmailSender();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                    new BillingModule(BillingOptions.builder().gateway(gateway).build()),
                    new ContentModule(),
                    new MessagingModule(MessagingOptions.builder().from("Acme <no-reply@acme.example>").sender(sender).build()))
            .clock(clock)
            .configure(b -> b.maximumPoolSize(1).connectionTimeout(Duration.ofSeconds(5)))
            .build();

    static ExecutorService executor;
    static Tables tables;
    Backends backends;

    @BeforeAll
    static void start() {
        executor = Executors.newSingleThreadExecutor();
        tables = new Tables(kit.database().dataSource());
        kit.portal().service(EmailTemplateService.class).create("welcome", "en", TemplateContent.of(
                "Welcome, {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}", "name"), WHO);
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    @BeforeEach
    void openBackends() {
        backends = new Backends(kit.database().dataSource());
    }

    @AfterEach
    void closeBackends() {
        backends.close();
    }

    // ---------------------------------------------------------------------------------- auth

    @Test
    void registerKilledBeforeCommitLeavesNoUserAndRegistersOnTheNextCall() throws Exception {
        String email = TestData.email("reg");
        Killed<User> k = killInside(backends::blockAuditInserts,
                () -> users().register(NewUser.member(email, PASSWORD, "Reg"), WHO));
        k.assertFailedRetryable().assertNothingChanged();
        assertThat(k.blocked().wroteAlready()).as("the user row was written when the backend died").isTrue();

        User u = users().register(NewUser.member(email, PASSWORD, "Reg"), WHO);
        assertThat(users().findByEmail(email)).map(User::id).contains(u.id());
        assertOneConnectionServesAgain(k);
    }

    @Test
    void loginKilledBeforeCommitLeavesNoSessionAndLogsInOnTheNextCall() throws Exception {
        User u = users().register(NewUser.member(TestData.email("login"), PASSWORD, "Login"), WHO);
        Killed<Login> k = killInside(backends::blockAuditInserts, () -> auth().login(u.email(), PASSWORD, false, WHO));
        k.assertFailedRetryable().assertNothingChanged();
        assertThat(k.blocked().wroteAlready()).isTrue();

        Login login = auth().login(u.email(), PASSWORD, false, WHO);
        assertThat(auth().authenticate(login.token())).isPresent();
        assertThat(auth().sessions(u.id())).hasSize(1);
    }

    @Test
    void passwordResetKilledBeforeCommitKeepsTheTokenUsableAndTheOldPassword() throws Exception {
        User u = users().register(NewUser.member(TestData.email("reset"), PASSWORD, "Reset"), WHO);
        auth().login(u.email(), PASSWORD, false, WHO);
        String token = resets().request(u.email(), WHO).orElseThrow().token();
        Killed<Void> k = killInside(backends::blockAuditInserts, () -> {
            resets().reset(token, "a brand new passphrase", WHO);
            return null;
        });
        k.assertFailedRetryable().assertNothingChanged(); // token unused, password and sessions as they were
        assertThat(k.blocked().wroteAlready()).isTrue();

        resets().reset(token, "a brand new passphrase", WHO);
        assertThat(auth().login(u.email(), "a brand new passphrase", false, WHO).token()).isNotBlank();
        assertThat(auth().sessions(u.id())).hasSize(1); // the reset ended the session from before
    }

    // ------------------------------------------------------------------------------- billing

    @Test
    void chargeKilledWhileRecordingItLeavesNoPaymentAndTheSameKeyChargesOnce() throws Exception {
        UUID user = user("charge");
        String key = UUID.randomUUID().toString();
        Killed<Payment> k = killInside(backends::blockAuditInserts,
                () -> payments().charge(ChargeRequest.of(user, 4500, "EUR", "Order 1", key), WHO));
        k.assertFailedRetryable().assertNothingChanged();
        assertThat(gateway.chargeCalls(key)).as("the gateway is called only after the row commits").isZero();

        Payment p = payments().charge(ChargeRequest.of(user, 4500, "EUR", "Order 1", key), WHO);
        assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(gateway.chargeCalls(key)).isEqualTo(1);
    }

    @Test
    void chargeKilledWhileSettlingStaysProcessingUntilReconcileAndIsNeverChargedTwice() throws Exception {
        UUID user = user("settle");
        String key = UUID.randomUUID().toString();
        gateway.afterNextCharge(user, backends::blockAuditInserts);
        Killed<Payment> k = killInside(() -> { },
                () -> payments().charge(ChargeRequest.of(user, 2500, "EUR", "Order 2", key), WHO));
        k.assertFailedRetryable();
        // Step 1 (the PROCESSING row, its claimed key and its audit row) committed before the gateway
        // was called, by design; the settling transaction left nothing.
        assertThat(k.changed()).containsExactlyInAnyOrder("payments", "idempotency_keys", "activity_logs");
        assertThat(k.rowsAdded("payments")).isEqualTo(1);
        assertThat(k.rowsAdded("idempotency_keys")).isEqualTo(1);
        assertThat(k.rowsAdded("activity_logs")).isEqualTo(1);
        assertThat(payments().findByIdempotencyKey(key)).map(Payment::status).contains(PaymentStatus.PROCESSING);

        assertThatThrownBy(() -> payments().charge(ChargeRequest.of(user, 2500, "EUR", "Order 2", key), WHO))
                .isInstanceOf(PaymentInProgressException.class)
                .satisfies(e -> assertThat(((PortalException) e).isRetryable()).isTrue());
        clock.advance(Duration.ofMinutes(11)); // past staleAfter: reconcile() takes it
        payments().reconcile(50, CallContext.system("reconcile"));
        Payment p = payments().charge(ChargeRequest.of(user, 2500, "EUR", "Order 2", key), WHO);
        assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(gateway.chargeCalls(key)).isEqualTo(1);
    }

    @Test
    void refundKilledWhileReservingLeavesNoRefundAndTheSameKeyRefundsOnce() throws Exception {
        UUID user = user("refund");
        Payment p = payments().charge(ChargeRequest.of(user, 3000, "EUR", "Order 3", UUID.randomUUID().toString()), WHO);
        String key = UUID.randomUUID().toString();
        Killed<Refund> k = killInside(backends::blockAuditInserts, () -> payments().refund(p.id(), 1000, key, "late", WHO));
        k.assertFailedRetryable().assertNothingChanged(); // no refund row, nothing reserved
        assertThat(k.blocked().wroteAlready()).isTrue();

        Refund r = payments().refund(p.id(), 1000, key, "late", WHO);
        assertThat(r.status()).isEqualTo(RefundStatus.SUCCEEDED);
        Payment after = payments().find(p.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(after.refundedMinor()).isEqualTo(1000);
        assertThat(after.refundPendingMinor()).isZero();
    }

    @Test
    void subscribeKilledWhileWritingTheSubscriptionKeepsTheChargeAndTheSameKeyFinishesIt() throws Exception {
        PricingTier tier = tier();
        UUID user = user("sub");
        String key = UUID.randomUUID().toString();
        // The subscription's foreign-key check on its tier waits for this row lock; nothing before it
        // in subscribe() writes anything that references the tier.
        Killed<Subscription> k = killInside(() -> backends.lockRow("pricing_tiers", tier.id()),
                () -> subscriptions().subscribe(NewSubscription.of(user, tier.id(), key), WHO));
        k.assertFailedRetryable();
        assertThat(k.blocked().wroteAlready()).isTrue();
        // The key's claim and the charge run in transactions of their own that committed, by design; no
        // subscription row, and the key is not DONE (the same key finishes it below).
        assertThat(k.changed()).containsExactlyInAnyOrder("payments", "idempotency_keys", "activity_logs");
        assertThat(k.rowsAdded("payments")).isEqualTo(1);
        assertThat(subscriptions().current(user)).isEmpty();

        Subscription s = subscriptions().subscribe(NewSubscription.of(user, tier.id(), key), WHO);
        assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(payments().find(s.initialPaymentId())).map(Payment::idempotencyKey).contains("subscribe:" + key);
        assertThat(gateway.chargeCalls("subscribe:" + key)).isEqualTo(1);
    }

    @Test
    void renewalKilledWhileAdvancingThePeriodIsReportedAndRenewedOnceAfterTheLease() throws Exception {
        PricingTier tier = tier();
        UUID user = user("renew");
        Subscription s = subscriptions().subscribe(NewSubscription.of(user, tier.id(), UUID.randomUUID().toString()), WHO);
        Instant due = s.currentPeriodEnd().plusSeconds(60);
        gateway.afterNextCharge(user, () -> backends.lockRow("user_subscriptions", s.id()));
        Killed<RenewalReport> k = killInside(() -> { }, () -> subscriptions().renewDue(due, 100));
        // renewDue is a batch job: a subscription that failed is counted, not thrown.
        assertThat(k.error()).isNull();
        assertThat(k.result().unknown()).isGreaterThanOrEqualTo(1);
        Subscription unchanged = subscriptions().find(s.id()).orElseThrow();
        assertThat(unchanged.currentPeriodStart()).isEqualTo(s.currentPeriodStart());
        assertThat(unchanged.version()).isEqualTo(s.version());
        assertThat(renewalPayments(s.id())).containsExactly("SUCCEEDED"); // charged: committed by design
        assertThat(audits("subscription.renewed", s.id())).isZero();

        assertThat(subscriptions().renewDue(due, 100).claimed()).as("still leased").isZero();
        RenewalReport again = subscriptions().renewDue(due.plus(Duration.ofMinutes(6)), 100);
        assertThat(again.renewed()).isGreaterThanOrEqualTo(1);
        Subscription renewed = subscriptions().find(s.id()).orElseThrow();
        assertThat(renewed.currentPeriodStart()).isEqualTo(s.currentPeriodEnd());
        assertThat(renewalPayments(s.id())).containsExactly("SUCCEEDED"); // the same payment, not a second one
        assertThat(gateway.chargeCalls("renewal:" + s.id() + ":" + s.currentPeriodEnd())).isEqualTo(1);
    }

    @Test
    void bookKilledBeforeCommitLeavesTheSlotFreeForTheNextCall() throws Exception {
        UUID customer = user("cust");
        UUID provider = provider();
        Instant start = clock.instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        NewBooking request = NewBooking.of(customer, provider, start, start.plus(Duration.ofMinutes(30)), "UTC", "Call");
        Killed<Booking> k = killInside(backends::blockAuditInserts, () -> bookings().book(request, WHO));
        k.assertFailedRetryable().assertNothingChanged();
        assertThat(k.blocked().wroteAlready()).isTrue();

        assertThat(bookings().book(request, WHO).status()).isEqualTo(BookingStatus.PENDING);
    }

    @Test
    void rescheduleKilledBeforeCommitKeepsTheOldBookingAndReschedulesOnTheNextCall() throws Exception {
        UUID customer = user("cust");
        UUID provider = provider();
        Instant start = clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        Booking b = bookings().book(NewBooking.of(customer, provider, start, start.plus(Duration.ofMinutes(30)), "UTC",
                "Call"), WHO);
        Instant moved = start.plus(Duration.ofHours(2));
        Killed<Booking> k = killInside(backends::blockAuditInserts,
                () -> bookings().reschedule(b.id(), b.version(), moved, moved.plus(Duration.ofMinutes(30)), WHO));
        k.assertFailedRetryable().assertNothingChanged(); // old one not RESCHEDULED, no new one
        assertThat(k.blocked().wroteAlready()).isTrue();

        Booking created = bookings().reschedule(b.id(), b.version(), moved, moved.plus(Duration.ofMinutes(30)), WHO);
        assertThat(created.startsAt()).isEqualTo(moved);
        assertThat(bookings().find(b.id())).map(Booking::status).contains(BookingStatus.RESCHEDULED);
    }

    // ----------------------------------------------------------------------------- messaging

    @Test
    void queueKilledBeforeCommitLeavesNoEmailAndTheSameKeyQueuesOnce() throws Exception {
        String key = "welcome-" + UUID.randomUUID();
        String to = TestData.email("queue");
        Killed<EmailLog> k = killInside(backends::blockAuditInserts,
                () -> emails().queue("welcome", "en", to, Map.of("name", "Ann"), key, WHO));
        k.assertFailedRetryable().assertNothingChanged();
        assertThat(k.blocked().wroteAlready()).isTrue();

        EmailLog e = emails().queue("welcome", "en", to, Map.of("name", "Ann"), key, WHO);
        assertThat(e.status()).isEqualTo(EmailStatus.QUEUED);
        assertThat(Queries.number(kit.database().dataSource(), "SELECT count(*) FROM portal.email_logs WHERE idempotency_key = ?",
                key)).isEqualTo(1);
    }

    @Test
    void deliveryKilledWhileRecordingTheResultIsCountedAndSentAgainWithTheSameMessageIdAfterTheLease() throws Exception {
        emails().deliverPending(100, JOB); // nothing of other tests left due
        String to = TestData.email("deliver");
        EmailLog queued = emails().queue("welcome", "en", to, Map.of("name", "Bo"), null, WHO);
        Killed<DeliveryReport> k = killInside(backends::blockAuditInserts, () -> emails().deliverPending(10, JOB));
        // The worker does not fail: it counts the one result it could not record and goes on.
        assertThat(k.error()).isNull();
        assertThat(k.result().lost()).isEqualTo(1);
        assertThat(k.blocked().wroteAlready()).isTrue();
        // The claim committed on its own (by design); the result's transaction left nothing.
        assertThat(k.changed()).containsExactly("email_logs");
        assertThat(emails().find(queued.id())).map(EmailLog::status).contains(EmailStatus.SENDING);
        assertThat(sender.sentTo(to)).hasSize(1);
        assertThat(audits("email.sent", queued.id())).isZero();

        assertThat(emails().deliverPending(10, JOB).claimed()).as("still leased").isZero();
        clock.advance(Duration.ofMinutes(6)); // past the lease: another worker run takes it over
        DeliveryReport again = emails().deliverPending(10, JOB);
        assertThat(again.sent()).isGreaterThanOrEqualTo(1);
        assertThat(emails().find(queued.id())).map(EmailLog::status).contains(EmailStatus.SENT);
        // At least once: the copy sent before the kill and this one carry the same Message-ID.
        assertThat(sender.sentTo(to)).extracting(OutgoingEmail::messageId).containsOnly(queued.messageId()).hasSize(2);
    }

    @Test
    void deliveryKilledWhileRecordingOneResultStillDeliversTheRestOfItsBatch() throws Exception {
        emails().deliverPending(100, JOB);
        String first = TestData.email("first");
        String second = TestData.email("second");
        EmailLog a = emails().queue("welcome", "en", first, Map.of("name", "A"), null, WHO);
        EmailLog b = emails().queue("welcome", "en", second, Map.of("name", "B"), null, WHO);
        try {
            Killed<DeliveryReport> k = killInside(backends::blockAuditInserts, () -> emails().deliverPending(10, JOB));
            // Whichever came first lost its result's transaction; the other one is sent and recorded.
            assertThat(sender.sentTo(first).size() + sender.sentTo(second).size()).isEqualTo(2);
            assertThat(List.of(emails().find(a.id()).orElseThrow().status(), emails().find(b.id()).orElseThrow().status()))
                    .containsExactlyInAnyOrder(EmailStatus.SENDING, EmailStatus.SENT);
            assertThat(k.error()).isNull(); // a report that counts the one it could not record
        } finally {
            clock.advance(Duration.ofMinutes(6)); // leave nothing leased behind for the other tests
            emails().deliverPending(100, JOB);
        }
    }

    @Test
    void aHostTransactionAcrossModulesKilledBeforeCommitLeavesNeitherTheUserNorTheEmail() throws Exception {
        String email = TestData.email("host");
        String key = "welcome-" + UUID.randomUUID();
        Killed<EmailLog> k = killInside(backends::blockAuditInserts, () -> portal().inTransaction(() -> {
            User u = users().register(NewUser.member(email, PASSWORD, "Host"), WHO);
            return emails().queue(EmailRequest.of("welcome", "en", u.email(), Map.of("name", "Host"), key).forUser(u.id()), WHO);
        }));
        k.assertFailedRetryable().assertNothingChanged();
        assertThat(k.blocked().wroteAlready()).isTrue();

        EmailLog queued = portal().inTransaction(() -> {
            User u = users().register(NewUser.member(email, PASSWORD, "Host"), WHO);
            return emails().queue(EmailRequest.of("welcome", "en", u.email(), Map.of("name", "Host"), key).forUser(u.id()), WHO);
        });
        assertThat(queued.status()).isEqualTo(EmailStatus.QUEUED);
        assertThat(users().findByEmail(email)).isPresent();
    }

    // ------------------------------------------------------------------------------- content

    @Test
    void reorderKilledBeforeCommitKeepsTheOldOrderAndReordersOnTheNextCall() throws Exception {
        User editor = users().register(NewUser.member(TestData.email("editor"), PASSWORD, "Editor"), WHO);
        CallContext as = CallContext.of(editor.id(), "203.0.113.5", "JUnit editor");
        ResourceCard card = resources().create(CardInput.of("Killed reorder " + UUID.randomUUID(), "Body"), as);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(resources().addStep(card.id(), null, StepInput.of("Step " + i, "Do " + i), as).id());
        }
        List<UUID> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        Killed<List<ResourceStep>> k = killInside(backends::blockAuditInserts,
                () -> resources().reorderSteps(card.id(), reversed, as));
        k.assertFailedRetryable().assertNothingChanged();
        assertThat(k.blocked().wroteAlready()).isTrue();
        assertThat(resources().steps(card.id(), Audience.EDITOR)).extracting(ResourceStep::id).containsExactlyElementsOf(ids);

        assertThat(resources().reorderSteps(card.id(), reversed, as)).extracting(ResourceStep::id)
                .containsExactlyElementsOf(reversed);
    }

    // ------------------------------------------------------------------------------- support

    /** What happened to one operation whose backend was terminated. */
    record Killed<T>(Backends.Blocked blocked, T result, Throwable error, Map<String, Tables.State> before,
                     Map<String, Tables.State> after) {

        Killed<T> assertFailedRetryable() {
            assertThat(error).as("the call fails").isNotNull();
            assertThat(error).isInstanceOf(TransientException.class);
            PortalException e = (PortalException) error;
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.code()).isEqualTo(CoreError.DATABASE_UNAVAILABLE);
            assertThat(e.getMessage()).doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("insert");
            return this;
        }

        void assertNothingChanged() {
            assertThat(changed()).as("tables changed by a transaction that never committed").isEmpty();
        }

        Set<String> changed() {
            return Tables.changed(before, after);
        }

        long rowsAdded(String table) {
            return after.get(table).rows() - before.get(table).rows();
        }
    }

    /**
     * Takes {@code lock}, runs {@code operation} on another thread, waits until its backend blocks
     * on one of the test's locks, terminates that backend, releases the locks and waits for the
     * operation's outcome.
     */
    <T> Killed<T> killInside(Runnable lock, Callable<T> operation) throws Exception {
        Map<String, Tables.State> before = tables.snapshot();
        Backends.Blocked blocked;
        T result = null;
        Throwable error = null;
        Future<T> f;
        try {
            lock.run();
            f = executor.submit(operation);
            blocked = backends.awaitBlocked(f, Duration.ofSeconds(20));
            assertThat(backends.terminate(blocked.pid())).isTrue();
        } finally {
            backends.release(); // an operation that carries on after the kill must not wait on us
        }
        try {
            result = f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            error = e.getCause();
        }
        for (int i = 0; i < 100 && backends.alive(blocked.pid()); i++) {
            Thread.sleep(10);
        }
        assertThat(backends.alive(blocked.pid())).as("the terminated backend is gone").isFalse();
        return new Killed<>(blocked, result, error, before, tables.snapshot());
    }

    /** The Portal's single pooled connection is a new one, not the one that was killed. */
    private static void assertOneConnectionServesAgain(Killed<?> k) {
        HikariDataSource pool = (HikariDataSource) kit.portal().dataSource();
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(1);
        assertThat(kit.portal().service(UserService.class).find(UUID.randomUUID())).isEmpty();
    }

    private static List<String> renewalPayments(UUID subscriptionId) {
        return Queries.column(kit.database().dataSource(), "SELECT status FROM portal.payments"
                + " WHERE subscription_id = ? AND period_start IS NOT NULL ORDER BY created_at", subscriptionId);
    }

    private static long audits(String action, UUID entityId) {
        return Queries.number(kit.database().dataSource(),
                "SELECT count(*) FROM portal.activity_logs WHERE action = ? AND entity_id = ?", action, entityId);
    }

    private static PricingTier tier() {
        String code = "pro-" + UUID.randomUUID().toString().substring(0, 8);
        return kit.portal().service(PricingService.class).create(TierInput.monthly(code, "Pro", 1999, "USD"), WHO);
    }

    private static UUID user(String name) {
        return users().register(NewUser.member(TestData.email(name), PASSWORD, name), WHO).id();
    }

    /** A user bookable every hour of every day in UTC (only a user with availability can be booked). */
    private static UUID provider() {
        UUID provider = user("prov");
        bookings().setAvailability(provider, AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00")), WHO);
        return provider;
    }

    private static Portal portal() {
        return kit.portal();
    }

    private static UserService users() {
        return portal().service(UserService.class);
    }

    private static AuthService auth() {
        return portal().service(AuthService.class);
    }

    private static PasswordResetService resets() {
        return portal().service(PasswordResetService.class);
    }

    private static PaymentService payments() {
        return portal().service(PaymentService.class);
    }

    private static SubscriptionService subscriptions() {
        return portal().service(SubscriptionService.class);
    }

    private static BookingService bookings() {
        return portal().service(BookingService.class);
    }

    private static EmailService emails() {
        return portal().service(EmailService.class);
    }

    private static ResourceService resources() {
        return portal().service(ResourceService.class);
    }
}
