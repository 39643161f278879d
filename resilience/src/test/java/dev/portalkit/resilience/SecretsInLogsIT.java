package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Login;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.billing.GatewayTimeoutException;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PortalException;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailStatus;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.LoggingEmailSender;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.messaging.OutgoingEmail;
import dev.portalkit.messaging.SmtpEmailSender;
import dev.portalkit.messaging.SmtpSettings;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs flows of auth, billing and messaging with PortalKit logging at debug into a captured
 * System.err (where slf4j-simple writes) and checks that no password, session token, reset or
 * verification token, SMTP password, gateway secret or database password used reaches a log line,
 * nor the message of an exception handed to the host (hosts log those).
 */
class SecretsInLogsIT {

    static final String SMTP_USER = "mailer";
    static final String SMTP_PASSWORD = "smtp-" + UUID.randomUUID();
    static final String GATEWAY_KEY = "sk_live_" + UUID.randomUUID().toString().replace("-", "");
    static final String DB_PASSWORD = "db-" + UUID.randomUUID();
    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "JUnit browser");

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@acme.example", SMTP_USER, SMTP_PASSWORD));

    static final HookedGateway gateway = new HookedGateway();
    static final SwitchingSender sender = new SwitchingSender();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).lockoutThreshold(3).build()),
                    new BillingModule(BillingOptions.builder().gateway(gateway).build()),
                    new MessagingModule(MessagingOptions.builder().from("Acme <no-reply@acme.example>").sender(sender).build()))
            .configure((b, db) -> {
                if (db.password() == null) {
                    b.password(DB_PASSWORD); // trust authentication ignores it; PortalKit must still never print it
                }
            })
            .build();

    final List<String> secrets = new ArrayList<>();
    final List<String> exceptionMessages = new ArrayList<>();

    @Test
    void noSecretUsedByAuthBillingOrMessagingReachesALogLineOrAnExceptionMessage() throws Exception {
        String log;
        try (CapturedErr err = CapturedErr.start()) {
            authFlows();
            billingFlows();
            messagingFlows();
            log = err.text();
        }

        // The capture saw every module's lines, at debug.
        assertThat(log).contains("DEBUG dev.portalkit.auth").contains("Login succeeded").contains("Login failed")
                .contains("locked").contains("Payment gateway gave no answer").contains("E-mail to");
        assertThat(log).doesNotContain("$2a$").doesNotContain("Parameters:");
        secrets.add(SMTP_PASSWORD);
        secrets.add(Base64.getEncoder().encodeToString(("\0" + SMTP_USER + "\0" + SMTP_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        secrets.add(GATEWAY_KEY);
        if (kit.database().password() == null) {
            secrets.add(DB_PASSWORD);
        } else {
            secrets.add(kit.database().password());
        }
        assertThat(secrets).hasSizeGreaterThan(15).doesNotContainNull();
        // At rest, only the reset link of the e-mail still waiting for a retry (bodies are kept until
        // an e-mail is settled, by design); no password, session token, SMTP password or gateway key.
        String dump = Queries.everyText(kit.database().dataSource(), "portal");
        assertThat(dump).as("the scan reaches the columns a secret could land in").contains("users.password_hash=",
                "auth_sessions.token_hash=", "email_logs.text_body=", "activity_logs.metadata=");
        for (String s : secrets) {
            assertThat(dump.lines().filter(l -> l.contains(s)))
                    .allMatch(l -> l.startsWith("email_logs.html_body=") || l.startsWith("email_logs.text_body="));
        }
        for (String s : secrets) {
            assertThat(log).as("a log line carries a secret").doesNotContain(s);
            for (String m : exceptionMessages) {
                assertThat(m).as("an exception message carries a secret").doesNotContain(s);
            }
        }
    }

    private void authFlows() {
        UserService users = kit.portal().service(UserService.class);
        AuthService auth = kit.portal().service(AuthService.class);
        PasswordResetService resets = kit.portal().service(PasswordResetService.class);

        String email = TestData.email("ann");
        String first = secret("sapphire kettle drum ");
        User ann = users.register(NewUser.member(email, first, "Ann"), WHO);
        Login login = auth.login(email, first, true, WHO);
        secret(login.token());
        auth.authenticate(login.token()).orElseThrow();
        String second = secret("copper lantern field ");
        Login changed = auth.changePassword(login.token(), first, second, WHO);
        secret(changed.token());
        expectFailure(() -> auth.changePassword(changed.token(), secret("not my password "), secret("never used one "), WHO));
        String reset = secret(resets.request(email, WHO).orElseThrow().token());
        String third = secret("violet harbour stone ");
        resets.reset(reset, third, WHO);
        expectFailure(() -> resets.reset(reset, secret("second use of token "), WHO));
        expectFailure(() -> resets.reset(secret("A".repeat(43)), secret("made up token pass "), WHO));
        String verification = secret(users.requestEmailVerification(ann.id(), WHO));
        users.verifyEmail(verification, WHO);
        expectFailure(() -> users.verifyEmail(verification, WHO));
        Login again = auth.login(email, third, false, WHO);
        secret(again.token());
        auth.logout(again.token(), WHO);
        assertThat(auth.authenticate(again.token())).isEmpty();

        // A second user locked out by wrong passwords (the lockout is logged at WARN).
        String bob = TestData.email("bob");
        users.register(NewUser.member(bob, secret("granite meadow owl "), "Bob"), WHO);
        for (int i = 0; i < 4; i++) {
            String wrong = secret("wrong guess number " + i + " ");
            expectFailure(() -> auth.login(bob, wrong, false, WHO));
        }
        expectFailure(() -> auth.login("nobody-" + UUID.randomUUID() + "@example.com", secret("for nobody at all "), false, WHO));
    }

    private void billingFlows() {
        PaymentService payments = kit.portal().service(PaymentService.class);
        UUID customer = kit.portal().service(UserService.class).register(NewUser.member(
                TestData.email("cara"), secret("amber willow gate "), "Cara"),
                WHO).id();
        Payment ok = payments.charge(ChargeRequest.of(customer, 1200, "EUR", "Order 1", UUID.randomUUID().toString()), WHO);
        payments.refund(ok.id(), 200, UUID.randomUUID().toString(), "goodwill", WHO);
        gateway.failNextCall(SecretsInLogsIT::gatewayTimeout); // after the charge: its outcome is unknown to PortalKit
        Payment unknown = payments.charge(ChargeRequest.of(customer, 900, "EUR", "Order 2", UUID.randomUUID().toString()), WHO);
        assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);
        gateway.failNextCall(SecretsInLogsIT::gatewayTimeout);
        payments.reconcile(10, CallContext.system("reconcile")); // the lookup fails the same way
        payments.reconcile(10, CallContext.system("reconcile"));
        assertThat(payments.find(unknown.id())).map(Payment::status).contains(PaymentStatus.SUCCEEDED);
    }

    private void messagingFlows() throws Exception {
        kit.portal().service(EmailTemplateService.class).create("password-reset", "en", TemplateContent.of(
                "Reset your password", "<p><a href=\"https://acme.example/reset?token={{token}}\">Reset</a></p>",
                "https://acme.example/reset?token={{token}}", "token"), WHO);
        EmailService emails = kit.portal().service(EmailService.class);
        String email = TestData.email("dan");
        kit.portal().service(UserService.class).register(NewUser.member(email, secret("cobalt river bench "), "Dan"), WHO);
        String token = secret(kit.portal().service(PasswordResetService.class).request(email, WHO).orElseThrow().token());

        sender.use(smtp(SMTP_PASSWORD));
        emails.queue("password-reset", "en", email, Map.of("token", token), null, WHO);
        assertThat(emails.deliverPending(10, CallContext.system("mail-worker")).sent()).isEqualTo(1);
        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();

        sender.use(smtp(secret("wrong-smtp-" + UUID.randomUUID())));
        emails.queue("password-reset", "en", email, Map.of("token", token), null, WHO);
        var refused = emails.deliverPending(10, CallContext.system("mail-worker"));
        assertThat(refused.retrying() + refused.failed()).isEqualTo(1);

        sender.use(new LoggingEmailSender());
        var logged = emails.queue("password-reset", "en", email, Map.of("token", token), null, WHO);
        emails.deliverPending(10, CallContext.system("mail-worker"));
        assertThat(emails.find(logged.id())).map(e -> e.status()).contains(EmailStatus.SENT);
    }

    private static SmtpEmailSender smtp(String password) {
        return new SmtpEmailSender(SmtpSettings.builder().host("127.0.0.1").port(greenMail.getSmtp().getPort())
                .security(SmtpSettings.Security.NONE).credentials(SMTP_USER, password)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).writeTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** Remembers {@code s} (a password typed with a random tail, or a token) as a secret. */
    private String secret(String s) {
        String value = s.endsWith(" ") ? s + UUID.randomUUID().toString().substring(0, 8) : s;
        secrets.add(value);
        return value;
    }

    private void expectFailure(Runnable call) {
        try {
            call.run();
        } catch (PortalException e) {
            exceptionMessages.add(e.getMessage());
            return;
        }
        throw new AssertionError("expected a PortalException");
    }

    /** What a host's HTTP client throws when its gateway call times out: the request URL, API key and all. */
    private static RuntimeException gatewayTimeout() {
        return new GatewayTimeoutException("POST https://api.pay.example/v1/charges?api_key=" + GATEWAY_KEY
                + " timed out after 30000 ms");
    }

    /** Lets the test change the SMTP account between deliveries. */
    static final class SwitchingSender implements EmailSender {
        private volatile EmailSender delegate;

        void use(EmailSender s) {
            delegate = s;
        }

        @Override
        public String send(OutgoingEmail email) {
            return delegate.send(email);
        }
    }
}
