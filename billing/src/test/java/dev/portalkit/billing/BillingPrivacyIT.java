package dev.portalkit.billing;

import static dev.portalkit.billing.BillingTests.CLIENT;
import static dev.portalkit.testing.Queries.column;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureReport;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README "Privacy": billing's part of portal.privacy().export and erase. */
class BillingPrivacyIT {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static final InMemoryPaymentGateway gateway = new InMemoryPaymentGateway();

    @RegisterExtension
    static final PortalExtension kit = BillingTests.portal(gateway, clock);

    /** Billing's tables: every text, varchar, char and jsonb column of them is scanned. */
    static final List<String> TABLES = List.of("pricing_tiers", "user_subscriptions", "payments", "payment_refunds",
            "idempotency_keys", "provider_availability", "bookings", "booking_reminders");

    static final String IP = "198.51.100.77";
    static final String AGENT = "AnnsBrowser/9.1 (Hostile; rv:1)";

    private Portal portal() {
        return kit.portal();
    }

    @Test
    void eraseLeavesNoEmailNameIpOrAgentInBillingKeepsPaymentsAndASecondEraseFindsNothing() throws Exception {
        String email = "ann.erasable." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String name = "Annabel Erasable";
        UUID ann = portal().service(UserService.class)
                .register(NewUser.member(email, "correct horse battery", name), CLIENT).id();
        CallContext asAnn = CallContext.of(ann, IP, AGENT);
        Map<String, Object> personal = Map.of("email", email, "name", name, "ip", IP, "agent", AGENT,
                "nested", Map.of("list", List.of("billing " + name, 1, true)));

        // A subscription, a charge and a refund, every free-text field holding something of Ann's.
        PricingTier tier = BillingTests.tier(portal(), 1500, 0);
        portal().service(SubscriptionService.class).subscribe(new NewSubscription(ann, tier.id(), null,
                "sub-" + email, personal), asAnn);
        PaymentService payments = portal().service(PaymentService.class);
        Payment p = payments.charge(new ChargeRequest(ann, 4200, "EUR", "Order for " + name + " <" + email + "> from "
                + IP, "order-" + email.toUpperCase(), personal), asAnn);
        payments.refund(p.id(), 1200, "refund-" + name, "asked by " + name + ", " + AGENT, asAnn);

        // Ann's bookings as a customer, and Ann as a provider of someone else's booking that names her.
        BookingService bookings = portal().service(BookingService.class);
        UUID provider = BillingTests.provider(portal(), a -> a);
        Instant start = NOW.plus(Duration.ofDays(3));
        Booking mine = bookings.book(new NewBooking(ann, provider, start, start.plus(Duration.ofHours(1)), "UTC",
                "Consultation for " + name, "Call me at " + email + " from " + IP, name + "'s office",
                "https://meet.example.com/" + email, null, personal), asAnn);
        Booking cancelled = bookings.book(new NewBooking(ann, provider, start.plus(Duration.ofHours(2)),
                start.plus(Duration.ofHours(3)), "UTC", "Second", null, null, null, null, Map.of()), asAnn);
        bookings.cancel(cancelled.id(), cancelled.version(), "sorry, " + name + " is ill", asAnn);
        // cancelled by the provider, whose audit row (not Ann's) holds a reason naming her
        Booking byProvider = bookings.book(new NewBooking(ann, provider, start.plus(Duration.ofHours(4)),
                start.plus(Duration.ofHours(5)), "UTC", "Third", null, null, null, null, Map.of()), asAnn);
        bookings.cancel(byProvider.id(), byProvider.version(), "no-show of " + name + " <" + email + ">",
                CallContext.of(provider, "203.0.113.5", "provider desk"));
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ?"
                + " AND strpos(CAST(metadata AS text), ?) > 0", byProvider.id(), name)).isEqualTo(1);
        bookings.setAvailability(ann, AvailabilityInput.everyDay("Europe/Paris", TimeRange.of("00:00", "00:00")), CLIENT);
        UUID bob = BillingTests.user(portal(), "bob");
        Booking bobs = bookings.book(new NewBooking(bob, ann, start, start.plus(Duration.ofHours(1)), "UTC",
                "Session with " + name.toUpperCase(), "Ann's mail: " + email + "; bring the form", null, null, null,
                Map.of("host", name, "keep", "bob's own note")), CLIENT);

        // export: everything of Ann's billing holds
        JsonNode export = new ObjectMapper().readTree(portal().privacy().export(ann)).get("billing");
        assertThat(export.get("payments")).as("the subscription's first charge and the order").hasSize(2);
        JsonNode order = export.get("payments").get(0).get("currency").asText().equals("EUR")
                ? export.get("payments").get(0) : export.get("payments").get(1);
        assertThat(order.get("amount_minor").asLong()).isEqualTo(4200);
        assertThat(order.get("currency").asText()).isEqualTo("EUR");
        assertThat(order.get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(order.get("created_at").asText()).startsWith("2026-03-02T12:00");
        assertThat(order.has("request_hash")).isFalse();
        assertThat(export.get("refunds")).hasSize(1);
        assertThat(export.get("subscriptions")).hasSize(1);
        assertThat(export.get("bookings")).hasSize(3);
        assertThat(export.get("bookingsAsProvider")).hasSize(1);
        assertThat(export.get("bookingsAsProvider").get(0).has("notes")).as("bob's notes are bob's").isFalse();
        assertThat(export.get("bookingReminders").size()).isPositive();
        assertThat(export.get("availability").get("time_zone").asText()).isEqualTo("Europe/Paris");
        assertThat(export.toString()).contains(email, name);

        ErasureReport report = portal().privacy().erase(ann, CLIENT);

        Map<String, Long> steps = new java.util.LinkedHashMap<>();
        for (ErasureStep s : report.modules().get("billing")) {
            steps.put(s.table() + "/" + s.action(), s.rows());
        }
        assertThat(steps).containsEntry("payments/ANONYMISED", 2L).containsEntry("payment_refunds/ANONYMISED", 1L)
                .containsEntry("bookings/ANONYMISED", 4L) // Ann's three and Bob's that names her
                .containsEntry("provider_availability/DELETED", 1L).containsEntry("user_subscriptions/ANONYMISED", 1L);
        assertThat(steps.get("booking_reminders/DELETED")).isPositive();
        assertThat(steps.get("idempotency_keys/ANONYMISED")).isPositive();

        assertThat(mentions(email, name, IP, AGENT)).as("columns of billing's tables still holding Ann's data").isEmpty();
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payments WHERE id = ? AND amount_minor = 4200"
                + " AND refunded_minor = 1200 AND currency = 'EUR' AND status = 'PARTIALLY_REFUNDED'", p.id())).isEqualTo(1);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.payment_refunds r JOIN portal.payments p"
                + " ON p.id = r.payment_id WHERE p.user_id = ? AND r.amount_minor = 1200", ann)).isEqualTo(1);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.bookings WHERE customer_id = ?", ann))
                .as("bookings are kept, anonymised").isEqualTo(3);
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ?"
                + " AND (strpos(lower(concat_ws(' ', CAST(before AS text), CAST(after AS text), CAST(metadata AS text))),"
                + " lower(?)) > 0 OR strpos(lower(concat_ws(' ', CAST(before AS text), CAST(after AS text),"
                + " CAST(metadata AS text))), lower(?)) > 0)", byProvider.id(), name, email))
                .as("the provider's audit row of Ann's booking (auditedEntities) is redacted too").isZero();
        assertThat(column(portal().dataSource(), "SELECT title || ' | ' || notes || ' | ' || (metadata ->> 'keep')"
                + " FROM portal.bookings WHERE id = ?", bobs.id()))
                .containsExactly("Session with *** | Ann's mail: ***; bring the form | bob's own note");
        assertThat(number(portal().dataSource(), "SELECT count(*) FROM portal.booking_reminders r JOIN portal.bookings b"
                + " ON b.id = r.booking_id WHERE b.customer_id = ?", ann)).isZero();
        assertThat(bookings.calendar(mine.id()).text()).doesNotContain(email).doesNotContain(name);
        assertThat(payments.find(p.id())).hasValueSatisfying(q -> {
            assertThat(q.amountMinor()).isEqualTo(4200);
            assertThat(q.description()).isNull();
        });

        ErasureReport again = portal().privacy().erase(ann, CLIENT);
        assertThat(again.modules().get("billing")).as("a second erase finds nothing")
                .allSatisfy(s -> assertThat(s.rows()).as(s.table()).isZero());
        assertThat(again.modules().get("billing")).extracting(ErasureStep::action).doesNotContainNull()
                .allMatch(a -> a == ErasureAction.DELETED || a == ErasureAction.ANONYMISED);
    }

    /** "table.column" of every text, varchar, char or jsonb column of billing's tables holding any of {@code needles}. */
    private List<String> mentions(String... needles) {
        List<String> columns = column(portal().dataSource(), "SELECT table_name || '.' || column_name"
                + " FROM information_schema.columns WHERE table_schema = 'portal' AND table_name = ANY (?)"
                + " AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json') ORDER BY 1",
                (Object) TABLES.toArray(new String[0]));
        assertThat(columns).contains("payments.description", "payments.metadata", "bookings.notes",
                "idempotency_keys.result", "payment_refunds.reason", "user_subscriptions.metadata");
        List<String> found = new ArrayList<>();
        for (String c : columns) {
            String[] tc = c.split("\\.");
            for (String needle : needles) {
                if (number(portal().dataSource(), "SELECT count(*) FROM portal." + tc[0] + " WHERE strpos(lower(CAST("
                        + tc[1] + " AS text)), lower(?)) > 0", needle) > 0) {
                    found.add(c + " holds " + needle);
                }
            }
        }
        return found;
    }
}
