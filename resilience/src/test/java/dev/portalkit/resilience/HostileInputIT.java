package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingInterval;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.TierInput;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.CardQuery;
import dev.portalkit.content.CardStatus;
import dev.portalkit.content.FormService;
import dev.portalkit.content.NewSubmission;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.RetentionAction;
import dev.portalkit.content.StepInput;
import dev.portalkit.content.SubmissionQuery;
import dev.portalkit.content.SubmissionStatus;
import dev.portalkit.content.TimelineItemInput;
import dev.portalkit.content.TimelineKey;
import dev.portalkit.content.TimelineKind;
import dev.portalkit.content.TimelineService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.EmailEvent;
import dev.portalkit.messaging.EmailRequest;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailStatus;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.NewMessage;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random hostile input against every public input record of billing, content and messaging: any
 * outcome is a success or a typed {@link PortalException}, and a failure leaves every PortalKit
 * table's row count as it was (auth and core have their own in auth's HostileInputIT).
 */
class HostileInputIT {

    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "JUnit browser");

    static TestDatabase db;
    static Portal portal;
    static String countQuery;
    static UUID customer;
    static UUID provider;
    static PricingTier tier;
    static Payment payment;
    static Booking booking;
    static ResourceCard card;

    @BeforeContainer
    static void start() {
        List<PortalModule> modules = AllModules.list();
        db = TestDatabases.migrated("portal", modules);
        portal = AllModules.open(db, modules);
        countQuery = countQuery();
        UserService users = portal.service(UserService.class);
        customer = users.register(NewUser.member("customer@example.com", "correct horse battery", "Customer"), WHO).id();
        provider = users.register(NewUser.member("provider@example.com", "correct horse battery", "Provider"), WHO).id();
        portal.service(BookingService.class).setAvailability(provider,
                AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00")), WHO); // only then bookable
        tier = portal.service(PricingService.class).create(TierInput.monthly("basic", "Basic", 900, "EUR"), WHO);
        payment = portal.service(PaymentService.class).charge(ChargeRequest.of(customer, 10_000, "EUR", "Seed", "seed"), WHO);
        Instant start = Instant.now().plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        booking = portal.service(BookingService.class).book(NewBooking.of(customer, provider, start,
                start.plus(Duration.ofMinutes(30)), "UTC", "Seed"), WHO);
        card = portal.service(ResourceService.class).create(CardInput.of("Seed card", "Body"), WHO);
        portal.service(ResourceService.class).addStep(card.id(), null, StepInput.of("One", "First"), WHO);
        portal.service(EmailTemplateService.class).create("hostile", "en", TemplateContent.of(
                "Hi {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}", "name"), WHO);
    }

    @AfterContainer
    static void stop() {
        AllModules.close(portal, db);
    }

    // ----------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                        Tuple.of(35, Arbitraries.strings().all().ofMaxLength(40)),
                        Tuple.of(25, Arbitraries.strings().withCharRange('a', 'z').numeric()
                                .withChars('@', '.', '-', '_', ' ', '/', ':', '\'', '%').ofMaxLength(40)),
                        Tuple.of(20, Arbitraries.of("", " ", "\u0000", "a\u0000b", "\uD800", "x\uDC00y", "EUR", "eur", "USD",
                                "XXX", "basic", "hostile", "en", "de-AT", "zz-ZZ-x-y", "UTC", "Europe/Paris", "Mars/Base",
                                "ann@example.com", "customer@example.com", "https://x.example/y", "javascript:alert(1)",
                                "/docs", "'; DROP TABLE users; --", "<script>alert(1)</script>", "{{name}}", "{{#a}}",
                                "${schema}", "#{x}", "seed", "contact", "\u202Eevil", "\uFEFF", "a".repeat(201))),
                        Tuple.of(1, Arbitraries.strings().all().ofMinLength(100_000).ofMaxLength(100_000)))
                .injectNull(0.1);
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs()),
                Tuple.of(3, Arbitraries.of(Long.MIN_VALUE, (long) Integer.MIN_VALUE, -1L, 0L, 1L, 99L, 10_000L, 10_001L,
                        (long) Integer.MAX_VALUE, Long.MAX_VALUE)));
    }

    @Provide
    Arbitrary<Integer> ints() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers()),
                Tuple.of(3, Arbitraries.of(Integer.MIN_VALUE, -1, 0, 1, 2, 7, 31, 366, 10_000, Integer.MAX_VALUE)));
    }

    @Provide
    Arbitrary<Instant> instants() {
        Instant now = Instant.now();
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.longs().between(-62_000_000_000L, 250_000_000_000L).map(Instant::ofEpochSecond)),
                        Tuple.of(3, Arbitraries.longs().between(-3_000_000L, 6_000_000L).map(s -> now.plusSeconds(s))),
                        Tuple.of(1, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH, now)))
                .injectNull(0.15);
    }

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.longs().map(Duration::ofSeconds)),
                        Tuple.of(3, Arbitraries.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(1),
                                Duration.ofMinutes(30), Duration.ofDays(1), Duration.ofDays(400),
                                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))))
                .injectNull(0.2);
    }

    @Provide
    Arbitrary<UUID> ids() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.of(customer, provider)),
                        Tuple.of(2, Arbitraries.create(UUID::randomUUID)))
                .injectNull(0.15);
    }

    @Provide
    Arbitrary<Map<String, Object>> maps() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                text().map(o -> (Object) o),
                longs().map(o -> (Object) o),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0d, 1e308, true, false).map(o -> (Object) o),
                text().list().ofMaxSize(3).map(o -> (Object) o),
                Arbitraries.just((Object) Map.of("nested", List.of(1, "two"))));
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(Map.<String, Object>of())),
                        Tuple.of(5, Arbitraries.maps(text().filter(k -> k != null), values.injectNull(0.1)).ofMaxSize(4)
                                .map(m -> (Map<String, Object>) new LinkedHashMap<>(m))))
                .injectNull(0.1);
    }


    @Provide
    Arbitrary<List<String>> lists() {
        return text().list().ofMaxSize(25).injectNull(0.1);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("Europe/Paris"), ZoneId.of("Pacific/Kiritimati"),
                ZoneId.of("America/St_Johns"), ZoneId.of("+14:00"), ZoneId.of("-12:00")).injectNull(0.3);
    }

    @Provide
    Arbitrary<PageRequest> pages() {
        return Arbitraries.integers().between(1, PageRequest.MAX_LIMIT)
                .flatMap(limit -> Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200)
                        .filter(s -> !s.isBlank()).injectNull(0.5).map(c -> new PageRequest(c, limit)));
    }

    // ------------------------------------------------------------------------------- billing

    @Property(tries = 50)
    void pricingTiers(@ForAll("text") String code, @ForAll("text") String name, @ForAll("text") String description,
                      @ForAll("longs") long amount, @ForAll("text") String currency,
                      @ForAll BillingInterval interval, @ForAll("ints") int count, @ForAll("ints") int trialDays,
                      @ForAll("maps") Map<String, Object> features, @ForAll("ints") int sortOrder,
                      @ForAll("maps") Map<String, Object> metadata, @ForAll("longs") long version) {
        PricingService pricing = portal.service(PricingService.class);
        check(() -> pricing.create(new TierInput(code, name, description, amount, currency, interval, count, trialDays,
                features, sortOrder, metadata), WHO));
        check(() -> pricing.update(tier.id(), new TierInput(code, name, description, amount, currency, interval, count,
                trialDays, features, sortOrder, metadata), version, WHO));
    }

    @Property(tries = 50)
    void chargesAndRefunds(@ForAll("ids") UUID user, @ForAll("longs") long amount, @ForAll("text") String currency,
                           @ForAll("text") String description, @ForAll("text") String key,
                           @ForAll("maps") Map<String, Object> metadata, @ForAll("text") String reason) {
        PaymentService payments = portal.service(PaymentService.class);
        check(() -> payments.charge(new ChargeRequest(user, amount, currency, description, key, metadata), WHO));
        check(() -> payments.refund(payment.id(), amount, key, reason, WHO));
        check(() -> payments.findByIdempotencyKey(key));
    }

    @Property(tries = 40)
    void subscriptions(@ForAll("ids") UUID user, @ForAll("text") String key, @ForAll("zones") ZoneId zone,
                       @ForAll("maps") Map<String, Object> metadata, @ForAll boolean knownTier,
                       @ForAll("instants") Instant now, @ForAll("ints") int batch) {
        SubscriptionService subs = portal.service(SubscriptionService.class);
        UUID tierId = knownTier ? tier.id() : UUID.randomUUID();
        check(() -> subs.subscribe(new NewSubscription(user, tierId, zone, key, metadata), WHO));
        if (now != null) {
            check(() -> subs.renewDue(now, batch));
        }
    }

    @Property(tries = 50)
    void bookings(@ForAll("ids") UUID who, @ForAll("ids") UUID with, @ForAll("instants") Instant start,
                  @ForAll("instants") Instant end, @ForAll("text") String zone, @ForAll("text") String title,
                  @ForAll("text") String notes, @ForAll("text") String location, @ForAll("text") String url,
                  @ForAll("maps") Map<String, Object> metadata, @ForAll("durations") Duration ttl,
                  @ForAll("longs") long version, @ForAll("pages") PageRequest page) {
        BookingService bookings = portal.service(BookingService.class);
        NewBooking b = new NewBooking(who, with, start, end, zone, title, notes, location, url, null, metadata);
        check(() -> bookings.book(b, WHO));
        check(() -> bookings.hold(b, ttl, WHO));
        check(() -> bookings.reschedule(booking.id(), version, start, end, WHO));
        if (with != null && ttl != null) {
            check(() -> bookings.freeSlots(with, start, end, ttl));
        }
        if (who != null) {
            check(() -> bookings.forCustomer(who, start, end, page));
        }
    }

    @Property(tries = 40)
    void availability(@ForAll("text") String zone, @ForAll("ints") int fromSecond, @ForAll("ints") int toSecond,
                      @ForAll("longs") long overrideDay, @ForAll("durations") Duration before,
                      @ForAll("durations") Duration after, @ForAll("durations") Duration notice,
                      @ForAll("durations") Duration horizon, @ForAll("durations") Duration slot) {
        Map<DayOfWeek, List<TimeRange>> week = new HashMap<>();
        List<TimeRange> ranges = new ArrayList<>();
        ranges.add(new TimeRange(LocalTime.ofSecondOfDay(Math.floorMod(fromSecond, 86_400)),
                LocalTime.ofSecondOfDay(Math.floorMod(toSecond, 86_400))));
        week.put(DayOfWeek.MONDAY, ranges);
        Map<LocalDate, List<TimeRange>> overrides = new HashMap<>();
        overrides.put(LocalDate.ofEpochDay(Math.floorMod(overrideDay, 2_000_000L) - 1_000_000L), List.of());
        check(() -> portal.service(BookingService.class).setAvailability(provider,
                new AvailabilityInput(zone, week, overrides, before, after, notice, horizon, slot), WHO));
    }

    // ------------------------------------------------------------------------------- content

    @Property(tries = 50)
    void cardsAndSteps(@ForAll("text") String slug, @ForAll("text") String title, @ForAll("text") String summary,
                       @ForAll("text") String body, @ForAll("text") String category, @ForAll("lists") List<String> tags,
                       @ForAll("text") String cover, @ForAll("ints") int position, @ForAll("maps") Map<String, Object> metadata,
                       @ForAll("longs") long version, @ForAll("ints") Integer minutes, @ForAll boolean nullPosition,
                       @ForAll("pages") PageRequest page, @ForAll CardStatus status, @ForAll Audience audience) {
        ResourceService resources = portal.service(ResourceService.class);
        CardInput input = new CardInput(slug, title, summary, body, category, tags, cover, position, metadata);
        check(() -> resources.create(input, WHO));
        check(() -> resources.update(card.id(), input, version, WHO));
        check(() -> resources.addStep(card.id(), nullPosition ? null : position,
                new StepInput(title, body, minutes, cover), WHO));
        check(() -> resources.search(body, audience, page));
        check(() -> resources.list(new CardQuery(audience, category, slug, status), page));
        check(() -> resources.findBySlug(slug, audience));
    }

    @Property(tries = 50)
    void timelines(@ForAll boolean forUser, @ForAll("ids") UUID user, @ForAll("text") String project,
                   @ForAll("text") String title, @ForAll("text") String description, @ForAll TimelineKind kind,
                   @ForAll("instants") Instant due, @ForAll("instants") Instant occurs,
                   @ForAll("maps") Map<String, Object> metadata, @ForAll("ints") Integer position) {
        TimelineService timelines = portal.service(TimelineService.class);
        check(() -> {
            TimelineKey key = new TimelineKey(forUser ? user : null, forUser ? null : project);
            timelines.add(key, position, new TimelineItemInput(title, description, kind, due, occurs, metadata), WHO);
            timelines.progress(key);
        });
    }

    @Property(tries = 50)
    void formSubmissions(@ForAll("text") String form, @ForAll("text") String name, @ForAll("text") String email,
                         @ForAll("text") String subject, @ForAll("text") String message,
                         @ForAll("maps") Map<String, Object> fields, @ForAll("text") String honeypot,
                         @ForAll("text") String ip, @ForAll("text") String agent, @ForAll SubmissionStatus status,
                         @ForAll("instants") Instant from, @ForAll("instants") Instant to, @ForAll("pages") PageRequest page,
                         @ForAll("ints") int days) {
        FormService forms = portal.service(FormService.class);
        check(() -> forms.submit(new NewSubmission(form, name, email, subject, message, fields, honeypot),
                CallContext.anonymous(ip, agent)));
        check(() -> forms.list(new SubmissionQuery(form, status, from, to), page));
        check(() -> forms.applyRetention(days, RetentionAction.ANONYMISE, WHO));
    }

    // ----------------------------------------------------------------------------- messaging

    @Property(tries = 50)
    void templates(@ForAll("text") String key, @ForAll("text") String locale, @ForAll("text") String subject,
                   @ForAll("text") String html, @ForAll("text") String textBody, @ForAll("lists") List<String> variables,
                   @ForAll("text") String description, @ForAll("ints") int version,
                   @ForAll("maps") Map<String, Object> model) {
        EmailTemplateService templates = portal.service(EmailTemplateService.class);
        check(() -> templates.create(key, locale, new TemplateContent(subject, html, textBody, variables, description), WHO));
        check(() -> templates.update("hostile", "en", new TemplateContent(subject, html, textBody, variables, description),
                version, WHO));
        check(() -> templates.preview(key, locale, model));
    }

    @Property(tries = 50)
    void emails(@ForAll boolean knownTemplate, @ForAll("text") String templateKey, @ForAll("text") String locale,
                @ForAll("text") String to, @ForAll("maps") Map<String, Object> model, @ForAll("text") String key,
                @ForAll("ids") UUID user, @ForAll("maps") Map<String, Object> metadata, @ForAll EmailEvent event,
                @ForAll("instants") Instant from, @ForAll("instants") Instant until, @ForAll EmailStatus status,
                @ForAll("pages") PageRequest page) {
        EmailService emails = portal.service(EmailService.class);
        check(() -> emails.queue(new EmailRequest(knownTemplate ? "hostile" : templateKey, locale, to, model, key, user,
                metadata), WHO));
        check(() -> emails.recordEvent(to, event, WHO));
        check(() -> emails.stats(from, until));
        check(() -> emails.list(status, page));
        check(() -> emails.suppressed(to));
    }

    @Property(tries = 50)
    void messages(@ForAll("ids") UUID from, @ForAll("ids") UUID to, @ForAll("text") String subject,
                  @ForAll("text") String body, @ForAll("pages") PageRequest page) {
        MessageService messages = portal.service(MessageService.class);
        check(() -> messages.send(new NewMessage(from, to, subject, body), WHO));
        if (from != null) {
            check(() -> messages.inbox(from, page));
        }
    }

    // ------------------------------------------------------------------------------- support

    /** Row counts as of the end of the last call (each check counts once, after its call). */
    private static Map<String, Long> current;

    /** Runs {@code call}; a failure must be typed and leave every table's row count as it was. */
    private static void check(Runnable call) {
        Map<String, Long> before = current != null ? current : counts();
        current = null;
        try {
            call.run();
        } catch (PortalException e) {
            Map<String, Long> after = counts();
            assertThat(after).as("row counts after " + e.getMessage()).isEqualTo(before);
            current = after;
            return;
        }
        current = counts();
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = portal.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(countQuery)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** One statement that counts every PortalKit table. */
    private static String countQuery() {
        List<String> parts = new ArrayList<>();
        for (String t : dev.portalkit.testing.Queries.tables(portal.dataSource(), "portal")) {
            parts.add("SELECT '" + t + "', count(*) FROM portal.\"" + t + "\"");
        }
        assertThat(parts.size()).isGreaterThanOrEqualTo(18);
        return String.join(" UNION ALL ", parts);
    }
}
