package dev.portalkit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The per-domain limit as a sequence invariant: random sequences of queueing to three domains (one with an
 * override), delivering in batches of any size and letting any time pass. After every step, over every try so
 * far: no domain got more e-mails in one minute of the clock than its limit, no e-mail waiting for a window
 * counts an attempt; at the end, with time, everything is sent exactly once.
 */
class DomainRateLimitPropertyIT {

    static final int LIMIT = 3;
    static final int VIP = 5;
    static final CallContext WHO = CallContext.system("rate-limit property");
    static final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    /** Every send: the recipient and the clock's minute when it was sent. */
    static final List<String[]> sends = new CopyOnWriteArrayList<>();
    static TestDatabase db;
    static Portal portal;
    static String template;

    record Step(int domain, int queue, int batch, int seconds) {
    }

    @BeforeContainer
    static void start() {
        EmailSender sender = e -> {
            sends.add(new String[] {e.to(), clock.instant().truncatedTo(ChronoUnit.MINUTES).toString()});
            return null;
        };
        AuthModule auth = new AuthModule(AuthOptions.builder().bcryptCost(4).build());
        MessagingModule messaging = new MessagingModule(MessagingOptions.builder().from(MessagingTests.FROM).sender(sender)
                .domainRateLimit(LIMIT).domainRateLimit("vip.example", VIP).build());
        db = TestDatabases.migrated("portal", List.of(auth, messaging));
        portal = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(MigrationMode.NONE).minimumIdle(0).clock(clock).install(auth, messaging).build();
        template = MessagingTests.template(portal, "prop", TemplateContent.of("Hi", null, "Hello"));
    }

    @AfterContainer
    static void stop() {
        portal.close();
        TestDatabases.server().dropDatabase(db.name());
    }

    @Provide
    Arbitrary<List<Step>> plans() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(0, 90))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 25)
    void noDomainEverGetsMoreThanItsLimitInAMinuteAndEverythingIsSentOnce(@ForAll("plans") List<Step> steps) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> domains = List.of("a-" + run + ".example", "b-" + run + ".example", "vip.example");
        EmailService emails = portal.service(EmailService.class);
        int queued = 0;
        for (Step s : steps) {
            for (int i = 0; i < s.queue(); i++) {
                emails.queue(template, "en", run + "-" + queued++ + "@" + domains.get(s.domain()), Map.of(), null, WHO);
            }
            emails.deliverPending(s.batch(), WHO);
            checkWindows();
            clock.advance(Duration.ofSeconds(s.seconds()));
        }
        for (int i = 0; i < 40 && count("status = 'QUEUED'") > 0; i++) {
            clock.advance(Duration.ofMinutes(1));
            emails.deliverPending(1000, WHO);
            checkWindows();
        }
        final int total = queued;
        assertThat(sends.stream().filter(s -> s[0].startsWith(run + "-")).count()).isEqualTo(total);
        assertThat(count("status <> 'SENT'")).isZero();
        assertThat(count("attempts <> 1")).isZero();
    }

    private static void checkWindows() {
        Map<String, Integer> perWindow = new TreeMap<>();
        for (String[] s : sends) {
            perWindow.merge(s[0].substring(s[0].indexOf('@') + 1) + " " + s[1], 1, Integer::sum);
        }
        perWindow.forEach((window, n) -> assertThat(n).as(window)
                .isLessThanOrEqualTo(window.startsWith("vip.example ") ? VIP : LIMIT));
        assertThat(count("status = 'QUEUED' AND attempts > 0")).isZero();
    }

    private static long count(String where) {
        return Queries.number(portal.dataSource(), "SELECT count(*) FROM portal.email_logs WHERE " + where);
    }
}
