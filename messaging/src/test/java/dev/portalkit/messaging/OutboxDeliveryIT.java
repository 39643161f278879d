package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries, backoff, leases and uncertain outcomes, on a clock the tests move. */
class OutboxDeliveryIT {

    static final RecordingSender sender = new RecordingSender();
    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(sender, clock, o -> o
            .maxAttempts(3).backoffBase(Duration.ofMinutes(1)).backoffMax(Duration.ofMinutes(10))
            .lease(Duration.ofMinutes(5)));

    @BeforeAll
    static void template() {
        kit.portal().service(EmailTemplateService.class).create("notice", "en",
                TemplateContent.of("Notice", null, "Reset: {{url}}", "url"), ADMIN);
    }

    private Portal portal() {
        return kit.portal();
    }

    private EmailService emails() {
        return portal().service(EmailService.class);
    }

    private EmailLog queue(String to) {
        return emails().queue("notice", "en", to, Map.of("url", "https://acme.example/r/secret-token"), null, ADMIN);
    }

    /** An e-mail to a new address {@code name-…} whose every send throws what {@code failure} makes. */
    private EmailLog queueFailing(String name, Supplier<RuntimeException> failure) {
        String to = TestData.email(name);
        sender.when(to, e -> {
            throw failure.get();
        });
        return queue(to);
    }

