package dev.portalkit.benchmarks;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.Setting;
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
        Services sv = Services.of(portal);
        for (int i = 0; i < USERS; i++) {
            users.add(sv.users().register(NewUser.member("user" + i + "-" + runId + "@bench.test", PASSWORD, "User " + i), ctx));
        }
        for (int i = 0; i < PROVIDERS; i++) {
            providers.add(sv.users().register(NewUser.member("provider" + i + "-" + runId + "@bench.test", PASSWORD, "Provider " + i), ctx));
        }
        // Only a user with availability can be booked: every provider works every hour of every day.
        for (User p : providers) {
            sv.bookings().setAvailability(p.id(), AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00")), ctx);
        }
        for (int i = 0; i < 16; i++) {
            tokens.add(sv.auth().login(users.get(i).email(), PASSWORD, false, CallContext.anonymous("127.0.0.1", "bench")).token());
        }
        // A provider with 200 bookings over 10 days; the list page reads 20 of them.
        busyProvider = providers.get(0).id();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3));
        rangeFrom = day;
        rangeTo = day.plus(Duration.ofDays(10));
        for (int i = 0; i < 200; i++) {
            Instant s = day.plus(Duration.ofHours(i * 1L + (i / 20) * 4L));
            sv.bookings().book(NewBooking.of(users.get(i % USERS).id(), busyProvider, s, s.plus(Duration.ofMinutes(30)),
                    "UTC", "Session " + i), ctx);
        }
        slotBase = day.plus(Duration.ofDays(14));
        sv.settings().set(SITE_NAME, "Bench portal", ctx);
        for (int i = 0; i < 12; i++) {
            var parent = sv.nav().create(null, null, NavItemInput.link("Section " + i, "/s" + i).withRoles("member"), ctx);
            for (int j = 0; j < 4; j++) {
                sv.nav().create(parent.id(), null, NavItemInput.link("Page " + i + "." + j, "/s" + i + "/" + j)
                        .withRoles(j % 2 == 0 ? "member" : "admin"), ctx);
            }
        }
        sv.templates().create("bench.welcome", "en",
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
        Services sv = Services.of(p);
        CallContext ctx = CallContext.of(d.users.get(0).id(), "127.0.0.1", "bench");
        Map<String, Runnable> m = new java.util.LinkedHashMap<>();
        m.put("authenticate", () -> need(sv.auth().authenticate(d.tokens.get(idx(d, 16))).isPresent()));
        m.put("findUserById", () -> need(sv.users().find(d.users.get(idx(d, USERS)).id()).isPresent()));
        m.put("findUserByEmail", () -> need(sv.users().findByEmail(d.users.get(idx(d, USERS)).email()).isPresent()));
        m.put("book", () -> sv.bookings().book(d.nextBooking(), ctx));
        m.put("providerBookingsPage", () -> need(sv.bookings().forProvider(d.busyProvider, d.rangeFrom, d.rangeTo,
                PageRequest.first(20)).items().size() == 20));
        m.put("charge", () -> sv.payments().charge(ChargeRequest.of(d.users.get(idx(d, USERS)).id(), 1999, "EUR", "Bench",
                "bench-" + d.runId + "-" + d.sequence.incrementAndGet()), ctx));
        m.put("queueEmail", () -> sv.email().queue("bench.welcome", "en", "to" + idx(d, 1000) + "@bench.test",
                Map.of("name", "Ann"), "mail-" + d.runId + "-" + d.sequence.incrementAndGet(), ctx));
        m.put("readSetting", () -> need(sv.settings().get(SITE_NAME).equals("Bench portal")));
        m.put("navTree", () -> need(sv.nav().tree(ROLES).size() == 12));
        m.put("activityPage", () -> need(sv.log().find(ActivityQuery.all(), PageRequest.first(20)).items().size() == 20));
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
