package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.Portal;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.messaging.TemplateContent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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
            "portalkit.jobs.audit-sealing.interval=100ms", "portalkit.jobs.partitions.interval=100ms"})
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
                            "partitions.activity_logs", "partitions.email_logs");
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
                    "partitions.activity_logs", "partitions.email_logs");
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
                    "portalkit.jobs.renewals.interval=1h", "portalkit.jobs.reconciliation.interval=1h").run(context -> {
                        assertThat(context.getBean(PortalKitJobs.class).jobs()).extracting(PortalKitJob::name)
                                .containsExactlyInAnyOrder("renewals", "reconciliation", "partitions.activity_logs",
                                        "partitions.email_logs");
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
}
