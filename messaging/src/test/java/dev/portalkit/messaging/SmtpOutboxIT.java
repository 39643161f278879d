package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.portalkit.testing.PortalExtension;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole path: a template, the outbox, a worker, the SMTP sender, a real SMTP server. */
class SmtpOutboxIT {

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static volatile SmtpEmailSender smtp;

    /** The port is known once GreenMail runs, after the Portal's options are built. */
    private static String send(OutgoingEmail email) {
        if (smtp == null) {
            smtp = new SmtpEmailSender(SmtpSettings.builder().host("127.0.0.1").port(greenMail.getSmtp().getPort())
                    .security(SmtpSettings.Security.NONE).readTimeout(Duration.ofSeconds(10)).build());
        }
        return smtp.send(email);
    }

    @RegisterExtension
    @Order(2)
    static final PortalExtension kit = MessagingTests.portal(SmtpOutboxIT::send, null);

    @Test
    void aQueuedEmailArrivesAtTheSmtpServerWithItsMessageIdAndEscapedHtml() throws Exception {
        kit.portal().service(EmailTemplateService.class).create("reset", "en", TemplateContent.of(
                "Reset your password, {{name}}", "<p>Hi {{name}}, <a href=\"{{url}}\">reset</a></p>",
                "Hi {{name}}, reset: {{url}}", "name", "url"), ADMIN);
        EmailService emails = kit.portal().service(EmailService.class);
        EmailLog queued = emails.queue("reset", "en-GB", "ann@example.com",
                Map.of("name", "Ann <b>", "url", "https://acme.example/r?t=abc&x=1"), "reset-1", ADMIN);

        DeliveryReport report = emails.deliverPending(10, JOB);
        assertThat(report.sent()).isEqualTo(1);

        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage got = greenMail.getReceivedMessages()[0];
        assertThat(got.getMessageID()).isEqualTo(queued.messageId());
        assertThat(got.getSubject()).isEqualTo("Reset your password, Ann <b>");
        MimeMultipart parts = (MimeMultipart) got.getContent();
        assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Hi Ann <b>, reset: https://acme.example/r?t=abc&x=1");
        assertThat(((String) parts.getBodyPart(1).getContent()).strip())
                .isEqualTo("<p>Hi Ann &lt;b&gt;, <a href=\"https://acme.example/r?t&#x3D;abc&amp;x&#x3D;1\">reset</a></p>");
        EmailLog sent = emails.find(queued.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(EmailStatus.SENT);
        assertThat(sent.providerMessageId()).startsWith("250");
    }
}
