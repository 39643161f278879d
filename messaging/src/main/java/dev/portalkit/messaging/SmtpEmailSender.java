package dev.portalkit.messaging;

import dev.portalkit.messaging.internal.SmtpTransportSupport;
import java.util.Objects;

/**
 * Sends through an SMTP server with Jakarta Mail (Eclipse Angus Mail): multipart/alternative with
 * the text part first and the HTML part second, UTF-8, the outbox's fixed {@code Message-ID}.
 * One connection per e-mail; connect, read and write timeouts are always set.
 *
 * <p>Failures are classified for the outbox: an answer 4xx before the message data was accepted,
 * or a connection failure, is {@link EmailSendException.Kind#TRANSIENT}; a 5xx answer (or an address
 * the server refuses) is {@link EmailSendException.Kind#PERMANENT}; a timeout or a dropped
 * connection after the message data was handed over (the final dot sent) is
 * {@link EmailSendException.Kind#OUTCOME_UNKNOWN}, since the server may have accepted it.
 */
public final class SmtpEmailSender implements EmailSender {

    private final SmtpTransportSupport support;

    public SmtpEmailSender(SmtpSettings settings) {
        this.support = new SmtpTransportSupport(Objects.requireNonNull(settings, "null settings"));
    }

    /** @return the server's last answer, e.g. {@code 250 2.0.0 Ok: queued as 4F1C2}, as the provider message id */
    @Override
    public String send(OutgoingEmail email) {
        return support.send(email);
    }

    @Override
    public String toString() {
        return "SmtpEmailSender[" + support.settings() + "]";
    }
}
