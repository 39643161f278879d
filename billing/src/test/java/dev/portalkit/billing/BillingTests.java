package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** The billing suite's support: auth (bcrypt cost 4) and billing on a fresh database per class. */
public final class BillingTests {

    public static final CallContext CLIENT = CallContext.anonymous("203.0.113.9", "JUnit browser");

    private BillingTests() {
    }

    /** Auth and billing with {@code gateway}, on {@code clock} ({@code null}: the system clock). */
    public static PortalExtension portal(PaymentGateway gateway, Clock clock) {
        return portal(gateway, clock, o -> o);
    }

    public static PortalExtension portal(PaymentGateway gateway, Clock clock,
                                         UnaryOperator<BillingOptions.Builder> options) {
        return PortalExtension.builder()
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()),
                        new BillingModule(options.apply(BillingOptions.builder().gateway(gateway)).build()))
                .clock(clock)
                .configure(b -> b.maximumPoolSize(12))
                .build();
    }

    /** A new member named {@code name}, with a unique e-mail address. */
    public static UUID user(Portal portal, String name) {
        return portal.service(UserService.class)
                .register(NewUser.member(TestData.email(name), "correct horse battery", name), CLIENT).id();
    }

    /** {@code count} new members named {@code prefix0}, {@code prefix1}, ... */
    public static List<UUID> users(Portal portal, String prefix, int count) {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(user(portal, prefix + i));
        }
        return users;
    }

    /**
     * A new user bookable every hour of every day in UTC, with the module's notice and horizon unless
     * {@code hours} changes them (or adds buffers).
     */
    public static UUID provider(Portal portal, UnaryOperator<AvailabilityInput> hours) {
        UUID provider = user(portal, "provider");
        portal.service(BookingService.class).setAvailability(provider,
                hours.apply(AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00"))), CLIENT);
        return provider;
    }

    /** Thursday 5 March 2026 at {@code time} UTC: the day the booking suites book. */
    public static Instant at(String time) {
        return Instant.parse("2026-03-05T" + time + ":00Z");
    }

    /** A booking of {@code customer} with {@code provider} from {@code start} to {@code end} on {@link #at that day}, UTC. */
    public static NewBooking slot(UUID customer, UUID provider, String start, String end) {
        return NewBooking.of(customer, provider, at(start), at(end), "UTC", "Consultation");
    }

    public static String key() {
        return UUID.randomUUID().toString();
    }

    /** A new monthly USD tier with a unique code. */
    public static PricingTier tier(Portal portal, long amount, int trialDays) {
        String code = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return portal.service(PricingService.class)
                .create(TierInput.monthly(code, "Tier " + code, amount, "USD").withTrialDays(trialDays), CLIENT);
    }

    /** A member subscribed to a monthly tier, and a tier it may change to. */
    public record Upgradable(UUID user, PricingTier basic, PricingTier pro, Subscription subscription) {
    }

    /** A new member subscribed (charged, no trial) to a new tier of {@code basic}; another of {@code pro}. */
    public static Upgradable upgradable(Portal portal, long basic, long pro) {
        UUID user = user(portal, "ann");
        PricingTier from = tier(portal, basic, 0);
        PricingTier to = tier(portal, pro, 0);
        Subscription s = portal.service(SubscriptionService.class).subscribe(NewSubscription.of(user, from.id(), key()),
                CLIENT);
        return new Upgradable(user, from, to, s);
    }

    /** Money the user's payments hold: captured minus refunded. */
    public static long net(Portal portal, UUID user) {
        return Queries.number(portal.dataSource(), "SELECT coalesce(sum(amount_minor - refunded_minor), 0)"
                + " FROM portal.payments WHERE user_id = ? AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')",
                user);
    }

    /**
     * What the one call of a race that returned returned, after checking that every other call failed
     * with {@code losers} (and nothing else).
     */
    public static <T> T oneWinner(List<Race.Outcome<T>> outcomes, Class<? extends Throwable> losers) {
        assertThat(outcomes).as("calls that failed otherwise than with %s", losers.getSimpleName())
                .filteredOn(o -> o.failed() && !o.failedWith(losers)).isEmpty();
        assertThat(outcomes).as("calls that returned").filteredOn(o -> !o.failed()).hasSize(1);
        return outcomes.stream().filter(o -> !o.failed()).findFirst().orElseThrow().value();
    }

    /**
     * What a race of calls with one idempotency key returned: at least one call returned, every call that
     * returned returned the same, and every other one was refused as still in progress (retryable).
     */
    public static <T> T oneResultOrInProgress(List<Race.Outcome<T>> outcomes) {
        assertThat(outcomes).as("calls that failed otherwise than in progress")
                .filteredOn(o -> o.failed() && !o.failedWith(PaymentInProgressException.class)).isEmpty();
        assertThat(outcomes).filteredOn(Race.Outcome::failed)
                .allSatisfy(o -> assertThat(((PaymentInProgressException) o.error()).isRetryable()).isTrue());
        List<T> results = outcomes.stream().filter(o -> !o.failed()).map(Race.Outcome::value).toList();
        assertThat(results).as("outcomes %s", outcomes).isNotEmpty();
        assertThat(results).as("every result is the first one").containsOnly(results.get(0));
        return results.get(0);
    }
}
