package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.TierInput;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inputs HostileInputIT found that once failed with an untyped exception (or, for subscribe, after
 * charging the customer) instead of a typed PortalException with nothing changed; kept as
 * regression tests now that each is fixed in its module.
 */
class InputRegressionsIT {

    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "JUnit browser");
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()), new BillingModule(BillingOptions.builder().gateway(gateway).build()),
                    new MessagingModule(MessagingOptions.builder().from("a@example.com").build()))
            .build();

    @Test
    void aNullTemplateVariableIsAValidationError() {
        assertThatThrownBy(() -> kit.portal().service(EmailTemplateService.class).create("null-var", "en",
                new TemplateContent("Hi", "<p>Hi</p>", "Hi", Arrays.asList("name", null), null), WHO))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void renewDueAtTheEndOfTimeIsATypedError() {
        assertThatThrownBy(() -> kit.portal().service(SubscriptionService.class).renewDue(Instant.MAX, 10))
                .isInstanceOf(PortalException.class);
    }

    @Test
    void aNullWorkingHoursRangeIsAValidationError() {
        UUID provider = user("provider");
        Map<DayOfWeek, List<dev.portalkit.billing.booking.TimeRange>> week = new HashMap<>();
        week.put(DayOfWeek.MONDAY, Arrays.asList((dev.portalkit.billing.booking.TimeRange) null));
        assertThatThrownBy(() -> kit.portal().service(BookingService.class).setAvailability(provider,
                new AvailabilityInput("UTC", week, Map.of(), null, null, null, null, null), WHO))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aBookingAtTheEndOfTimeIsAValidationError() {
        UUID customer = user("customer");
        UUID provider = user("provider");
        Instant start = Instant.MAX.minusSeconds(60);
        assertThatThrownBy(() -> kit.portal().service(BookingService.class).book(NewBooking.of(customer, provider, start,
                Instant.MAX, "UTC", "End of time"), WHO))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void subscribeWithMetadataTheDatabaseCannotStoreChargesNothing() {
        UUID customer = user("subscriber");
        PricingTier tier = kit.portal().service(PricingService.class).create(
                TierInput.monthly("pro-" + UUID.randomUUID().toString().substring(0, 8), "Pro", 1500, "EUR"), WHO);
        int calls = gateway.chargeCalls();
        // A NUL, and numbers JSON cannot hold (found by HostileInputIT in CI: NaN reached jsonb).
        for (Object bad : new Object[] {"a\u0000b", Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            NewSubscription request = new NewSubscription(customer, tier.id(), null, UUID.randomUUID().toString(),
                    Map.of("note", bad));
            assertThatThrownBy(() -> kit.portal().service(SubscriptionService.class).subscribe(request, WHO))
                    .as(String.valueOf(bad))
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(gateway.chargeCalls()).isEqualTo(calls);
        assertThat(kit.portal().service(PaymentService.class).list(customer, PageRequest.first(10)).items()).isEmpty();
    }

    private static UUID user(String name) {
        return kit.portal().service(UserService.class).register(NewUser.member(
                TestData.email(name), "correct horse battery", name),
                WHO).id();
    }
}
