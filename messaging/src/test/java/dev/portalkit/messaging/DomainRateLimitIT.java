package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static dev.portalkit.messaging.MessagingTests.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.Portal;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-recipient-domain send limits: bursts of workers (threads, and a second Portal as another instance)
 * never claim more than a domain's limit in one minute; the rest wait QUEUED without an attempt.
 */
class DomainRateLimitIT {

    static final InMemoryEmailSender sender = new InMemoryEmailSender();
    // Mid-minute, so a window is a whole minute of the clock the test moves.
    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20));
    static final int LIMIT = 5;
    static final int BIG = 12;

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(sender, clock, o -> o
            .domainRateLimit(LIMIT).domainRateLimit("Big.Example", BIG));

    static String notice;

    @BeforeAll
    static void template() {
        notice = MessagingTests.template(kit.portal(), "limited", TemplateContent.of("Hi", null, "Hello"));
    }

    private Portal portal() {
        return kit.portal();
    }

    private EmailService emails() {
        return portal().service(EmailService.class);
    }

    private static String domain(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    private void queue(int n, String domain) {
        for (int i = 0; i < n; i++) {
            emails().queue(notice, "en", "user" + i + "@" + domain, Map.of(), null, ADMIN);
        }
    }

    private long sentTo(String domain) {
        return sender.sent().stream().filter(e -> e.to().endsWith("@" + domain)).count();
    }

    private static MessagingOptions options() {
        return MessagingOptions.builder().from(MessagingTests.FROM).sender(sender)
                .domainRateLimit(LIMIT).domainRateLimit("Big.Example", BIG).build();
    }

    @Test
    void aBurstOfWorkersOnTwoInstancesSendsAtMostEachDomainsLimitPerMinuteAndTheRestLaterWithoutAttempts() {
        String slow = domain("slow");
        String other = domain("other");
        queue(40, slow);
        queue(8, other);
        queue(30, "big.example");
        boolean limitReached = false;
        try (Portal second = MessagingTests.another(kit, kit.database().jdbcUrl(), options()).clock(clock).build()) {
            EmailService secondEmails = second.service(EmailService.class);
            for (int window = 0; window < 20 && sender.sent().size() < 78; window++) {
                long slowBefore = sentTo(slow);
                long otherBefore = sentTo(other);
                long bigBefore = sentTo("big.example");
                List<Race.Outcome<DeliveryReport>> runs = Race.run(8,
                        i -> () -> (i % 2 == 0 ? emails() : secondEmails).deliverPending(4, JOB));
                assertThat(runs).noneMatch(Race.Outcome::failed);
                assertThat(sentTo(slow) - slowBefore).as("slow, window %d", window).isLessThanOrEqualTo(LIMIT);
                assertThat(sentTo(other) - otherBefore).as("other, window %d", window).isLessThanOrEqualTo(LIMIT);
                assertThat(sentTo("big.example") - bigBefore).as("big, window %d", window).isLessThanOrEqualTo(BIG);
                limitReached |= sentTo(slow) - slowBefore == LIMIT;
                // Held back: still QUEUED, never attempted.
                assertThat(count(portal(), "email_logs WHERE status = 'QUEUED' AND attempts > 0")).isZero();
                // A second burst in the same minute sends nothing more to a domain at its limit.
                if (sentTo(slow) - slowBefore == LIMIT) {
                    long again = sentTo(slow);
                    emails().deliverPending(50, JOB);
                    assertThat(sentTo(slow)).isEqualTo(again);
                }
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(limitReached).isTrue();
        assertThat(sentTo(slow)).isEqualTo(40);
        assertThat(sentTo(other)).isEqualTo(8);
        assertThat(sentTo("big.example")).isEqualTo(30);
        // Every e-mail was claimed exactly once: waiting for a window is not an attempt.
        assertThat(count(portal(), "email_logs WHERE attempts <> 1")).isZero();
    }

    @Test
    void limitsOutOfRangeAreRefusedWithEveryProblemNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessagingOptions.builder().domainRateLimit(-1)
                        .domainRateLimit("not a domain", 5).domainRateLimit("ok.example", 0).build())
                .isInstanceOfSatisfying(dev.portalkit.core.PortalConfigurationException.class, e ->
                        assertThat(String.join("\n", e.problems())).contains("domainRateLimit is -1")
                                .contains("'not a domain'").contains("for ok.example is 0"));
        assertThat(MessagingOptions.defaults().rateLimited()).isFalse();
        assertThat(options().rateLimitFor("BIG.example")).isEqualTo(BIG);
        assertThat(options().rateLimitFor("x.example")).isEqualTo(LIMIT);
    }
}
