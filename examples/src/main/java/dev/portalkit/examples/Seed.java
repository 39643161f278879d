package dev.portalkit.examples;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.Role;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.TierInput;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.StepInput;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.TemplateContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo data, written on first start: an administrator, a provider with working hours, two pricing
 * tiers, two published resources with steps, and the welcome e-mail template. Each item is created
 * only when it is missing, so a restart (or a start after a partial seed) writes nothing twice.
 * Both example portals seed with it.
 */
public final class Seed {

    private static final Logger LOG = LoggerFactory.getLogger(Seed.class);

    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String PROVIDER_EMAIL = "provider@example.com";
    public static final String PROVIDER_ZONE = "Europe/Paris";

    private Seed() {
    }

    /** Returns how many items were created (0 on every start after the first). */
    public static int ensure(Portal portal, String adminPassword) {
        CallContext who = CallContext.system("example-seed");
        int created = 0;
        UserService users = portal.service(UserService.class);
        if (users.findByEmail(ADMIN_EMAIL).isEmpty() && adminPassword != null) {
            users.register(new NewUser(ADMIN_EMAIL, adminPassword, "Administrator", Role.ADMIN, Map.of()), who);
            created++;
        }
        User provider = users.findByEmail(PROVIDER_EMAIL).orElse(null);
        if (provider == null) {
            // The provider never signs in in this demo: its password is random and forgotten.
            provider = users.register(new NewUser(PROVIDER_EMAIL, randomPassword(), "Dr Ada Provider", Role.STAFF,
                    Map.of()), who);
            created++;
        }
        BookingService bookings = portal.service(BookingService.class);
        if (bookings.availability(provider.id()).isEmpty()) {
            // Every day, so the demo always has slots; 30-minute slots, 2 hours' notice, 60 days ahead.
            bookings.setAvailability(provider.id(), AvailabilityInput.everyDay(PROVIDER_ZONE, TimeRange.of("08:00", "20:00")),
                    who);
            created++;
        }
        PricingService pricing = portal.service(PricingService.class);
        if (pricing.findByCode("basic").isEmpty()) {
            pricing.create(new TierInput("basic", "Basic", "Book sessions and read every guide", 900, "EUR",
                    dev.portalkit.billing.BillingInterval.MONTH, 1, 0, Map.of("bookingsPerMonth", 2), 1, Map.of()), who);
            created++;
        }
        if (pricing.findByCode("pro").isEmpty()) {
            pricing.create(new TierInput("pro", "Pro", "Unlimited sessions, priority support", 2900, "EUR",
                    dev.portalkit.billing.BillingInterval.MONTH, 1, 14, Map.of("bookingsPerMonth", "unlimited"), 2,
                    Map.of()), who);
            created++;
        }
        ResourceService resources = portal.service(ResourceService.class);
        created += card(resources, who, CardInput.of("Getting started", "Everything you need for your first week.")
                .withSlug("getting-started").withSummary("Create your account and book a first session.")
                .withCategory("guides").withTags("onboarding").withPosition(1), List.of(
                StepInput.of("Create an account", "Sign up with your e-mail address and a long password.")
                        .withEstimatedMinutes(2),
                StepInput.of("Pick a plan", "Basic or Pro: you can change later.").withEstimatedMinutes(3),
                StepInput.of("Book a session", "Choose a free slot of a provider.").withEstimatedMinutes(2)));
        created += card(resources, who, CardInput.of("Preparing a session", "Make the most of your 30 minutes.")
                .withSlug("preparing-a-session").withSummary("What to bring and how to join.")
                .withCategory("guides").withTags("sessions").withPosition(2), List.of(
                StepInput.of("Write down your questions", "Three questions are plenty."),
                StepInput.of("Join on time", "The provider's calendar is strict: slots end on time.")));
        EmailTemplateService templates = portal.service(EmailTemplateService.class);
        if (templates.find("welcome", "en").isEmpty()) {
            templates.create("welcome", "en", TemplateContent.of("Welcome, {{name}}",
                    "<p>Hello {{name}},</p><p>welcome to the PortalKit example portal.</p>",
                    "Hello {{name}},\n\nwelcome to the PortalKit example portal.", "name"), who);
            created++;
        }
        // The account e-mails (transactional: never an unsubscribe link), including the booking reminder billing
        // queues through messaging's outbox.
        created += template(templates, who, "email-change", TemplateContent.of("Confirm your new e-mail address",
                "<p>Open <a href=\"{{link}}\">this link</a> to use this address for your account.</p>",
                "Open this link to use this address for your account: {{link}}", "link"));
        created += template(templates, who, "email-change-notice", TemplateContent.of("Your e-mail address is being changed",
                "<p>Someone asked to move your account to {{newEmail}}. Your address stays until the new one is confirmed;"
                        + " if it was not you, change your password.</p>",
                "Someone asked to move your account to {{newEmail}}. Your address stays until the new one is confirmed;"
                        + " if it was not you, change your password.", "newEmail"));
        created += template(templates, who, "booking.reminder", TemplateContent.of("Reminder: {{title}} on {{startDate}}",
                "<p>Hello {{customerName}}, your booking {{title}} starts on {{startDate}} at {{startTime}} ({{timeZone}}).</p>",
                "Hello {{customerName}}, your booking {{title}} starts on {{startDate}} at {{startTime}} ({{timeZone}}).",
                "title", "startDate", "startTime", "timeZone", "customerName"));
        if (created > 0) {
            LOG.info("Seeded {} demo items", created);
        }
        return created;
    }

    private static int card(ResourceService resources, CallContext who, CardInput input, List<StepInput> steps) {
        if (resources.findBySlug(input.slug(), Audience.EDITOR).isPresent()) {
            return 0;
        }
        ResourceCard card = resources.create(input, who);
        for (StepInput s : steps) {
            resources.addStep(card.id(), null, s, who);
        }
        resources.publish(card.id(), who);
        return 1;
    }

    /**
     * The admin's password: {@code configured} when set, else the one in {@code file}, which is created
     * on first start (mode 600, only this user may read it) holding a random one. Never printed.
     */
    public static String adminPassword(String configured, Path file) throws IOException {
        return secret(configured, file, 24);
    }

    /** The configured value, else the one kept in {@code file}, else a new random one (URL-safe base64) kept there. */
    static String secret(String configured, Path file, int bytes) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        Files.createDirectories(file.getParent());
        String generated = random(bytes);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
        return generated;
    }

    static String randomPassword() {
        return random(24);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static int template(EmailTemplateService templates, CallContext who, String key, TemplateContent content) {
        if (templates.find(key, "en").isPresent()) {
            return 0;
        }
        templates.create(key, "en", content, who);
        return 1;
    }
}
