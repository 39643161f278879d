package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * The money property of issue #14: random sequences of subscribe, tier changes up and down, renewals by
 * the clock, cancels, reactivations, host refunds and one-off charges, with fresh keys, repeated keys and
 * keys reused for something else, declining cards and gateways that time out (settled by reconcile).
 *
 * <p>The model does not recompute what billing does; it watches what each call did to the customer's
 * subscriptions (every row before and after) and prices each transition by billing's documented rules,
 * independently: a new ACTIVE subscription owes its price, a period entered by renewal (or a retry, or a
 * reactivation) owes the period's price, an upgrade owes round(new * left / period) - round(old * left /
 * period) on the milliseconds left (or, to another interval, the full new price minus the old credit),
 * anything else owes nothing. The invariant, checked after every action whenever no outcome is unknown (no
 * call left unfinished by a gateway timeout, no PROCESSING or UNKNOWN payment of the customer), and
 * unconditionally at the end of every chain after reconcile():
 * <pre>
 *   sum(amount of the customer's captured payments) - sum(their SUCCEEDED compensation:* refunds)
 *       == owed = sum(cost of every transition seen) + sum(captured one-off charges)
 *   gateway: sum over the customer's approved charges of (amount - refunded) == sum(amount - refunded_minor)
 *       of the customer's captured payments
 *   every captured payment has a DONE key, or is REFUNDED with a FAILED key
 *   no (subscription, period_start) has two SUCCEEDED or PARTIALLY_REFUNDED payments
 *   each period entered ACTIVE by renewal or paid by a retry has captured payments for that
 *       (subscription, period_start), none given back by compensation, summing to the period's price
 * </pre>
 * and a repeated key returns its first result and changes nothing (no subscription, no row of payments,
 * refunds or keys, no gateway call), a key reused for another call is refused and changes nothing.
 */
class MoneyPropertyIT {

    static final Instant START = Instant.parse("2026-01-31T10:00:00Z");
    static final CallContext WHO = CallContext.anonymous("203.0.113.5", "money property");

    static TestDatabase db;
    static Portal portal;
    static final TestClock clock = new TestClock(START);
    static final InMemoryPaymentGateway ledger = new InMemoryPaymentGateway();
    static final FlakyGateway gateway = new FlakyGateway(ledger);
    static PricingTier basic;
    static PricingTier pro;
    static PricingTier yearly;
    static PricingTier trial;

    @BeforeContainer
    static void start() {
        AuthModule auth = new AuthModule(AuthOptions.builder().bcryptCost(4).build());
        BillingModule billing = new BillingModule(BillingOptions.builder().gateway(gateway).build());
        db = TestDatabases.migrated("portal", List.of(auth, billing));
        portal = dev.portalkit.core.Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(MigrationMode.NONE).minimumIdle(0).clock(clock).install(auth, billing).build();
        PricingService pricing = portal.service(PricingService.class);
        basic = pricing.create(TierInput.monthly("basic", "Basic", 1000, "USD"), WHO);
        pro = pricing.create(TierInput.monthly("pro", "Pro", 3000, "USD"), WHO);
        yearly = pricing.create(TierInput.yearly("yearly", "Yearly", 24_000, "USD"), WHO);
        trial = pricing.create(TierInput.monthly("trial", "Trial", 1500, "USD").withTrialDays(7), WHO);
    }

    @AfterContainer
    static void stop() {
        portal.close();
        TestDatabases.server().dropDatabase(db.name());
    }

    static SubscriptionService subs() {
        return portal.service(SubscriptionService.class);
    }

    static PaymentService payments() {
        return portal.service(PaymentService.class);
    }

    @Property(tries = 60)
    void capturedMoneyIsWhatThePeriodsAndTiersCost(@ForAll("chains") ActionChain<World> chain) {
        World end = chain.withInvariant("money", World::checkMoney).run();
        end.settle(); // reconcile, then the invariant must hold with nothing unknown left
        end.checkMoney();
        end.cleanUp();
        // What the chains reached (printed by jqwik): the cases the invariant is about must all occur.
        for (String kind : List.of("subscribe:", "change:", "reactivate:", "renewal:", "compensation:")) {
            Statistics.label(kind).collect(end.number("SELECT count(*) FROM portal.payments p WHERE p.user_id = ?"
                    + " AND p.idempotency_key LIKE '" + kind + "%'") + end.number("SELECT count(*) FROM portal.payment_refunds r"
                    + " JOIN portal.payments p ON p.id = r.payment_id WHERE p.user_id = ? AND r.idempotency_key LIKE '"
                    + kind + "%'") > 0);
        }
        Statistics.label("keys repeated or reused").collect(end.log.stream().anyMatch(l -> l.startsWith("re")));
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        Arbitrary<PricingTier> tiers = Arbitraries.of(basic, pro, yearly, trial);
        Arbitrary<Boolean> timeouts = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        return ActionChain.startWith(World::new)
                .withAction(5, action(Combinators.combine(tiers, timeouts).as((t, timeout) ->
                        Transformer.mutate("subscribe " + t.code() + (timeout ? " (gateway times out)" : ""),
                                w -> w.subscribe(t, timeout)))))
                .withAction(5, action(Combinators.combine(tiers, timeouts).as((t, timeout) ->
                        Transformer.mutate("changeTier " + t.code() + (timeout ? " (gateway times out)" : ""),
                                w -> w.changeTier(t, timeout)))))
                .withAction(3, action(Arbitraries.of(Duration.ofHours(5), Duration.ofDays(3), Duration.ofDays(12),
                        Duration.ofDays(29), Duration.ofDays(32), Duration.ofDays(95))
                        .map(d -> Transformer.mutate("clock +" + d + ", renewDue", w -> w.renew(d)))))
                .withAction(3, Action.just(Transformer.mutate("card declines at the period end, renewDue",
                        World::declinedRenewal)))
                .withAction(2, action(Arbitraries.of(true, false)
                        .map(atEnd -> Transformer.mutate("cancel" + (atEnd ? " at period end" : " now"), w -> w.cancel(atEnd)))))
                .withAction(4, action(timeouts.map(timeout -> Transformer.mutate(
                        "reactivate" + (timeout ? " (gateway times out)" : ""), w -> w.reactivate(timeout)))))
                .withAction(1, action(Arbitraries.of(true, false)
                        .map(declines -> Transformer.mutate(declines ? "card declines" : "card works", w -> w.card(declines)))))
                .withAction(2, action(Arbitraries.of(0.3, 1.0, -1.0).map(share -> Transformer.mutate(
                        "host refund " + (share < 0 ? "of Long.MAX_VALUE" : share * 100 + "%"), w -> w.refund(share)))))
                .withAction(1, action(Arbitraries.of(500L, 4200L)
                        .map(amount -> Transformer.mutate("one-off charge " + amount, w -> w.charge(amount)))))
                .withAction(2, Action.just(Transformer.mutate("reconcile", World::reconcile)))
                .withAction(3, Action.<World>builder().when(w -> !w.keys.isEmpty())
                        .just(Transformer.mutate("repeat a key", w -> w.repeat(w.pick()))))
                .withAction(2, Action.<World>builder().when(w -> !w.keys.isEmpty())
                        .just(Transformer.mutate("reuse a key for another call", w -> w.reuse(w.pick()))))
                .withMaxTransformations(16);
    }

    private static Action.Independent<World> action(Arbitrary<Transformer<World>> transformers) {
        return () -> transformers;
    }

    /** A key bound to a call: the call, as made first, and what it returned (a value or a PortalException). */
    record KeyUse(String key, String what, Supplier<Object> call, Object first, Instant at) {
    }

    /** One customer's billing life, and what the model expects it to have cost. */
    static final class World {
        final UUID user;
        final Map<String, KeyUse> keys = new LinkedHashMap<>();
        final List<String> log = new ArrayList<>();
        /** Owed by the transitions seen, plus one-off charges. */
        long owed;
        /** A keyed call whose payment's outcome is unknown (at most one at a time). */
        KeyUse unfinished;
        int picks;

        World() {
            clock.set(START);
            gateway.clear();
            user = portal.service(UserService.class).register(NewUser.member(
                    TestData.email("money"), "correct horse battery", "Money"), WHO).id();
        }

        @Override
        public String toString() {
            return "World[user=" + user + ", owed=" + owed + ", log=" + log + "]";
        }

        // --------------------------------------------------------------------------------------
        // actions

        void subscribe(PricingTier t, boolean timeout) {
            String k = UUID.randomUUID().toString();
            keyed(k, "subscribe " + t.code(), () -> subs().subscribe(NewSubscription.of(user, t.id(), k), WHO), timeout);
        }

        void changeTier(PricingTier t, boolean timeout) {
            Optional<Subscription> s = subs().current(user);
            UUID id = s.map(Subscription::id).orElse(UUID.randomUUID());
            String k = UUID.randomUUID().toString();
            keyed(k, "changeTier " + t.code(), () -> subs().changeTier(id, t.id(), k, WHO), timeout);
        }

        void reactivate(boolean timeout) {
            UUID id = subs().current(user).map(Subscription::id).orElse(UUID.randomUUID());
            String k = UUID.randomUUID().toString();
            keyed(k, "reactivate", () -> subs().reactivate(id, k, WHO), timeout);
        }

        void charge(long amount) {
            String k = UUID.randomUUID().toString();
            Object outcome = keyed(k, "charge " + amount,
                    () -> payments().charge(ChargeRequest.of(user, amount, "USD", "One-off", k), WHO), false);
            if (outcome instanceof Payment p && p.status().captured()) {
                owed += amount; // owed by the order, not by a subscription
            }
        }

        void renew(Duration d) {
            clock.advance(d);
            for (int i = 0; i < 20; i++) {
                Map<UUID, Subscription> before = snapshot();
                Instant now = clock.instant();
                RenewalReport r = subs().renewDue(now, 100);
                observe(before, now, "renewDue " + r, true);
                if (r.claimed() == 0) {
                    return;
                }
            }
        }

        /** The card declines the renewal at the end of the current period; works again afterwards. */
        void declinedRenewal() {
            Optional<Subscription> s = subs().current(user);
            if (s.isEmpty() || s.get().currentPeriodEnd() == null || !s.get().currentPeriodEnd().isAfter(clock.instant())) {
                return;
            }
            ledger.declineCustomer(user);
            try {
                renew(Duration.between(clock.instant(), s.get().currentPeriodEnd()).plusHours(1));
            } finally {
                ledger.clearDeclines();
            }
        }

        void cancel(boolean atPeriodEnd) {
            Map<UUID, Subscription> before = snapshot();
            Optional<Subscription> s = subs().current(user);
            typed(outcome(() -> subs().cancel(s.map(Subscription::id).orElse(UUID.randomUUID()), atPeriodEnd, WHO)));
            observe(before, clock.instant(), "cancel", false);
        }

        void card(boolean declines) {
            if (declines) {
                ledger.declineCustomer(user);
            } else {
                ledger.clearDeclines();
            }
        }

        /** A host refund of part ({@code share}) of one of the customer's captured payments; negative: Long.MAX_VALUE. */
        void refund(double share) {
            List<Payment> refundable = payments().list(user, dev.portalkit.core.PageRequest.first(100)).items().stream()
                    .filter(p -> p.refundableMinor() > 0).toList();
            if (refundable.isEmpty()) {
                return;
            }
            Payment p = refundable.get(picks++ % refundable.size());
            long amount = share < 0 ? Long.MAX_VALUE : Math.max(1, (long) (p.refundableMinor() * share));
            String k = UUID.randomUUID().toString();
            Object outcome = keyed(k, "refund " + amount + " of " + p.id(), () -> payments().refund(p.id(), amount, k, "host", WHO),
                    false);
            if (share < 0) {
                assertThat(outcome).as("a refund of Long.MAX_VALUE").isInstanceOf(RefundExceedsCapturedException.class);
            }
        }

        void reconcile() {
            Map<UUID, Subscription> before = snapshot();
            typed(outcome(() -> payments().reconcile(100, WHO)));
            // Finishing a call whose charge was unknown applies what it planned, at its own instant.
            observe(before, unfinished == null ? clock.instant() : unfinished.at(), "reconcile", false);
            settleUnfinished();
        }

        /** The same call with the same key again. */
        void repeat(KeyUse use) {
            boolean wasUnfinished = use == unfinished;
            Map<UUID, Subscription> before = snapshot();
            long rows = rows();
            int calls = ledger.chargeCalls();
            Object again = typed(outcome(use.call()));
            log.add("repeat " + use.what() + " -> " + brief(again));
            if (wasUnfinished) {
                observe(before, use.at(), "repeat of " + use.what(), false);
                settleUnfinished();
                return;
            }
            assertThat(snapshot()).as("a repeated key (%s) changed a subscription", use.what()).isEqualTo(before);
            assertThat(rows()).as("a repeated key (%s) wrote rows", use.what()).isEqualTo(rows);
            assertThat(ledger.chargeCalls()).as("a repeated key (%s) called the gateway", use.what()).isEqualTo(calls);
            assertSameOutcome(use, again);
        }

        /** The key of an earlier call given to another call: refused, nothing changes. */
        void reuse(KeyUse use) {
            Map<UUID, Subscription> before = snapshot();
            long rows = rows();
            UUID sub = subs().current(user).map(Subscription::id).orElse(UUID.randomUUID());
            Map<String, Supplier<Object>> others = new LinkedHashMap<>();
            others.put("subscribe pro", () -> subs().subscribe(NewSubscription.of(user, pro.id(), use.key()), WHO));
            others.put("changeTier yearly", () -> subs().changeTier(sub, yearly.id(), use.key(), WHO));
            others.put("reactivate", () -> subs().reactivate(sub, use.key(), WHO));
            others.put("charge 777", () -> payments().charge(ChargeRequest.of(user, 777, "USD", "Other", use.key()), WHO));
            String other = new ArrayList<>(others.keySet()).get(picks++ % others.size());
            Object outcome = typed(outcome(others.get(other)));
            log.add("reuse " + use.what() + "'s key for " + other + " -> " + brief(outcome));
            if (outcome instanceof IdempotencyKeyReusedException) {
                assertThat(snapshot()).isEqualTo(before);
                assertThat(rows()).isEqualTo(rows);
                return;
            }
            // Not refused: only when it is the same call (same kind, same subscription), i.e. a repeat.
            assertThat(use.what()).as("key of %s reused for %s: %s", use.what(), other, brief(outcome)).isEqualTo(other);
            if (use == unfinished) {
                observe(before, use.at(), "repeat of " + use.what(), false);
                settleUnfinished();
            } else {
                assertThat(snapshot()).isEqualTo(before);
                assertThat(rows()).isEqualTo(rows);
            }
        }

        KeyUse pick() {
            List<KeyUse> all = new ArrayList<>(keys.values());
            return all.get(picks++ % all.size());
        }

        // --------------------------------------------------------------------------------------
        // calls and observation

        /** A keyed call: made, observed, and its key remembered if the call bound it. */
        private Object keyed(String key, String what, Supplier<Object> call, boolean timeout) {
            if (timeout && unfinished != null) {
                timeout = false; // one unknown outcome at a time keeps each transition's instant known
            }
            Map<UUID, Subscription> before = snapshot();
            Instant at = clock.instant();
            if (timeout) {
                gateway.timeOutNextCharge(picks++ % 2 == 0);
            }
            Object outcome;
            try {
                outcome = typed(outcome(call));
            } finally {
                gateway.clear();
            }
            log.add(what + (timeout ? " (timeout)" : "") + " -> " + brief(outcome));
            observe(before, at, what, false);
            KeyUse use = new KeyUse(key, what, call, outcome, at);
            if (Queries.number(portal.dataSource(), "SELECT count(*) FROM portal.idempotency_keys WHERE idempotency_key = ?",
                    key) == 1) {
                keys.put(key, use);
            }
            if (outcome instanceof PaymentOutcomeUnknownException) {
                unfinished = use;
            }
            return outcome;
        }

        /**
         * The unknown call is finished once its key is decided (DONE or FAILED); from then on every repeat
         * answers what the key's decision answers, which becomes the outcome repeats are compared with.
         */
        private void settleUnfinished() {
            if (unfinished != null && Queries.number(portal.dataSource(), "SELECT count(*) FROM portal.idempotency_keys"
                    + " WHERE idempotency_key = ? AND status <> 'STARTED'", unfinished.key()) == 1) {
                KeyUse use = unfinished;
                unfinished = null;
                keys.put(use.key(), new KeyUse(use.key(), use.what(), use.call(), typed(outcome(use.call())), use.at()));
            }
        }

        /**
         * Prices every change made to the customer's subscriptions since {@code before}, computed at instant
         * {@code at}; {@code byRenewal}: the renewal job made them.
         */
        private void observe(Map<UUID, Subscription> before, Instant at, String what, boolean byRenewal) {
            Map<UUID, Subscription> after = snapshot();
            for (Subscription s1 : after.values()) {
                owed += cost(before.get(s1.id()), s1, at, what, byRenewal);
            }
        }

        /** What one transition costs by billing's rules, computed here, not by billing. */
        private long cost(Subscription s0, Subscription s1, Instant at, String what, boolean byRenewal) {
            if (s0 == null) {
                return s1.status() == SubscriptionStatus.TRIALING ? 0 : s1.amountMinor(); // first period
            }
            if (s0.version() == s1.version()) {
                return 0; // every change of a subscription moves its version
            }
            boolean sameStart = s1.currentPeriodStart().equals(s0.currentPeriodStart());
            boolean live = s0.status() == SubscriptionStatus.ACTIVE || s0.status() == SubscriptionStatus.TRIALING;
            if (byRenewal && live && s1.currentPeriodStart().equals(s0.currentPeriodEnd())) {
                // Into the next period: paid (ACTIVE), or declined (PAST_DUE).
                return s1.status() == SubscriptionStatus.ACTIVE ? paidPeriod(s1) : 0;
            }
            if (byRenewal && s0.status() == SubscriptionStatus.PAST_DUE && s1.status() == SubscriptionStatus.ACTIVE) {
                assertThat(sameStart).as("%s: a retry pays the period it was due for", what).isTrue();
                return paidPeriod(s1);
            }
            if ((s0.status() == SubscriptionStatus.PAST_DUE || s0.status() == SubscriptionStatus.UNPAID)
                    && s1.status() == SubscriptionStatus.ACTIVE) {
                assertThat(s1.currentPeriodStart()).as("%s: a reactivation starts a period when it was paid", what).isEqualTo(at);
                return s1.amountMinor();
            }
            if (!s1.tierId().equals(s0.tierId()) && s0.status() == SubscriptionStatus.ACTIVE) {
                assertThat(upgrade(s0, s1)).as("%s: an immediate tier change is an upgrade: %s -> %s", what, s0, s1).isTrue();
                long credit = share(s0.amountMinor(), s0.currentPeriodStart(), s0.currentPeriodEnd(), at);
                if (sameStart) {
                    return share(s1.amountMinor(), s0.currentPeriodStart(), s0.currentPeriodEnd(), at) - credit;
                }
                assertThat(s1.currentPeriodStart()).as("%s: a new interval starts now", what).isEqualTo(at);
                return s1.amountMinor() - credit;
            }
            if (!s1.tierId().equals(s0.tierId())) {
                assertThat(s0.status()).as("%s: tier changed from %s", what, s0).isEqualTo(SubscriptionStatus.TRIALING);
                return 0; // during a trial: free
            }
            assertThat(sameStart).as("%s: unexplained move of the period: %s -> %s", what, s0, s1).isTrue();
            assertThat(s1.amountMinor()).as("%s: price changed without a tier change", what).isEqualTo(s0.amountMinor());
            return 0; // cancel, resume, a scheduled downgrade, a declined retry, UNPAID, ended at the period end
        }

        /** A higher price per month (compared exactly: a1 * m0 > a0 * m1). */
        private static boolean upgrade(Subscription s0, Subscription s1) {
            return BigInteger.valueOf(s1.amountMinor()).multiply(BigInteger.valueOf(months(s0)))
                    .compareTo(BigInteger.valueOf(s0.amountMinor()).multiply(BigInteger.valueOf(months(s1)))) > 0;
        }

        private static long months(Subscription s) {
            return s.billingInterval() == BillingInterval.YEAR ? 12L * s.intervalCount() : s.intervalCount();
        }

        /** {@code amount} times the milliseconds of [start, end) left after {@code at}, rounded half up. */
        private static long share(long amount, Instant start, Instant end, Instant at) {
            long total = Duration.between(start, end).toMillis();
            if (!at.isBefore(end)) {
                return 0;
            }
            long left = Duration.between(at.isBefore(start) ? start : at, end).toMillis();
            return new BigDecimal(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(left)))
                    .divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_UP).longValueExact();
        }

        /** A period paid by renewal has its own captured charge of the period's price, not given back. */
        private long paidPeriod(Subscription s) {
            long paid = Queries.number(portal.dataSource(), "SELECT coalesce(sum(p.amount_minor), 0) FROM portal.payments p"
                    + " WHERE p.subscription_id = ? AND p.period_start = ? AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')"
                    + " AND NOT EXISTS (SELECT 1 FROM portal.payment_refunds r WHERE r.payment_id = p.id"
                    + " AND r.idempotency_key LIKE 'compensation:%')", s.id(), s.currentPeriodStart().atOffset(java.time.ZoneOffset.UTC));
            assertThat(paid).as("the charge of the period from %s of %s", s.currentPeriodStart(), s).isEqualTo(s.amountMinor());
            return s.amountMinor();
        }

        private Map<UUID, Subscription> snapshot() {
            Map<UUID, Subscription> m = new LinkedHashMap<>();
            for (Subscription s : subs().history(user)) {
                m.put(s.id(), s);
            }
            return m;
        }

        /** Rows of the customer's money: payments, refunds, keys. */
        private long rows() {
            return Queries.number(portal.dataSource(), "SELECT (SELECT count(*) FROM portal.payments WHERE user_id = ?)"
                    + " + (SELECT count(*) FROM portal.payment_refunds r JOIN portal.payments p ON p.id = r.payment_id"
                    + "    WHERE p.user_id = ?) + (SELECT count(*) FROM portal.idempotency_keys)", user, user);
        }

        // --------------------------------------------------------------------------------------
        // the invariant

        void checkMoney() {
            if (unfinished != null || number("SELECT count(*) FROM portal.payments WHERE user_id = ?"
                    + " AND status IN ('PROCESSING', 'UNKNOWN')") > 0) {
                return; // an outcome is unknown: reconcile decides it (settle() at the end checks it all)
            }
            long captured = number("SELECT coalesce(sum(amount_minor), 0) FROM portal.payments WHERE user_id = ?"
                    + " AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')");
            long givenBack = number("SELECT coalesce(sum(r.amount_minor), 0) FROM portal.payment_refunds r"
                    + " JOIN portal.payments p ON p.id = r.payment_id WHERE p.user_id = ? AND r.status = 'SUCCEEDED'"
                    + " AND r.idempotency_key LIKE 'compensation:%'");
            assertThat(captured - givenBack).as("captured %d - given back %d vs owed, %s", captured, givenBack, this)
                    .isEqualTo(owed);
            long table = number("SELECT coalesce(sum(amount_minor - refunded_minor), 0) FROM portal.payments WHERE user_id = ?"
                    + " AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')");
            assertThat(gatewayNet()).as("the gateway's ledger vs the payments table, %s", this).isEqualTo(table);
            assertThat(number("""
                    SELECT count(*) FROM portal.payments p
                     WHERE p.user_id = ? AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
                       AND NOT EXISTS (SELECT 1 FROM portal.idempotency_keys k WHERE k.payment_id = p.id AND k.status = 'DONE')
                       AND NOT (p.status = 'REFUNDED' AND EXISTS (SELECT 1 FROM portal.idempotency_keys k
                                                                   WHERE k.payment_id = p.id AND k.status = 'FAILED'))"""))
                    .as("captured payments neither applied nor given back, %s", this).isZero();
            assertThat(number("""
                    SELECT count(*) FROM (SELECT 1 FROM portal.payments p
                     WHERE p.user_id = ? AND p.period_start IS NOT NULL AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED')
                     GROUP BY p.subscription_id, p.period_start HAVING count(*) > 1) twice"""))
                    .as("periods charged twice, %s", this).isZero();
        }

        private long gatewayNet() {
            long net = 0;
            for (GatewayCharge c : ledger.charges()) {
                if (c.customerId().equals(user)) {
                    GatewayResult r = ledger.lookupCharge(c.idempotencyKey()).orElseThrow();
                    if (r.approved()) {
                        net += c.amountMinor() - ledger.refunded(r.reference());
                    }
                }
            }
            return net;
        }

        private long number(String sql) {
            int params = sql.length() - sql.replace("?", "").length();
            Object[] args = new Object[params];
            java.util.Arrays.fill(args, user);
            return Queries.number(portal.dataSource(), sql, args);
        }

        /** After the chain: reconcile settles every unknown outcome and finishes its call. */
        void settle() {
            reconcile();
            assertThat(unfinished).as("a call left unfinished after reconcile, %s", this).isNull();
            assertThat(number("SELECT count(*) FROM portal.payments WHERE user_id = ? AND status IN ('PROCESSING', 'UNKNOWN')"))
                    .as("payments left unsettled after reconcile, %s", this).isZero();
        }

        /** Ends the customer's subscription so that later tries' renewal runs pass it by. */
        void cleanUp() {
            subs().current(user).ifPresent(s -> subs().cancel(s.id(), false, WHO));
            ledger.clearDeclines();
        }

        private void assertSameOutcome(KeyUse use, Object again) {
            Object first = use.first();
            if (first instanceof Payment p) {
                assertThat(again).isInstanceOfSatisfying(Payment.class, q -> assertThat(q.id()).isEqualTo(p.id()));
            } else if (first instanceof Refund r) {
                assertThat(again).isInstanceOfSatisfying(Refund.class, q -> assertThat(q.id()).isEqualTo(r.id()));
            } else if (first instanceof PortalException e) {
                // Refused before the key was bound would not be here; a bound key's refusal is refused again.
                assertThat(again).as("repeat of %s (first: %s)", use.what(), e.getMessage()).isInstanceOf(PortalException.class);
            } else {
                assertThat(again).as("repeat of %s", use.what()).isEqualTo(first);
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    static Object outcome(Supplier<Object> call) {
        try {
            return call.get();
        } catch (PortalException e) {
            return e;
        }
    }

    /** Any outcome is a value or a decided PortalException (never the database's unexpected error). */
    static Object typed(Object outcome) {
        if (outcome instanceof PortalException e && e.code() == CoreError.DATABASE_ERROR) {
            fail("unexpected database error", e);
        }
        return outcome;
    }

    static String brief(Object o) {
        if (o instanceof PortalException e) {
            return e.getClass().getSimpleName() + " " + e.code().id();
        }
        if (o instanceof Subscription s) {
            return "Subscription[" + s.status() + " " + s.amountMinor() + " " + s.currentPeriodStart() + ".." + s.currentPeriodEnd() + "]";
        }
        if (o instanceof ChangePreview p) {
            return "ChangePreview[" + p.timing() + " " + p.totalMinor() + "]";
        }
        if (o instanceof Payment p) {
            return "Payment[" + p.status() + " " + p.amountMinor() + "]";
        }
        return String.valueOf(o);
    }

    /** The in-memory gateway, except that the next charge may time out (after or before charging). */
    static final class FlakyGateway extends ForwardingPaymentGateway {
        private volatile Boolean timeOutAfterCharging;

        FlakyGateway(InMemoryPaymentGateway ledger) {
            super(ledger);
        }

        void timeOutNextCharge(boolean afterCharging) {
            timeOutAfterCharging = afterCharging;
        }

        void clear() {
            timeOutAfterCharging = null;
        }

        @Override
        public GatewayResult charge(GatewayCharge charge) {
            Boolean after = timeOutAfterCharging;
            timeOutAfterCharging = null;
            if (after == null) {
                return super.charge(charge);
            }
            if (after) {
                super.charge(charge);
            }
            throw new GatewayTimeoutException("flaky gateway: timed out " + (after ? "after" : "before") + " charging");
        }
    }
}
