package dev.portalkit.resilience;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.Role;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.auth.UserSettingsService;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.TierInput;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.FormService;
import dev.portalkit.content.FormSubmission;
import dev.portalkit.content.NewSubmission;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.StepInput;
import dev.portalkit.content.TimelineItemInput;
import dev.portalkit.content.TimelineKey;
import dev.portalkit.content.TimelineService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.NavItem;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.messaging.EmailLog;
import dev.portalkit.messaging.EmailRequest;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.Message;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.NewMessage;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.stripe.StripeWebhooks;
import dev.portalkit.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A database with a row in every PortalKit table, written through public services only, and what a
 * restore of it must keep: each account's password and live login token, a token that was logged
 * out, the ids of what was written.
 */
final class PopulatedPortal {

    static final String SCHEMA = "portal";
    static final Setting<String> SITE_NAME = Setting.string("site.name", "PortalKit");
    static final Setting<String> THEME = Setting.string("ui.theme", "light");

    /** A user, the password it registered with and the token of a live session. */
    record Account(User user, String password, String token, String ip, String userAgent) {

        String email() {
            return user.email();
        }

        CallContext context() {
            return CallContext.of(user.id(), ip(), userAgent());
        }

        @Override
        public String toString() {
            return "Account[" + user.email() + ", password=***, token=***]";
        }
    }

    final Account admin;
    final Account customer;
    final Account provider;
    final String rememberMeToken;
    final String loggedOutToken;
    final Booking pending;
    final Booking confirmed;
    final Payment refundedPayment;
    final Subscription subscription;
    final ResourceCard card;
    final FormSubmission submission;
    final List<EmailLog> queued;
    final Message message;

    /** Every module, installed with fresh options (module instances are not shared between Portals). */
    static PortalModule[] modules() {
        return AllModules.list(THEME).toArray(PortalModule[]::new);
    }

    /**
     * A Portal with every module on {@code db}, as a host behind a pooler builds it: the pool on the
     * database's URL, migrations (and VALIDATE's check) on the direct one.
     */
    static Portal open(TestDatabase db, MigrationMode mode, Clock clock) {
        return Portal.builder()
                .jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migrationDataSource(db.directDataSource())
                .minimumIdle(0).maximumPoolSize(4)
                // Sealed on demand (the population's end): a snapshot of every table then stays true.
                .backgroundSealing(false)
                .schema(SCHEMA).migration(mode).clock(clock)
                .settings(SITE_NAME)
                .install(modules())
                .build();
    }