    @Test
    void aSenderThatThrowsLeadsToRetriesWithBackoffThenFailedWithTheErrorKept() {
        EmailLog queued = queueFailing("flaky", () -> new IllegalStateException("connection refused by relay"));
        String to = queued.toAddress();

        emails().deliverPending(50, JOB);
        EmailLog afterFirst = emails().find(queued.id()).orElseThrow();
        assertThat(afterFirst.status()).isEqualTo(EmailStatus.QUEUED);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(afterFirst.lastError()).contains("connection refused by relay");

        emails().deliverPending(50, JOB); // not due yet
        assertThat(sender.to(to)).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        emails().deliverPending(50, JOB);
        EmailLog afterSecond = emails().find(queued.id()).orElseThrow();
        assertThat(afterSecond.attempts()).isEqualTo(2);
        assertThat(afterSecond.dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

        clock.advance(Duration.ofMinutes(2));
        emails().deliverPending(50, JOB);
        EmailLog failed = emails().find(queued.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(EmailStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.failedAt()).isEqualTo(clock.instant());
        assertThat(failed.lastError()).isEqualTo("IllegalStateException: connection refused by relay");

        clock.advance(Duration.ofHours(1));
        emails().deliverPending(50, JOB);
        List<OutgoingEmail> attempts = sender.to(to);
        assertThat(attempts).hasSize(3);
        // The Message-ID is fixed when queued: the same on every attempt.
        assertThat(attempts).extracting(OutgoingEmail::messageId).containsOnly(queued.messageId());
        assertThat(attempts).extracting(OutgoingEmail::attempt).containsExactly(1, 2, 3);
        assertThat(MessagingTests.audits(portal(), queued.id(), "email.retry_scheduled")).isEqualTo(2);
        assertThat(MessagingTests.audits(portal(), queued.id(), "email.failed")).isEqualTo(1);
    }

    @Test
    void aPermanentRefusalFailsAtOnce() {
        EmailLog queued = queueFailing("refused",
                () -> EmailSendException.permanentFailure("SMTP 550 mailbox unavailable", null));
        emails().deliverPending(50, JOB);
        EmailLog failed = emails().find(queued.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(EmailStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("SMTP 550 mailbox unavailable");
    }

    @Test
    void aFailureAfterTheDataWasHandedOverIsUnknownAndNeverRetried() {
        EmailLog queued = queueFailing("unknown",
                () -> EmailSendException.outcomeUnknown("no answer after the message data was sent", null));
        String to = queued.toAddress();
        DeliveryReport report = emails().deliverPending(50, JOB);
        assertThat(report.unknown()).isGreaterThanOrEqualTo(1);
        clock.advance(Duration.ofHours(2));
        emails().deliverPending(50, JOB);
        assertThat(sender.to(to)).hasSize(1);
        EmailLog unknown = emails().find(queued.id()).orElseThrow();
        assertThat(unknown.status()).isEqualTo(EmailStatus.UNKNOWN);
        assertThat(unknown.lastError()).contains("no answer");

        // The provider later reports delivery: that settles it.
        assertThat(emails().recordEvent(queued.messageId(), EmailEvent.DELIVERED, JOB).status())
                .isEqualTo(EmailStatus.DELIVERED);
    }

    @Test
    void aWorkerThatClaimsAndDiesLeavesTheEmailToAnotherAfterTheLease() {
        String to = TestData.email("crash");
        sender.when(to, e -> {
            if (e.attempt() == 1) {
                // An Error is not a send failure: it leaves deliverPending like a dying JVM would.
                throw new OutOfMemoryError("worker died mid-send");
            }
            return "250 second worker";
        });
        EmailLog queued = queue(to);
        assertThatThrownBy(() -> emails().deliverPending(50, JOB)).isInstanceOf(OutOfMemoryError.class);
        EmailLog claimed = emails().find(queued.id()).orElseThrow();
        assertThat(claimed.status()).isEqualTo(EmailStatus.SENDING);
        assertThat(claimed.dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));

        clock.advance(Duration.ofMinutes(4));
        emails().deliverPending(50, JOB); // the lease still holds
        assertThat(sender.to(to)).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        emails().deliverPending(50, JOB);
        EmailLog sent = emails().find(queued.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(EmailStatus.SENT);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sent.providerMessageId()).isEqualTo("250 second worker");
        assertThat(sender.to(to)).extracting(OutgoingEmail::messageId).containsOnly(queued.messageId());
    }

    @Test
    void aSlowWorkerWhoseLeaseEndedCannotOverwriteTheResultOfTheWorkerThatTookOver() throws Exception {
        String to = TestData.email("slow");
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sender.when(to, e -> {
            if (e.attempt() == 1) {
                inSend.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("late failure of the slow worker");
            }
            return "250 fast worker";
        });
        EmailLog queued = queue(to);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<DeliveryReport> slow = pool.submit(() -> emails().deliverPending(50, JOB));
            assertThat(inSend.await(30, TimeUnit.SECONDS)).isTrue();
            clock.advance(Duration.ofMinutes(6));
            emails().deliverPending(50, JOB);
            release.countDown();
            DeliveryReport slowReport = slow.get(30, TimeUnit.SECONDS);
            assertThat(slowReport.lost()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        EmailLog sent = emails().find(queued.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(EmailStatus.SENT);
        assertThat(sent.lastError()).isNull();
    }

    @Test
    void aLeaseThatEndsDuringTheLastAttemptMakesTheOutcomeUnknown() {
        String to = TestData.email("lastcrash");
        sender.when(to, e -> {
            if (e.attempt() < 3) {
                throw new IllegalStateException("try again");
            }
            throw new OutOfMemoryError("worker died during the last attempt");
        });
        EmailLog queued = queue(to);
        emails().deliverPending(50, JOB);
        clock.advance(Duration.ofMinutes(1));
        emails().deliverPending(50, JOB);
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> emails().deliverPending(50, JOB)).isInstanceOf(OutOfMemoryError.class);
        clock.advance(Duration.ofMinutes(5));
        emails().deliverPending(50, JOB);
        EmailLog unknown = emails().find(queued.id()).orElseThrow();
        assertThat(unknown.status()).isEqualTo(EmailStatus.UNKNOWN);
        assertThat(sender.to(to)).hasSize(3);
    }

    @Test
    void sendersNeverSeeBodiesInToString() {
        String to = TestData.email("tostring");
        queue(to);
        emails().deliverPending(50, JOB);
        OutgoingEmail sent = sender.to(to).get(0);
        assertThat(sent.textBody()).contains("secret-token");
        assertThat(sent.toString()).doesNotContain("secret-token").contains(to);
    }
}
