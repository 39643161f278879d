package dev.portalkit.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.portalkit.core.PortalConfigurationException;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP sender against a real SMTP server (GreenMail) and against scripted failures. */
class SmtpEmailSenderIT {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static SmtpEmailSender sender(int port) {
        return new SmtpEmailSender(SmtpSettings.builder().host("127.0.0.1").port(port)
                .security(SmtpSettings.Security.NONE)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofMillis(800))
                .writeTimeout(Duration.ofSeconds(5)).build());
    }

    private static OutgoingEmail email(String html, String text) {
        return new OutgoingEmail(UUID.randomUUID(), "<" + UUID.randomUUID() + "@acme.example>", 1,
                "Acme <no-reply@acme.example>", "ann@example.com", "Grüße, Ann", html, text);
    }

    @Test
    void deliversMultipartTextAndHtmlWithSubjectRecipientAndTheFixedMessageId() throws Exception {
        OutgoingEmail email = email("<p>Hello &lt;Ann&gt;</p>", "Hello <Ann>");
        String answer = sender(greenMail.getSmtp().getPort()).send(email);
        assertThat(answer).startsWith("250");

        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage got = greenMail.getReceivedMessages()[0];
        assertThat(got.getSubject()).isEqualTo("Grüße, Ann");
        assertThat(got.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("ann@example.com"));
        assertThat(((InternetAddress) got.getFrom()[0]).getAddress()).isEqualTo("no-reply@acme.example");
        assertThat(got.getMessageID()).isEqualTo(email.messageId());
        assertThat(got.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) got.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Hello <Ann>");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(((String) parts.getBodyPart(1).getContent()).strip()).isEqualTo("<p>Hello &lt;Ann&gt;</p>");
    }

    @Test
    void aTextOnlyEmailIsSinglePart() throws Exception {
        sender(greenMail.getSmtp().getPort()).send(email(null, "Just text"));
        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage got = greenMail.getReceivedMessages()[0];
        assertThat(got.getContentType()).startsWith("text/plain");
        assertThat(((String) got.getContent()).strip()).isEqualTo("Just text");
    }

    @Test
    void noAnswerAfterTheFinalDotIsOutcomeUnknown() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(v -> v.equals(".") ? null : ScriptedSmtpServer.happy(v))) {
            assertThatThrownBy(() -> sender(server.port()).send(email("<p>x</p>", "x")))
                    .isInstanceOfSatisfying(EmailSendException.class,
                            e -> assertThat(e.kind()).isEqualTo(EmailSendException.Kind.OUTCOME_UNKNOWN));
        }
    }

    @Test
    void aRefusedRecipientIsPermanent() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                v -> v.equals("RCPT") ? "550 5.1.1 no such user" : ScriptedSmtpServer.happy(v))) {
            assertThatThrownBy(() -> sender(server.port()).send(email(null, "x")))
                    .isInstanceOfSatisfying(EmailSendException.class, e -> {
                        assertThat(e.kind()).isEqualTo(EmailSendException.Kind.PERMANENT);
                        assertThat(e.getMessage()).contains("550");
                    });
        }
    }

    @Test
    void aTemporaryRefusalBeforeTheDataIsTransient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                v -> v.equals("MAIL") ? "451 4.3.0 try later" : ScriptedSmtpServer.happy(v))) {
            assertThatThrownBy(() -> sender(server.port()).send(email(null, "x")))
                    .isInstanceOfSatisfying(EmailSendException.class,
                            e -> assertThat(e.kind()).isEqualTo(EmailSendException.Kind.TRANSIENT));
        }
    }

    @Test
    void aRefusalOfTheDataIsPermanentNotUnknown() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                v -> v.equals(".") ? "554 5.7.1 message refused" : ScriptedSmtpServer.happy(v))) {
            assertThatThrownBy(() -> sender(server.port()).send(email(null, "x")))
                    .isInstanceOfSatisfying(EmailSendException.class,
                            e -> assertThat(e.kind()).isEqualTo(EmailSendException.Kind.PERMANENT));
        }
    }

    @Test
    void aServerThatNeverGreetsTimesOutAsTransient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(v -> null)) {
            assertThatThrownBy(() -> sender(server.port()).send(email(null, "x")))
                    .isInstanceOfSatisfying(EmailSendException.class,
                            e -> assertThat(e.kind()).isEqualTo(EmailSendException.Kind.TRANSIENT));
        }
    }

    @Test
    void aClosedPortIsTransient() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> sender(closed).send(email(null, "x")))
                .isInstanceOfSatisfying(EmailSendException.class,
                        e -> assertThat(e.kind()).isEqualTo(EmailSendException.Kind.TRANSIENT));
    }

    @Test
    void settingsNeverShowThePasswordAndRefuseZeroTimeouts() {
        SmtpSettings s = SmtpSettings.builder().host("smtp.acme.example").credentials("mailer", "hunter2").build();
        assertThat(s.port()).isEqualTo(587);
        assertThat(s.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThat(new SmtpEmailSender(s).toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> SmtpSettings.builder().host("h").readTimeout(Duration.ZERO).build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("timeouts");
        assertThatThrownBy(() -> SmtpSettings.builder().build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("host is required");
    }
}