    /** Writes a bit of everything through {@code portal}'s services. */
    PopulatedPortal(Portal portal, Clock clock) {
        admin = account(portal, "admin", Role.ADMIN);
        customer = account(portal, "customer", Role.MEMBER);
        provider = account(portal, "provider", Role.STAFF);
        AuthService auth = portal.service(AuthService.class);
        rememberMeToken = auth.login(customer.email(), customer.password(), true, customer.context()).token();
        loggedOutToken = auth.login(customer.email(), customer.password(), false, customer.context()).token();
        auth.logout(loggedOutToken, customer.context());
        portal.service(PasswordResetService.class).request(provider.email(), provider.context());
        portal.service(UserService.class).requestEmailVerification(customer.user().id(), customer.context());
        portal.service(UserSettingsService.class).set(customer.user().id(), THEME, "dark", customer.context());

        CallContext asAdmin = admin.context();
        portal.service(SettingsService.class).set(SITE_NAME, "Acme after the restore", asAdmin);
        NavigationService nav = portal.service(NavigationService.class);
        NavItem docs = nav.create(null, null, NavItemInput.link("Docs", "/docs").withIcon("book"), asAdmin);
        nav.create(docs.id(), null, NavItemInput.link("Admin", "/docs/admin").withRoles("ADMIN"), asAdmin);

        PricingService pricing = portal.service(PricingService.class);
        PricingTier basic = pricing.create(TierInput.monthly("basic", "Basic", 900, "EUR"), asAdmin);
        pricing.create(TierInput.yearly("pro", "Pro", 9900, "EUR").withFeatures(Map.of("seats", 5)), asAdmin);
        subscription = portal.service(SubscriptionService.class).subscribe(
                NewSubscription.of(customer.user().id(), basic.id(), "subscribe-1"), customer.context());
        PaymentService payments = portal.service(PaymentService.class);
        Payment workshop = payments.charge(ChargeRequest.of(customer.user().id(), 4500, "EUR", "Workshop", "charge-1"),
                customer.context());
        payments.refund(workshop.id(), 1000, "refund-1", "one session missed", asAdmin);
        refundedPayment = payments.find(workshop.id()).orElseThrow();
        // Stripe's word about that charge, late (it is settled already): a stored event that names the payment.
        portal.service(StripeWebhooks.class).handle(stripeEvent(clock.instant()), stripeSignature(
                stripeEvent(clock.instant()), clock.instant()), CallContext.system("stripe-webhook"));

        BookingService bookings = portal.service(BookingService.class);
        bookings.setAvailability(provider.user().id(), AvailabilityInput.everyDay("UTC", TimeRange.of("08:00", "20:00")),
                provider.context());
        Instant day = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
        pending = bookings.book(NewBooking.of(customer.user().id(), provider.user().id(), day.plus(Duration.ofHours(10)),
                day.plus(Duration.ofHours(11)), "UTC", "Restore drill"), customer.context());
        Booking toConfirm = bookings.book(NewBooking.of(customer.user().id(), provider.user().id(),
                day.plus(Duration.ofHours(14)), day.plus(Duration.ofHours(15)), "UTC", "Follow-up"), customer.context());
        confirmed = bookings.confirm(toConfirm.id(), toConfirm.version(), provider.context());

        ResourceService resources = portal.service(ResourceService.class);
        ResourceCard draft = resources.create(CardInput.of("Restoring a backup", "Dump, restore, start.")
                .withSlug("restoring-a-backup").withTags("backup", "restore").withMetadata(Map.of("level", 2)), asAdmin);
        resources.addStep(draft.id(), null, StepInput.of("Dump", "pg_dump -Fc").withEstimatedMinutes(5), asAdmin);
        resources.addStep(draft.id(), null, StepInput.of("Restore", "pg_restore"), asAdmin);
        card = resources.publish(draft.id(), asAdmin);

        TimelineService timeline = portal.service(TimelineService.class);
        TimelineKey onboarding = TimelineKey.user(customer.user().id());
        timeline.add(onboarding, null, TimelineItemInput.task("Upload documents", day), customer.context());
        timeline.markDone(timeline.add(onboarding, null, TimelineItemInput.milestone("Kick-off", day), asAdmin).id(),
                asAdmin);
        submission = portal.service(FormService.class).submit(NewSubmission.contact("contact", "Ann Customer",
                customer.email(), "Backups", "Is the backup tested?").withFields(Map.of("plan", "basic")),
                CallContext.anonymous("198.51.100.4", "JUnit visitor"));

        portal.service(EmailTemplateService.class).create("welcome", "en", TemplateContent.of("Welcome, {{name}}",
                "<p>Hello {{name}}</p>", "Hello {{name}}", "name"), asAdmin);
        EmailService emails = portal.service(EmailService.class);
        queued = List.of(
                emails.queue(EmailRequest.of("welcome", "en", customer.email(), Map.of("name", "Ann"), "welcome-1")
                        .forUser(customer.user().id()), asAdmin),
                emails.queue(EmailRequest.of("welcome", "en", provider.email(), Map.of("name", "Pia"), "welcome-2")
                        .forUser(provider.user().id()), asAdmin));
        MessageService messages = portal.service(MessageService.class);
        Message question = messages.send(new NewMessage(customer.user().id(), provider.user().id(), "Backups",
                "Do they restore?"), customer.context());
        message = messages.reply(question.id(), provider.user().id(), "On every CI run.", provider.context());

        // Issue #21's tables: an account with two-factor sign-in (secret, recovery codes) halfway through a
        // sign-in (a challenge); an e-mail change waiting for its confirmation; delivery under a per-domain limit
        // (its window), a bounce lifted by support (a reset) and an opt-out. Reminders and card versions come
        // with the bookings and the card above.
        Account secure = account(portal, "secure", Role.MEMBER);
        dev.portalkit.auth.TwoFactorService twoFactor = portal.service(dev.portalkit.auth.TwoFactorService.class);
        String secret = twoFactor.begin(secure.user().id(), secure.context()).secret();
        twoFactor.confirm(secure.user().id(), dev.portalkit.testing.TestTotpCodes.code(secret, clock.instant()),
                secure.context());
        auth.signIn(secure.email(), secure.password(), false, secure.context());
        portal.service(UserService.class).requestEmailChange(customer.user().id(), "customer.new@backup.example",
                customer.context());
        emails.deliverPending(10, CallContext.system("backup-drill"));
        String bounced = emails.find(queued.get(1).id()).orElseThrow().messageId();
        emails.recordEvent(bounced, dev.portalkit.messaging.EmailEvent.BOUNCED, CallContext.system("backup-drill"));
        dev.portalkit.messaging.SuppressionService suppressions = portal.service(dev.portalkit.messaging.SuppressionService.class);
        suppressions.unsuppress(provider.email(), asAdmin);
        suppressions.optOut(provider.email(), "newsletter", asAdmin);

        // The audit trail's own tables: a leaver's personal data erased, then every row sealed.
        ActivityLog audit = portal.service(ActivityLog.class);
        Account leaver = account(portal, "leaver", Role.MEMBER);
        audit.erasePersonalData(leaver.user().id(), asAdmin);
        audit.seal();
    }

