package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.EmailSendException;
import dev.portalkit.messaging.OutgoingEmail;
import dev.portalkit.messaging.SmtpSettings;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** The work behind {@code SmtpEmailSender}. Not API. */
public final class SmtpTransportSupport {

    private static final String UTF8 = StandardCharsets.UTF_8.name();

    private final SmtpSettings settings;
    private final Session session;
    private final String protocol;

    public SmtpTransportSupport(SmtpSettings settings) {
        this.settings = settings;
        this.protocol = settings.security() == SmtpSettings.Security.TLS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(p + "host", settings.host());
        props.setProperty(p + "port", Integer.toString(settings.port()));
        // Without these Jakarta Mail waits forever on a server that stops answering.
        props.setProperty(p + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        props.setProperty(p + "timeout", Long.toString(settings.readTimeout().toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(settings.writeTimeout().toMillis()));
        props.setProperty(p + "auth", Boolean.toString(settings.username() != null));
        if (settings.security() == SmtpSettings.Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (settings.security() != SmtpSettings.Security.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        if (settings.heloName() != null) {
            props.setProperty(p + "localhost", settings.heloName());
        }
        props.putAll(settings.extraProperties());
        this.session = Session.getInstance(props);
    }

    public SmtpSettings settings() {
        return settings;
    }

    public String send(OutgoingEmail email) {
        MimeMessage message;
        Address[] recipients;
        try {
            message = build(email);
            recipients = message.getAllRecipients();
        } catch (AddressException e) {
            throw EmailSendException.permanentFailure("bad address: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw EmailSendException.permanentFailure("cannot build the message: " + e.getMessage(), e);
        }
        HandoverTrackingTransport transport = new HandoverTrackingTransport(session,
                new URLName(protocol, settings.host(), settings.port(), null, settings.username(), null),
                protocol, protocol.equals("smtps"));
        try {
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            transport.sendMessage(message, recipients);
            String answer = transport.getLastServerResponse();
            return answer == null ? null : truncate(answer.strip(), 250);
        } catch (MessagingException e) {
            throw classify(e, transport.handedOver());
        } finally {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException ignored) {
                // The message's fate is decided; a failing QUIT changes nothing.
            }
        }
    }

    private MimeMessage build(OutgoingEmail email) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, email.messageId());
        message.setFrom(new InternetAddress(email.from(), true));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(email.to(), true));
        message.setSubject(email.subject(), UTF8);
        message.setSentDate(new Date());
        // The outbox's own headers (List-Unsubscribe...): values are ASCII and one line (OutgoingEmail checks).
        for (java.util.Map.Entry<String, String> h : email.headers().entrySet()) {
            message.setHeader(h.getKey(), h.getValue());
        }
        if (email.htmlBody() != null && email.textBody() != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(email.textBody(), UTF8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(email.htmlBody(), UTF8, "html");
            // Least preferred first (RFC 2046): clients show the last part they can display.
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        } else if (email.htmlBody() != null) {
            message.setText(email.htmlBody(), UTF8, "html");
        } else {
            message.setText(email.textBody() == null ? "" : email.textBody(), UTF8, "plain");
        }
        message.saveChanges();
        return message;
    }

    private static EmailSendException classify(MessagingException e, boolean handedOver) {
        int code = returnCode(e);
        String what = describe(e, code);
        if (handedOver) {
            // The final dot went out. A clear refusal is safe to act on; silence is not.
            if (code >= 500) {
                return EmailSendException.permanentFailure("refused after the data: " + what, e);
            }
            if (code >= 400) {
                return EmailSendException.transientFailure("deferred after the data: " + what, e);
            }
            return EmailSendException.outcomeUnknown("no answer after the message data was sent: " + what, e);
        }
        if (code >= 500) {
            return EmailSendException.permanentFailure(what, e);
        }
        return EmailSendException.transientFailure(what, e);
    }

    private static int returnCode(MessagingException e) {
        Exception x = e;
        for (int depth = 0; x != null && depth < 5; depth++) {
            if (x instanceof SMTPSendFailedException s && s.getReturnCode() > 0) {
                return s.getReturnCode();
            }
            if (x instanceof SMTPAddressFailedException a && a.getReturnCode() > 0) {
                return a.getReturnCode();
            }
            x = x instanceof MessagingException m ? m.getNextException() : null;
        }
        return -1;
    }

    private static String describe(MessagingException e, int code) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SendFailedException s && s.getInvalidAddresses() != null && s.getInvalidAddresses().length > 0) {
            message = message + " (refused: " + s.getInvalidAddresses()[0] + ")";
        }
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            message = message + ": " + io.getClass().getSimpleName() + (io.getMessage() == null ? "" : " " + io.getMessage());
        }
        return truncate((code > 0 ? "SMTP " + code + " " : "") + message.replaceAll("\\s+", " ").strip(), 1000);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Keeps the outbox's Message-ID: Jakarta Mail would make a new one in {@code saveChanges()}. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /**
     * Knows whether the message data was handed over: once {@code finishData} starts, the final dot
     * is on its way and the server may accept the message even if its answer never arrives.
     */
    static final class HandoverTrackingTransport extends SMTPTransport {
        private volatile boolean handedOver;

        HandoverTrackingTransport(Session session, URLName url, String name, boolean ssl) {
            super(session, url, name, ssl);
        }

        @Override
        protected void finishData() throws IOException, MessagingException {
            handedOver = true;
            super.finishData();
        }

        @Override
        protected void finishBdat() throws IOException, MessagingException {
            handedOver = true;
            super.finishBdat();
        }

        boolean handedOver() {
            return handedOver;
        }
    }
}
