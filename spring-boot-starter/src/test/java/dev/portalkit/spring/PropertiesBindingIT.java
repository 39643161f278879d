package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.SubscriptionStatus;
import dev.portalkit.content.ContentModule;
import dev.portalkit.content.ContentOptions;
import dev.portalkit.core.AuditKey;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalConfig;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.messaging.SmtpEmailSender;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every {@code portalkit.*} group set to a value other than its default reaches the Portal and each module's
 * options; the secrets among them show in no toString() and no log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class PropertiesBindingIT {

    static final String SMTP_PASSWORD = "smtp-Secret-7f3a9c";
    static final String KEY_SECRET = Base64.getEncoder().encodeToString("k".repeat(32).getBytes());
    static final String OLD_KEY_SECRET = Base64.getEncoder().encodeToString("o".repeat(40).getBytes());
    static final String TOTP_SECRET = Base64.getEncoder().encodeToString("t".repeat(32).getBytes());
    static final String OLD_TOTP_SECRET = Base64.getEncoder().encodeToString("p".repeat(32).getBytes());
    static final String UNSUBSCRIBE_KEY = Base64.getEncoder().encodeToString("u".repeat(40).getBytes());

    @Test
    void everyGroupBindsToThePortalAndTheModules(CapturedOutput output) {
        Runners.onTestDatabase("binding_it").withPropertyValues(
                "portalkit.migration=apply",
                "portalkit.statement-timeout=45s",
                "portalkit.join-spring-transactions=false",
                "portalkit.require-least-privilege=false",
                "portalkit.datasource.connection-timeout=3s",
                "portalkit.audit.keys[0].id=audit-2",
                "portalkit.audit.keys[0].secret=" + KEY_SECRET,
                "portalkit.audit.keys[1].id=audit-1",
                "portalkit.audit.keys[1].secret=" + OLD_KEY_SECRET,
                "portalkit.audit.background-sealing=false",
                "portalkit.audit.seal-interval=250ms",
                "portalkit.auth.bcrypt-cost=10",
                "portalkit.auth.hashing-concurrency=3",
                "portalkit.auth.hashing-wait=7s",
                "portalkit.auth.lockout-threshold=9",
                "portalkit.auth.lockout-base=2m",
                "portalkit.auth.lockout-max=20m",
                "portalkit.auth.failure-reset-after=16m",
                "portalkit.auth.idle-timeout=31m",
                "portalkit.auth.absolute-timeout=13h",
                "portalkit.auth.remember-me-idle-timeout=15d",
                "portalkit.auth.remember-me-absolute-timeout=31d",
                "portalkit.auth.max-sessions-per-user=11",
                "portalkit.auth.last-seen-resolution=2m",
                "portalkit.auth.reset-token-ttl=31m",
                "portalkit.auth.reset-request-limit=4",
                "portalkit.auth.reset-request-window=2h",
                "portalkit.auth.verification-token-ttl=25h",
                "portalkit.auth.login-challenge-ttl=6m",
                "portalkit.auth.email-change-token-ttl=12h",
                "portalkit.auth.totp.issuer=Shop Portal",
                "portalkit.auth.totp.keys[0].id=totp-2",
                "portalkit.auth.totp.keys[0].secret=" + TOTP_SECRET,
                "portalkit.auth.totp.keys[1].id=totp-1",
                "portalkit.auth.totp.keys[1].secret=" + OLD_TOTP_SECRET,
                "portalkit.billing.reminder-offsets=48h,2h,15m",
                "portalkit.messaging.domain-rate-limit=120",
                "portalkit.messaging.domain-rate-limits[gmail.com]=30",
                "portalkit.messaging.unsubscribe.url=https://shop.example/unsubscribe",
                "portalkit.messaging.unsubscribe.key=" + UNSUBSCRIBE_KEY,
                "portalkit.messaging.unsubscribe.mailto=unsubscribe@shop.example",
                "portalkit.jobs.booking-reminders.interval=2m",
                "portalkit.jobs.booking-reminders.batch-size=25",
                "portalkit.jobs.publish-due.enabled=false",
                "portalkit.billing.retry-schedule=2d,4d",
                "portalkit.billing.after-retries=canceled",
                "portalkit.billing.grace-period=3d",
                "portalkit.billing.renewal-lease=6m",
                "portalkit.billing.stale-after=11m",
                "portalkit.billing.default-billing-zone=Europe/Vienna",
                "portalkit.billing.cancellation-cutoff=12h",
                "portalkit.billing.hold-ttl=11m",
                "portalkit.billing.minimum-notice=30m",
                "portalkit.billing.booking-horizon=90d",
                "portalkit.content.rate-limit.max-submissions=7",
                "portalkit.content.rate-limit.window=20m",
                "portalkit.content.rate-limits.contact.max-submissions=2",
                "portalkit.content.rate-limits.contact.window=1h",
                "portalkit.content.max-message-length=6000",
                "portalkit.content.max-steps-per-card=300",
                "portalkit.messaging.from=Shop <shop@shop.example>",
                "portalkit.messaging.message-id-domain=mail.shop.example",
                "portalkit.messaging.default-locale=de-AT",
                "portalkit.messaging.max-attempts=6",
                "portalkit.messaging.backoff-base=2m",
                "portalkit.messaging.backoff-max=2h",
                "portalkit.messaging.lease=6m",
                "portalkit.messaging.track-opens=true",
                "portalkit.messaging.track-clicks=true",
                "portalkit.messaging.retain-bodies=true",
                "portalkit.messaging.smtp.host=smtp.shop.example",
                "portalkit.messaging.smtp.port=2525",
                "portalkit.messaging.smtp.security=tls",
                "portalkit.messaging.smtp.username=mailer",
                "portalkit.messaging.smtp.password=" + SMTP_PASSWORD,
                "portalkit.messaging.smtp.connect-timeout=4s",
                "portalkit.messaging.smtp.read-timeout=5s",
                "portalkit.messaging.smtp.write-timeout=6s",
                "portalkit.messaging.smtp.helo-name=app.shop.example",
                "portalkit.messaging.smtp.properties[mail.smtp.ssl.trust]=smtp.shop.example",
                "portalkit.jobs.email-delivery.interval=3s",
                "portalkit.jobs.email-delivery.batch-size=20",
                "portalkit.jobs.renewals.enabled=false",
                "portalkit.jobs.reconciliation.interval=7m",
                "portalkit.jobs.audit-sealing.interval=2s",
                "portalkit.health.cache-for=0s",
                "portalkit.health.outbox-max-age=5m").run(context -> {
                    assertThat(context).hasNotFailed();
                    PortalConfig c = context.getBean(Portal.class).config();
                    assertThat(c.schema()).isEqualTo("binding_it");
                    assertThat(c.migration()).isEqualTo(MigrationMode.APPLY);
                    assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.hostTransactions()).isNull();
                    assertThat(c.auditKeys()).extracting(AuditKey::id).containsExactly("audit-2", "audit-1");
                    assertThat(c.backgroundSealing()).isFalse();
                    assertThat(c.sealInterval()).isEqualTo(Duration.ofMillis(250));

                    AuthOptions a = context.getBean(AuthModule.class).options();
                    assertThat(List.of(a.bcryptCost(), a.hashingConcurrency(), a.lockoutThreshold(), a.maxSessionsPerUser(),
                            a.resetRequestLimit())).containsExactly(10, 3, 9, 11, 4);
                    assertThat(List.of(a.hashingWait(), a.lockoutBase(), a.lockoutMax(), a.failureResetAfter(),
                            a.idleTimeout(), a.absoluteTimeout(), a.rememberMeIdleTimeout(), a.rememberMeAbsoluteTimeout(),
                            a.lastSeenResolution(), a.resetTokenTtl(), a.resetRequestWindow(), a.verificationTokenTtl()))
                            .containsExactly(Duration.ofSeconds(7), Duration.ofMinutes(2), Duration.ofMinutes(20),
                                    Duration.ofMinutes(16), Duration.ofMinutes(31), Duration.ofHours(13), Duration.ofDays(15),
                                    Duration.ofDays(31), Duration.ofMinutes(2), Duration.ofMinutes(31), Duration.ofHours(2),
                                    Duration.ofHours(25));
                    assertThat(a.totpKeyId()).isEqualTo("totp-2");
                    assertThat(a.totpKeys()).containsOnlyKeys("totp-2", "totp-1");
                    assertThat(a.totpKey("totp-2")).isEqualTo("t".repeat(32).getBytes());
                    assertThat(a.totpKey("totp-1")).isEqualTo("p".repeat(32).getBytes());
                    assertThat(a.totpIssuer()).isEqualTo("Shop Portal");
                    assertThat(a.loginChallengeTtl()).isEqualTo(Duration.ofMinutes(6));
                    assertThat(a.emailChangeTokenTtl()).isEqualTo(Duration.ofHours(12));

                    BillingOptions b = context.getBean(BillingModule.class).options();
                    assertThat(b.retrySchedule()).containsExactly(Duration.ofDays(2), Duration.ofDays(4));
                    assertThat(b.afterRetries()).isEqualTo(SubscriptionStatus.CANCELED);
                    assertThat(List.of(b.gracePeriod(), b.renewalLease(), b.staleAfter(), b.cancellationCutoff(),
                            b.holdTtl(), b.minimumNotice(), b.bookingHorizon())).containsExactly(Duration.ofDays(3),
                            Duration.ofMinutes(6), Duration.ofMinutes(11), Duration.ofHours(12), Duration.ofMinutes(11),
                            Duration.ofMinutes(30), Duration.ofDays(90));
                    assertThat(b.defaultBillingZone()).isEqualTo(ZoneId.of("Europe/Vienna"));
                    assertThat(b.reminderOffsets()).containsExactly(Duration.ofHours(48), Duration.ofHours(2),
                            Duration.ofMinutes(15));

                    ContentOptions co = context.getBean(ContentModule.class).options();
                    assertThat(co.defaultRateLimit()).isEqualTo(new ContentOptions.RateLimit(7, Duration.ofMinutes(20)));
                    assertThat(co.rateLimitFor("contact")).isEqualTo(new ContentOptions.RateLimit(2, Duration.ofHours(1)));
                    assertThat(co.maxMessageLength()).isEqualTo(6000);
                    assertThat(co.maxStepsPerCard()).isEqualTo(300);

                    MessagingOptions m = context.getBean(MessagingModule.class).options();
                    assertThat(m.from()).isEqualTo("Shop <shop@shop.example>");
                    assertThat(m.messageIdDomain()).isEqualTo("mail.shop.example");
                    assertThat(m.defaultLocale()).isEqualTo("de-AT");
                    assertThat(m.maxAttempts()).isEqualTo(6);
                    assertThat(List.of(m.backoffBase(), m.backoffMax(), m.lease()))
                            .containsExactly(Duration.ofMinutes(2), Duration.ofHours(2), Duration.ofMinutes(6));
                    assertThat(List.of(m.trackOpens(), m.trackClicks(), m.retainBodies())).containsOnly(true);
                    assertThat(m.sender()).isInstanceOf(SmtpEmailSender.class);
                    assertThat(m.sender().toString()).contains("TLS smtp.shop.example:2525", "user mailer")
                            .doesNotContain(SMTP_PASSWORD);
                    assertThat(m.domainRateLimit()).isEqualTo(120);
                    assertThat(m.rateLimitFor("gmail.com")).isEqualTo(30);
                    assertThat(m.rateLimitFor("acme.example")).isEqualTo(120);
                    assertThat(m.unsubscribe().url()).isEqualTo("https://shop.example/unsubscribe");
                    assertThat(m.unsubscribe().mailto()).isEqualTo("unsubscribe@shop.example");
                    assertThat(m.unsubscribe().key()).isEqualTo("u".repeat(40).getBytes());

                    PortalKitProperties p = context.getBean(PortalKitProperties.class);
                    assertThat(p.getJobs().getEmailDelivery().getInterval()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.getJobs().getEmailDelivery().getBatchSize()).isEqualTo(20);
                    assertThat(p.getJobs().getRenewals().isEnabled()).isFalse();
                    assertThat(p.getJobs().getReconciliation().getInterval()).isEqualTo(Duration.ofMinutes(7));
                    assertThat(p.getJobs().getAuditSealing().getInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(p.getJobs().getBookingReminders().getInterval()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(p.getJobs().getBookingReminders().getBatchSize()).isEqualTo(25);
                    assertThat(p.getJobs().getPublishDue().isEnabled()).isFalse();
                    assertThat(p.getHealth().getCacheFor()).isZero();
                    assertThat(p.getHealth().getOutboxMaxAge()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(p.getMessaging().getSmtp().getProperties()).containsEntry("mail.smtp.ssl.trust",
                            "smtp.shop.example");

                    // Secrets: in no toString() and no log line.
                    for (String shown : List.of(p.toString(), c.toString(), p.getMessaging().getSmtp().toString(),
                            p.getAudit().toString(), p.getAuth().toString(), p.getAuth().getTotp().toString(),
                            p.getMessaging().toString(), p.getMessaging().getUnsubscribe().toString(), a.toString(),
                            m.toString(), output.getAll())) {
                        assertThat(shown).doesNotContain(SMTP_PASSWORD, KEY_SECRET, OLD_KEY_SECRET, "kkkkkkkk",
                                TOTP_SECRET, OLD_TOTP_SECRET, "tttttttt", "pppppppp", UNSUBSCRIBE_KEY, "uuuuuuuu");
                    }
                });
    }

    @Test
    void anOwnPoolsUrlIsLoggedWithoutItsQueryWhereAPasswordMayHide(CapturedOutput output) {
        dev.portalkit.testing.TestDatabase db = SpringTestDatabase.DB;
        String marker = "QuerySecret" + System.nanoTime();
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + marker;
        Runners.onTestDatabase("binding_own_pool_it").withPropertyValues(
                "portalkit.datasource.url=" + url,
                "portalkit.datasource.username=" + db.username(),
                "portalkit.datasource.password=" + (db.password() == null ? "" : db.password())).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Portal.class).config().ownsPool()).isTrue();
                    assertThat(output.getAll()).contains("its own pool at").doesNotContain(marker);
                });
    }

    @Test
    void defaultsAreTheLibrarysOwn() {
        Runners.onTestDatabase("binding_defaults_it").run(context -> {
            assertThat(context).hasNotFailed();
            PortalConfig c = context.getBean(Portal.class).config();
            assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.backgroundSealing()).isTrue();
            assertThat(c.sealInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(c.hostTransactions()).isInstanceOf(SpringHostTransactions.class);
            assertThat(c.auditKeys()).isEmpty();
            assertThat(context.getBean(AuthModule.class).options()).usingRecursiveComparison().ignoringFields("bcryptCost")
                    .isEqualTo(AuthOptions.builder().bcryptCost(4).build());
            assertThat(context.getBean(ContentModule.class).options()).isEqualTo(ContentOptions.defaults());
            BillingOptions b = context.getBean(BillingModule.class).options();
            assertThat(b).usingRecursiveComparison().ignoringFields("gateway").isEqualTo(BillingOptions.defaults());
            MessagingOptions m = context.getBean(MessagingModule.class).options();
            assertThat(m).isEqualTo(MessagingOptions.builder().from("Acme <no-reply@acme.example>").build());
        });
    }

    @Test
    void aBadValueFailsTheStartNamingThePropertyNeverTheSecret() {
        Runners.onTestDatabase("binding_bad_it").withPropertyValues(
                "portalkit.audit.keys[0].id=short",
                "portalkit.audit.keys[0].secret=" + Base64.getEncoder().encodeToString("tooShortSecret".getBytes()),
                "portalkit.audit.keys[1].id=notbase64",
                "portalkit.audit.keys[1].secret=%%%not-base64-Secret%%%").run(context -> {
                    assertThat(context).hasFailed();
                    String message = rootMessage(context.getStartupFailure());
                    assertThat(message).contains("portalkit.audit.keys[0]", "portalkit.audit.keys[1].secret is not Base64")
                            .doesNotContain("tooShortSecret", "not-base64-Secret");
                });
        Runners.onTestDatabase("binding_bad_it").withPropertyValues(
                "portalkit.auth.totp.keys[0].id=totp-short",
                "portalkit.auth.totp.keys[0].secret=" + Base64.getEncoder().encodeToString("shortTotpSecret".getBytes()),
                "portalkit.auth.totp.keys[1].id=totp-bad",
                "portalkit.auth.totp.keys[1].secret=%%%not-base64-Totp%%%").run(context -> {
                    assertThat(context).hasFailed();
                    String message = rootMessage(context.getStartupFailure());
                    assertThat(message).contains("portalkit.auth.totp.keys[0].secret must be 32 bytes",
                                    "portalkit.auth.totp.keys[1].secret is not Base64")
                            .doesNotContain("shortTotpSecret", "not-base64-Totp",
                                    Base64.getEncoder().encodeToString("shortTotpSecret".getBytes()));
                });
        Runners.onTestDatabase("binding_bad_it").withPropertyValues(
                "portalkit.messaging.unsubscribe.url=https://shop.example/unsubscribe",
                "portalkit.messaging.unsubscribe.key=%%%not-base64-Unsub%%%").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure()))
                            .contains("portalkit.messaging.unsubscribe.key is not Base64").doesNotContain("not-base64-Unsub");
                });
        Runners.onTestDatabase("binding_bad_it").withPropertyValues(
                "portalkit.messaging.unsubscribe.url=https://shop.example/unsubscribe",
                "portalkit.messaging.unsubscribe.key=" + Base64.getEncoder().encodeToString("shortUnsubKey".getBytes()))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure())).contains("unsubscribe key must be at least 32 bytes")
                            .doesNotContain("shortUnsubKey");
                });
        Runners.onTestDatabase("binding_bad_it").withPropertyValues("portalkit.auth.bcrypt-cost=40").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("bcryptCost is 40");
        });
    }

    @Test
    void requireLeastPrivilegeRefusesASuperuserPool() {
        Runners.onTestDatabase("binding_privilege_it").withPropertyValues("portalkit.require-least-privilege=true")
                .run(context -> {
                    if (SpringTestDatabase.DB.splitRoles()) {
                        assertThat(context).hasNotFailed(); // the runtime role has DML rights only
                    } else {
                        assertThat(context).hasFailed();
                        assertThat(rootMessage(context.getStartupFailure())).contains("PK-1007");
                    }
                });
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