    private int accounts;

    private Account account(Portal portal, String name, Role role) {
        String email = name + "@backup.example";
        String password = "pw " + name + " " + UUID.randomUUID(); // a fresh one each run: nothing to hard-code
        User user = portal.service(UserService.class).register(new NewUser(email, password, "Backup " + name, role,
                Map.of("source", "backup drill")), CallContext.system("backup-drill"));
        // Each account its own client, so a scan for one account's ip or user agent finds only theirs.
        String ip = "203.0.113." + (10 + ++accounts);
        String userAgent = "JUnit backup drill, " + name + "'s agent";
        String token = portal.service(AuthService.class).login(email, password, false,
                CallContext.anonymous(ip, userAgent)).token();
        return new Account(user, password, token, ip, userAgent);
    }

    /**
     * What the services read back, by name. Read-only (no {@code authenticate}, which may write
     * {@code last_seen_at}): the same calls on the source and on a restore must return equal values.
     */
    Map<String, Object> readBack(Portal portal) {
        UUID cust = customer.user().id();
        UUID prov = provider.user().id();
        PageRequest all = PageRequest.first(500);
        Map<String, Object> out = new LinkedHashMap<>();
        UserService users = portal.service(UserService.class);
        for (Account a : List.of(admin, customer, provider)) {
            out.put("user " + a.email(), users.find(a.user().id()));
        }
        // A set: sessions are listed by last_seen_at, created_at, and the frozen test clock makes those tie.
        out.put("sessions", Set.copyOf(portal.service(AuthService.class).sessions(cust)));
        out.put("user setting", portal.service(UserSettingsService.class).read(cust, THEME));
        out.put("setting", portal.service(SettingsService.class).read(SITE_NAME));
        out.put("navigation", portal.service(NavigationService.class).fullTree());
        out.put("tiers", portal.service(PricingService.class).list(true));
        out.put("subscription", portal.service(SubscriptionService.class).find(subscription.id()));
        PaymentService payments = portal.service(PaymentService.class);
        out.put("payments", payments.list(cust, all));
        out.put("refunds", payments.refunds(refundedPayment.id()));
        BookingService bookings = portal.service(BookingService.class);
        out.put("availability", bookings.availability(prov));
        out.put("bookings", bookings.forProvider(prov, pending.startsAt().minus(Duration.ofDays(1)),
                pending.startsAt().plus(Duration.ofDays(1)), all));
        ResourceService resources = portal.service(ResourceService.class);
        out.put("card", resources.findBySlug(card.slug(), Audience.READER));
        out.put("steps", resources.steps(card.id(), Audience.EDITOR));
        out.put("timeline", portal.service(TimelineService.class).list(TimelineKey.user(cust)));
        out.put("submission", portal.service(FormService.class).find(submission.id()));
        out.put("template", portal.service(EmailTemplateService.class).find("welcome", "en"));
        out.put("emails", queued.stream().map(e -> portal.service(EmailService.class).find(e.id())).toList());
        out.put("thread", portal.service(MessageService.class).thread(message.threadId(), cust, all));
        out.put("unread", portal.service(MessageService.class).unreadCount(cust));
        out.put("audit trail", portal.service(ActivityLog.class).find(ActivityQuery.all(), all));
        return out;
    }

    private static String stripeEvent(Instant at) {
        return """
                {"id":"evt_restore_drill","object":"event","created":%d,"livemode":false,"type":"payment_intent.succeeded",
                 "data":{"object":{"id":"pi_restore_drill","object":"payment_intent","status":"succeeded","amount":4500,
                 "currency":"eur","metadata":{"portalkit_key":"charge-1"}}}}""".formatted(at.getEpochSecond());
    }

    /** Stripe's {@code t=...,v1=...} header over the payload, with the suite's webhook secret. */
    private static String stripeSignature(String payload, Instant at) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(AllModules.STRIPE_WEBHOOK_SECRET.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] v1 = mac.doFinal((at.getEpochSecond() + "." + payload).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "t=" + at.getEpochSecond() + ",v1=" + java.util.HexFormat.of().formatHex(v1);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
