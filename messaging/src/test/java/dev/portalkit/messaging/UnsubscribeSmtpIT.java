package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.ADMIN;
import static dev.portalkit.messaging.MessagingTests.JOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The RFC 8058 headers reach a real SMTP server (GreenMail) through the outbox; a receipt carries none. */
class UnsubscribeSmtpIT {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** GreenMail's port is known once it runs: the SMTP sender is made per send. */
    static final EmailSender smtp = email -> new SmtpEmailSender(SmtpSettings.builder().host("127.0.0.1")
            .port(greenMail.getSmtp().getPort()).security(SmtpSettings.Security.NONE)
            .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build()).send(email);

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(smtp, null, o -> o.unsubscribe(
            "https://acme.example/u?list=1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));

    @Test
    void aNewsletterArrivesWithListUnsubscribeAndOneClickPostHeadersAndAReceiptWithout() throws Exception {
        String news = MessagingTests.template(kit.portal(), "smtp-news",
                TemplateContent.of("News", null, "Hello").inCategory("newsletter"));
        String receipt = MessagingTests.template(kit.portal(), "smtp-receipt", TemplateContent.of("Receipt", null, "Paid"));
        String to = TestData.email("smtp-news");
        EmailService emails = kit.portal().service(EmailService.class);
        emails.queue(news, "en", to, Map.of(), null, ADMIN);
        emails.queue(receipt, "en", to, Map.of(), null, ADMIN);
        assertThat(emails.deliverPending(10, JOB).sent()).isEqualTo(2);

        assertThat(greenMail.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage got = Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> subject(m).equals("News")).findFirst().orElseThrow();
        String expected = "<" + kit.portal().service(SuppressionService.class).unsubscribeUrl(to, "newsletter") + ">";
        assertThat(expected).startsWith("<https://acme.example/u?list=1&token=");
        assertThat(got.getHeader("List-Unsubscribe")).containsExactly(expected);
        assertThat(got.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");

        MimeMessage paid = Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> subject(m).equals("Receipt")).findFirst().orElseThrow();
        assertThat(paid.getHeader("List-Unsubscribe")).isNull();
        assertThat(paid.getHeader("List-Unsubscribe-Post")).isNull();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
