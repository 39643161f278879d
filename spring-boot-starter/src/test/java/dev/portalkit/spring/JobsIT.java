package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.booking.AvailabilityInput;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.TimeRange;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.StepInput;
import dev.portalkit.core.Portal;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The background jobs on the starter's own scheduler: a queued e-mail is delivered when the job is on and
 * stays queued when it is off; the audit sealer runs as a job instead of the Portal's thread; without a
 * sender there is no delivery job. Waits are for a condition, never a measured time.
 */
class JobsIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    static void template(EmailTemplateService templates) {
        if (templates.find("welcome", "en").isEmpty()) {
            templates.create("welcome", "en", TemplateContent.of("Welcome", null, "Hello {{name}}", "name"),
                    HostOrders.CONTEXT);
        }
    }

    static String status(JdbcTemplate jdbc, String schema, String to) {
        return jdbc.queryForObject("SELECT status FROM " + schema + ".email_logs WHERE to_address = ?", String.class, to);
    }

    @Nested
    @SpringBootTest(classes = HostApp.class, properties = {"portalkit.schema=jobs_on_it", "portalkit.jobs.enabled=true",
            "portalkit.jobs.email-delivery.interval=100ms", "portalkit.jobs.renewals.interval=100ms",
            "portalkit.jobs.reconciliation.interval=100ms", "portalkit.jobs.audit-sealing.enabled=true",
            "portalkit.jobs.audit-sealing.interval=100ms", "portalkit.jobs.partitions.interval=100ms",
            "portalkit.jobs.booking-reminders.interval=100ms", "portalkit.jobs.publish-due.interval=100ms"})
    class On {

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            SpringTestDatabase.register(registry);
        }

        @Autowired
        PortalKitJobs jobs;
        @Autowired
        EmailService emails;
        @Autowired
        EmailTemplateService templates;
        @Autowired
        InMemoryEmailSender sender;
        @Autowired
        UserService users;
        @Autowired
        Portal portal;
        @Autowired
        JdbcTemplate jdbc;

        @Test
        void everyJobOfTheInstalledModulesRuns() {
            assertThat(jobs.isRunning()).isTrue();
            assertThat(jobs.jobs()).extracting(PortalKitJob::name)
                    .containsExactlyInAnyOrder("email-delivery", "renewals", "reconciliation", "audit-sealing",
                            "partitions.activity_logs", "partitions.email_logs", "booking-reminders", "publish-due");
            await().atMost(PATIENCE).until(() -> jobs.jobs().stream().allMatch(j -> j.runs() >= 2));
            assertThat(jobs.jobs()).allSatisfy(j -> assertThat(j.failures()).as(j.name()).isZero());
        }

        @Test
        void aQueuedEmailIsDeliveredByTheJob() {
            template(templates);
            emails.queue("welcome", null, "job-on@example.com", Map.of("name", "On"), null, HostOrders.CONTEXT);
            await().atMost(PATIENCE).until(() -> !sender.sentTo("job-on@example.com").isEmpty());
            await().atMost(PATIENCE).until(() -> "SENT".equals(status(jdbc, "jobs_on_it", "job-on@example.com")));
        }

        @Test
        void theSealingJobReplacesThePortalsThread() {
            assertThat(portal.config().backgroundSealing()).isFalse();
            users.register(NewUser.member("sealed@example.com", "correct horse battery", "S"), HostOrders.CONTEXT);
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "SELECT count(*) = (SELECT count(*) FROM jobs_on_it.activity_logs) FROM jobs_on_it.activity_log_seals",
                    Boolean.class));
        }
    }

    @Nested
    @SpringBootTest(classes = HostApp.class, properties = {"portalkit.schema=jobs_off_it", "portalkit.jobs.enabled=true",
            "portalkit.jobs.email-delivery.enabled=false", "portalkit.jobs.renewals.interval=50ms"})
    class Off {

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            SpringTestDatabase.register(registry);
        }

        @Autowired
        PortalKitJobs jobs;
        @Autowired
        EmailService emails;
        @Autowired
        EmailTemplateService templates;
        @Autowired
        InMemoryEmailSender sender;
        @Autowired
        JdbcTemplate jdbc;
        @Autowired
        Portal portal;

        @Test
        void aQueuedEmailStaysQueuedWhileTheOtherJobsRun() {
            template(templates);
            emails.queue("welcome", null, "job-off@example.com", Map.of("name", "Off"), null, HostOrders.CONTEXT);
            assertThat(jobs.jobs()).extracting(PortalKitJob::name).containsExactlyInAnyOrder("renewals", "reconciliation",
                    "partitions.activity_logs", "partitions.email_logs", "booking-reminders", "publish-due");
            PortalKitJob renewals = jobs.jobs().stream().filter(j -> j.name().equals("renewals")).findFirst().orElseThrow();
            long seen = renewals.runs();
            await().atMost(PATIENCE).until(() -> renewals.runs() >= seen + 3);
            assertThat(status(jdbc, "jobs_off_it", "job-off@example.com")).isEqualTo("QUEUED");
            assertThat(sender.sentTo("job-off@example.com")).isEmpty();
            assertThat(portal.config().backgroundSealing()).isTrue(); // the audit-sealing job is off by default
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    class Switches {

        @Test
        void jobsOffMeansNoJobAtAll() {
            Runners.onTestDatabase("jobs_switch_it").withBean(InMemoryEmailSender.class, InMemoryEmailSender::new)
                    .run(context -> assertThat(context.getBean(PortalKitJobs.class).jobs()).isEmpty());
        }

        @Test
        void withoutASenderThereIsNoDeliveryJob(CapturedOutput output) {
            Runners.onTestDatabase("jobs_switch_it").withPropertyValues("portalkit.jobs.enabled=true",
                    "portalkit.jobs.renewals.interval=1h", "portalkit.jobs.reconciliation.interval=1h",
                    "portalkit.jobs.booking-reminders.interval=1h", "portalkit.jobs.publish-due.interval=1h").run(context -> {
                        assertThat(context.getBean(PortalKitJobs.class).jobs()).extracting(PortalKitJob::name)
                                .containsExactlyInAnyOrder("renewals", "reconciliation", "partitions.activity_logs",
                                        "partitions.email_logs", "booking-reminders", "publish-due");
                        assertThat(output.getAll()).contains("the email-delivery job does not run");
                    });
        }

        @Test
        void withoutBillingThereIsNoRenewalJob() {
            Runners.onTestDatabase("jobs_modules_it").withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.modules=auth,messaging", "portalkit.jobs.email-delivery.interval=1h")
                    .withBean(InMemoryEmailSender.class, InMemoryEmailSender::new)
                    .run(context -> assertThat(context.getBean(PortalKitJobs.class).jobs()).extracting(PortalKitJob::name)
                            .containsExactlyInAnyOrder("email-delivery", "partitions.activity_logs", "partitions.email_logs"));
        }

        @Test
        void withoutBillingOrContentThereIsNoReminderOrPublishingJob() {
            Runners.onTestDatabase("jobs_modules_it").withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.modules=auth,content", "portalkit.jobs.partitions.enabled=false")
                    .run(context -> assertThat(context.getBean(PortalKitJobs.class).jobs()).extracting(PortalKitJob::name)
                            .containsExactly("publish-due"));
            Runners.onTestDatabase("jobs_modules_it").withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.modules=auth,billing", "portalkit.jobs.partitions.enabled=false",
                            "portalkit.jobs.renewals.enabled=false", "portalkit.jobs.reconciliation.enabled=false")
                    .run(context -> assertThat(context.getBean(PortalKitJobs.class).jobs()).extracting(PortalKitJob::name)
                            .containsExactly("booking-reminders"));
        }

        @Test
        void theBookingRemindersJobSendsDueRemindersThroughTheOutboxUnlessSwitchedOff() {
            String schema = "jobs_reminders_it";
            TestClock on = new TestClock(Instant.now().truncatedTo(ChronoUnit.HOURS));
            Runners.onTestDatabase(schema).withBean(Clock.class, () -> on).withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.jobs.booking-reminders.interval=100ms", "portalkit.jobs.renewals.interval=1h",
                            "portalkit.jobs.reconciliation.interval=1h", "portalkit.jobs.publish-due.interval=1h")
                    .run(context -> {
                        PortalKitJobs jobs = context.getBean(PortalKitJobs.class);
                        PortalKitJob job = job(jobs, "booking-reminders");
                        assertThat(job.interval()).isEqualTo(Duration.ofMillis(100));
                        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                        reminderTemplate(context.getBean(EmailTemplateService.class));
                        Booked booked = book(context, on, "remind-on");
                        // Not due yet: runs go by, both reminders (24 h and 1 h before the start) wait.
                        long seen = job.runs();
                        await().atMost(PATIENCE).until(() -> job.runs() >= seen + 3);
                        assertThat(reminders(jdbc, schema, booked.id(), "PENDING")).isEqualTo(2);
                        on.set(booked.start().minus(Duration.ofHours(12))); // the 24 h reminder is due
                        await().atMost(PATIENCE).until(() -> reminders(jdbc, schema, booked.id(), "SENT") == 1);
                        assertThat(reminders(jdbc, schema, booked.id(), "PENDING")).isEqualTo(1);
                        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + ".email_logs WHERE to_address = ?",
                                Long.class, booked.customerEmail())).isEqualTo(1);
                        assertThat(job.failures()).isZero();
                    });
            TestClock off = new TestClock(Instant.now().truncatedTo(ChronoUnit.HOURS));
            Runners.onTestDatabase(schema).withBean(Clock.class, () -> off).withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.jobs.booking-reminders.enabled=false", "portalkit.jobs.publish-due.interval=50ms",
                            "portalkit.jobs.renewals.interval=1h", "portalkit.jobs.reconciliation.interval=1h")
                    .run(context -> {
                        PortalKitJobs jobs = context.getBean(PortalKitJobs.class);
                        assertThat(jobs.jobs()).extracting(PortalKitJob::name).doesNotContain("booking-reminders")
                                .contains("publish-due");
                        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                        Booked booked = book(context, off, "remind-off");
                        off.set(booked.start().minus(Duration.ofMinutes(30))); // both due
                        PortalKitJob other = job(jobs, "publish-due");
                        long seen = other.runs();
                        await().atMost(PATIENCE).until(() -> other.runs() >= seen + 3);
                        assertThat(reminders(jdbc, schema, booked.id(), "PENDING")).isEqualTo(2);
                        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + ".email_logs WHERE to_address = ?",
                                Long.class, booked.customerEmail())).isZero();
                    });
        }

        @Test
        void thePublishDueJobPublishesScheduledCardsUnlessSwitchedOff() {
            String schema = "jobs_publish_it";
            Runners.onTestDatabase(schema).withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.jobs.publish-due.interval=100ms", "portalkit.jobs.renewals.interval=1h",
                            "portalkit.jobs.reconciliation.interval=1h", "portalkit.jobs.booking-reminders.interval=1h")
                    .run(context -> {
                        PortalKitJob job = job(context.getBean(PortalKitJobs.class), "publish-due");
                        assertThat(job.interval()).isEqualTo(Duration.ofMillis(100));
                        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                        UUID card = scheduledCard(context, "Published by the job");
                        await().atMost(PATIENCE).until(() -> "PUBLISHED".equals(cardStatus(jdbc, schema, card)));
                        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + ".activity_logs WHERE entity_id = ?"
                                + " AND action = 'resource_card.published'", Long.class, card)).isEqualTo(1);
                        assertThat(job.failures()).isZero();
                    });
            Runners.onTestDatabase(schema).withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.jobs.publish-due.enabled=false", "portalkit.jobs.booking-reminders.interval=50ms",
                            "portalkit.jobs.renewals.interval=1h", "portalkit.jobs.reconciliation.interval=1h")
                    .run(context -> {
                        PortalKitJobs jobs = context.getBean(PortalKitJobs.class);
                        assertThat(jobs.jobs()).extracting(PortalKitJob::name).doesNotContain("publish-due")
                                .contains("booking-reminders");
                        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                        UUID card = scheduledCard(context, "Left to the readers");
                        PortalKitJob other = job(jobs, "booking-reminders");
                        long seen = other.runs();
                        await().atMost(PATIENCE).until(() -> other.runs() >= seen + 3);
                        assertThat(cardStatus(jdbc, schema, card)).isEqualTo("DRAFT");
                    });
        }

        @Test
        void thePartitionJobsRunOnceAtStartAndDailyUnlessSwitchedOff() {
            Runners.onTestDatabase("jobs_partitions_it").withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.modules=auth,messaging", "portalkit.jobs.email-delivery.enabled=false")
                    .run(context -> {
                        PortalKitJobs jobs = context.getBean(PortalKitJobs.class);
                        assertThat(jobs.jobs()).extracting(PortalKitJob::name)
                                .containsExactlyInAnyOrder("partitions.activity_logs", "partitions.email_logs");
                        assertThat(jobs.jobs()).extracting(PortalKitJob::interval).containsOnly(Duration.ofDays(1));
                        await().atMost(PATIENCE).until(() -> jobs.jobs().stream().allMatch(j -> j.runs() >= 1));
                        assertThat(jobs.jobs()).allSatisfy(j -> assertThat(j.failures()).as(j.name()).isZero());
                        // The retention services are beans too: what the jobs keep, a host lists.
                        assertThat(context.getBean(dev.portalkit.core.AuditRetention.class).partitions()).isNotEmpty();
                        assertThat(context.getBean(dev.portalkit.messaging.EmailLogRetention.class).partitions()).isNotEmpty();
                    });
            Runners.onTestDatabase("jobs_partitions_it").withPropertyValues("portalkit.jobs.enabled=true",
                            "portalkit.modules=auth,messaging", "portalkit.jobs.email-delivery.enabled=false",
                            "portalkit.jobs.partitions.enabled=false")
                    .run(context -> assertThat(context.getBean(PortalKitJobs.class).jobs()).isEmpty());
        }
    }

    static PortalKitJob job(PortalKitJobs jobs, String name) {
        return jobs.jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
    }

    record Booked(UUID id, Instant start, String customerEmail) {
    }

    static void reminderTemplate(EmailTemplateService templates) {
        if (templates.find("booking.reminder", "en").isEmpty()) {
            templates.create("booking.reminder", "en", TemplateContent.of("Reminder: {{title}}", null,
                    "Your booking {{title}} starts on {{startDate}} at {{startTime}}.", "title", "startDate", "startTime"),
                    HostOrders.CONTEXT);
        }
    }

    /** A provider bookable all day (UTC) and a booking of a new customer two days after the clock's hour. */
    static Booked book(ApplicationContext context, Clock clock, String name) {
        UserService users = context.getBean(UserService.class);
        BookingService bookings = context.getBean(BookingService.class);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID provider = users.register(NewUser.member(name + "-provider-" + suffix + "@example.com",
                "correct horse battery", "Provider"), HostOrders.CONTEXT).id();
        bookings.setAvailability(provider, AvailabilityInput.everyDay("UTC", TimeRange.of("00:00", "00:00")),
                HostOrders.CONTEXT);
        String email = name + "-" + suffix + "@example.com";
        UUID customer = users.register(NewUser.member(email, "correct horse battery", "Customer"), HostOrders.CONTEXT).id();
        Instant start = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2));
        Booking booking = bookings.book(NewBooking.of(customer, provider, start, start.plus(Duration.ofHours(1)), "UTC",
                "Check-up"), HostOrders.CONTEXT);
        return new Booked(booking.id(), start, email);
    }

    static long reminders(JdbcTemplate jdbc, String schema, UUID booking, String status) {
        return jdbc.queryForObject("SELECT count(*) FROM " + schema + ".booking_reminders WHERE booking_id = ? AND status = ?",
                Long.class, booking, status);
    }

    /** A draft card with a step, scheduled to be published at the Portal clock's present. */
    static UUID scheduledCard(ApplicationContext context, String title) {
        ResourceService resources = context.getBean(ResourceService.class);
        ResourceCard card = resources.create(CardInput.of(title, "body"), HostOrders.CONTEXT);
        resources.addStep(card.id(), null, StepInput.of("Read", "it"), HostOrders.CONTEXT);
        resources.schedule(card.id(), context.getBean(Portal.class).config().clock().instant(), null, HostOrders.CONTEXT);
        return card.id();
    }

    static String cardStatus(JdbcTemplate jdbc, String schema, UUID card) {
        return jdbc.queryForObject("SELECT status FROM " + schema + ".resource_cards WHERE id = ?", String.class, card);
    }
}
