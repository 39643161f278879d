package dev.portalkit.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portalkit.examples.spring.Http.Answer;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.spring.PortalKitJob;
import dev.portalkit.spring.PortalKitJobs;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The background work comes from the starter's scheduled jobs, configured by {@code portalkit.jobs.*}:
 * the three jobs of the plain example's loop run, and the e-mail job delivers the welcome e-mail a
 * sign-up queued, with nothing driving it by hand.
 */
@ExtendWith(ExampleDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "example.admin-password=admin password for tests",
        "portalkit.auth.bcrypt-cost=4",
        "portalkit.jobs.email-delivery.interval=100ms"})
@Import(TestBeans.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ScheduledJobsIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ExampleDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    PortalKitJobs jobs;
    @Autowired
    InMemoryEmailSender mail;

    @Test
    void theStartersJobsRunAndDeliverTheWelcomeEmail() throws Exception {
        assertThat(jobs.isRunning()).isTrue();
        assertThat(jobs.jobs()).extracting(PortalKitJob::name)
                .containsExactlyInAnyOrder("email-delivery", "renewals", "reconciliation", "partitions.activity_logs",
                        "partitions.email_logs", "booking-reminders", "publish-due");
        assertThat(jobs.jobs()).filteredOn(j -> j.name().equals("renewals")).singleElement()
                .satisfies(j -> assertThat(j.interval()).isEqualTo(Duration.ofSeconds(10)));

        String email = "jobs-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Answer a = new Http(port).post("/api/signup", Http.json("email", email, "password",
                "correct horse battery staple", "displayName", "Jo"));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(mail.sentTo(email)).singleElement()
                .satisfies(m -> assertThat(m.subject()).isEqualTo("Welcome, Jo")));
    }
}
