package dev.portalkit.examples.spring;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.Role;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingInterval;
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
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.TemplateContent;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The plain example's demo data, written at start before the web server opens: an administrator, a
 * provider with working hours, two pricing tiers, two published guides with steps, and the welcome
 * e-mail template. Each item is created only when it is missing, so a restart writes nothing twice.
 */
@Component
class DemoData implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    static final String ADMIN_EMAIL = "admin@example.com";
    static final String PROVIDER_EMAIL = "provider@example.com";
    static final String PROVIDER_ZONE = "Europe/Paris";

    private final UserService users;
    private final BookingService bookings;
    private final PricingService pricing;
    private final ResourceService resources;
    private final EmailTemplateService templates;
    private final ExampleProperties properties;

    DemoData(UserService users, BookingService bookings, PricingService pricing, ResourceService resources,
             EmailTemplateService templates, ExampleProperties properties) {
        this.users = users;
        this.bookings = bookings;
        this.pricing = pricing;
        this.resources = resources;
        this.templates = templates;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ensure();
    }

    /** Returns how many items were created (0 on every start after the first). */
    int ensure() {
        CallContext who = CallContext.system("example-seed");
        int created = 0;
        if (users.findByEmail(ADMIN_EMAIL).isEmpty()) {
            users.register(new NewUser(ADMIN_EMAIL, adminPassword(), "Administrator", Role.ADMIN, Map.of()), who);
            created++;
        }
        User provider = users.findByEmail(PROVIDER_EMAIL).orElse(null);
        if (provider == null) {
            // The provider never signs in in this demo: its password is random and forgotten.
            provider = users.register(new NewUser(PROVIDER_EMAIL, randomPassword(), "Dr Ada Provider", Role.STAFF,
                    Map.of()), who);
            created++;
        }
        if (bookings.availability(provider.id()).isEmpty()) {
            // Every day, so the demo always has slots; 30-minute slots, 2 hours' notice, 60 days ahead.
            bookings.setAvailability(provider.id(), AvailabilityInput.everyDay(PROVIDER_ZONE,
                    TimeRange.of("08:00", "20:00")), who);
            created++;
        }
        if (pricing.findByCode("basic").isEmpty()) {
            pricing.create(new TierInput("basic", "Basic", "Book sessions and read every guide", 900, "EUR",
                    BillingInterval.MONTH, 1, 0, Map.of("bookingsPerMonth", 2), 1, Map.of()), who);
            created++;
        }
        if (pricing.findByCode("pro").isEmpty()) {
            pricing.create(new TierInput("pro", "Pro", "Unlimited sessions, priority support", 2900, "EUR",
                    BillingInterval.MONTH, 1, 14, Map.of("bookingsPerMonth", "unlimited"), 2, Map.of()), who);
            created++;
        }
        created += card(who, CardInput.of("Getting started", "Everything you need for your first week.")
                .withSlug("getting-started").withSummary("Create your account and book a first session.")
                .withCategory("guides").withTags("onboarding").withPosition(1), List.of(
                StepInput.of("Create an account", "Sign up with your e-mail address and a long password.")
                        .withEstimatedMinutes(2),
                StepInput.of("Pick a plan", "Basic or Pro: you can change later.").withEstimatedMinutes(3),
                StepInput.of("Book a session", "Choose a free slot of a provider.").withEstimatedMinutes(2)));
        created += card(who, CardInput.of("Preparing a session", "Make the most of your 30 minutes.")
                .withSlug("preparing-a-session").withSummary("What to bring and how to join.")
                .withCategory("guides").withTags("sessions").withPosition(2), List.of(
                StepInput.of("Write down your questions", "Three questions are plenty."),
                StepInput.of("Join on time", "The provider's calendar is strict: slots end on time.")));
        if (templates.find("welcome", "en").isEmpty()) {
            templates.create("welcome", "en", TemplateContent.of("Welcome, {{name}}",
                    "<p>Hello {{name}},</p><p>welcome to the PortalKit example portal.</p>",
                    "Hello {{name}},\n\nwelcome to the PortalKit example portal.", "name"), who);
            created++;
        }
        if (created > 0) {
            LOG.info("Seeded {} demo items", created);
        }
        return created;
    }

    private int card(CallContext who, CardInput input, List<StepInput> steps) {
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

    /** example.admin-password, else the one in example.admin-password-file, created (mode 600) on first start. */
    private String adminPassword() {
        String configured = properties.adminPassword();
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        Path file = properties.adminPasswordFile();
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            String generated = randomPassword();
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("The admin password file " + file + " could not be read or written", e);
        }
    }

    static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
