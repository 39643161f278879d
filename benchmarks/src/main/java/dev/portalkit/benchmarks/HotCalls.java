package dev.portalkit.benchmarks;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.TemplateContent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The data the hot calls need, created once through PortalKit's own services. */
final class HotCalls {

    static final Setting<String> SITE_NAME = Setting.string("bench.site_name", "PortalKit");
    static final int USERS = 200;
    static final int PROVIDERS = 100;
    static final String PASSWORD = "correct horse battery";

    final List<User> users = new ArrayList<>();
    final List<User> providers = new ArrayList<>();
    final List<String> tokens = new ArrayList<>();
    final UUID busyProvider;
    final Instant rangeFrom;
    final Instant rangeTo;
    final Instant slotBase;
    final AtomicLong sequence = new AtomicLong();
    final AtomicLong slots = new AtomicLong();
    final String runId = Long.toString(System.nanoTime(), 36);

    HotCalls(Portal portal) {
        CallContext ctx = CallContext.system("bench-setup");
        UserService us = portal.service(UserService.class);
        for (int i = 0; i < USERS; i++) {
            users.add(us.register(NewUser.member("user" + i + "-" + runId + "@bench.test", PASSWORD, "User " + i), ctx));
        }
        for (int i = 0; i < PROVIDERS; i++) {
            providers.add(us.register(NewUser.member("provider" + i + "-" + runId + "@bench.test", PASSWORD, "Provider " + i), ctx));
        }
        // Only a user with availability can be booked: every provider works every hour of every day.
        BookingService availability = portal.service(BookingService.class);
        for (User p : providers) {
            availability.setAvailability(p.id(), AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00")), ctx);
        }
        AuthService auth = portal.service(AuthService.class);
        for (int i = 0; i < 16; i++) {
            tokens.add(auth.login(users.get(i).email(), PASSWORD, false, CallContext.anonymous("127.0.0.1", "bench")).token());
        }
        // A provider with 200 bookings over 10 days; the list page reads 20 of them.
        busyProvider = providers.get(0).id();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3));
        rangeFrom = day;
        rangeTo = day.plus(Duration.ofDays(10));
        BookingService bookings = portal.service(BookingService.class);
        for (int i = 0; i < 200; i++) {
            Instant s = day.plus(Duration.ofHours(i * 1L + (i / 20) * 4L));
            bookings.book(NewBooking.of(users.get(i % USERS).id(), busyProvider, s, s.plus(Duration.ofMinutes(30)),
                    "UTC", "Session " + i), ctx);
        }
        slotBase = day.plus(Duration.ofDays(14));
        portal.service(SettingsService.class).set(SITE_NAME, "Bench portal", ctx);
        NavigationService nav = portal.service(NavigationService.class);
        for (int i = 0; i < 12; i++) {
            var parent = nav.create(null, null, NavItemInput.link("Section " + i, "/s" + i).withRoles("member"), ctx);
            for (int j = 0; j < 4; j++) {
                nav.create(parent.id(), null, NavItemInput.link("Page " + i + "." + j, "/s" + i + "/" + j)
                        .withRoles(j % 2 == 0 ? "member" : "admin"), ctx);
            }
        }
        portal.service(EmailTemplateService.class).create("bench.welcome", "en",
                TemplateContent.of("Welcome {{name}}", "<p>Hello {{name}}</p>", "Hello {{name}}", "name"), ctx);
    }

    /** A fresh slot per call: providers 1..99 round-robin, 45 minutes apart. */
    NewBooking nextBooking() {
        long n = slots.incrementAndGet();
        UUID provider = providers.get(1 + (int) (n % (PROVIDERS - 1))).id();
        Instant s = slotBase.plus(Duration.ofMinutes(31 * (n / (PROVIDERS - 1))));
        return NewBooking.of(users.get((int) (n % USERS)).id(), provider, s, s.plus(Duration.ofMinutes(30)), "UTC", "Bench");
    }

    static Set<String> ROLES = Set.of("member");

    /** The PortalKit side of each hot call. */
    static Map<String, Runnable> portalKit(Portal p, HotCalls d) {
        UserService users = p.service(UserService.class);
        AuthService auth = p.service(AuthService.class);
        BookingService bookings = p.service(BookingService.class);
        PaymentService payments = p.service(PaymentService.class);
        EmailService email = p.service(EmailService.class);
        SettingsService settings = p.service(SettingsService.class);
        NavigationService nav = p.service(NavigationService.class);
        ActivityLog log = p.service(ActivityLog.class);
        CallContext ctx = CallContext.of(d.users.get(0).id(), "127.0.0.1", "bench");
        Map<String, Runnable> m = new java.util.LinkedHashMap<>();
        m.put("authenticate", () -> need(auth.authenticate(d.tokens.get(idx(d, 16))).isPresent()));
        m.put("findUserById", () -> need(users.find(d.users.get(idx(d, USERS)).id()).isPresent()));
        m.put("findUserByEmail", () -> need(users.findByEmail(d.users.get(idx(d, USERS)).email()).isPresent()));
        m.put("book", () -> bookings.book(d.nextBooking(), ctx));
        m.put("providerBookingsPage", () -> need(bookings.forProvider(d.busyProvider, d.rangeFrom, d.rangeTo,
                PageRequest.first(20)).items().size() == 20));
        m.put("charge", () -> payments.charge(ChargeRequest.of(d.users.get(idx(d, USERS)).id(), 1999, "EUR", "Bench",
                "bench-" + d.runId + "-" + d.sequence.incrementAndGet()), ctx));
        m.put("queueEmail", () -> email.queue("bench.welcome", "en", "to" + idx(d, 1000) + "@bench.test",
                Map.of("name", "Ann"), "mail-" + d.runId + "-" + d.sequence.incrementAndGet(), ctx));
        m.put("readSetting", () -> need(settings.get(SITE_NAME).equals("Bench portal")));
        m.put("navTree", () -> need(nav.tree(ROLES).size() == 12));
        m.put("activityPage", () -> need(log.find(ActivityQuery.all(), PageRequest.first(20)).items().size() == 20));
        return m;
    }

    static int idx(HotCalls d, int n) {
        return (int) (d.sequence.incrementAndGet() % n);
    }

    static void need(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("benchmark call returned an unexpected result");
        }
    }
}
