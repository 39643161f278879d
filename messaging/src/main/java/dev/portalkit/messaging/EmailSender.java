package dev.portalkit.messaging;

/**
 * How e-mail leaves: the SPI a host plugs into {@link MessagingOptions.Builder#sender}. PortalKit
 * ships {@link SmtpEmailSender} (SMTP through Jakarta Mail), {@link InMemoryEmailSender} (tests)
 * and {@link LoggingEmailSender} (development). An implementation must be thread-safe: several
 * workers call it at once.
 */
@FunctionalInterface
public interface EmailSender {

    /**
     * Sends one e-mail and returns when the server has accepted it.
     *
     * @return the provider's id for the message (for tracking events), or {@code null}
     * @throws EmailSendException saying whether a retry is safe; any other exception counts as
     *                            {@link EmailSendException.Kind#TRANSIENT} (retried with backoff)
     */
    String send(OutgoingEmail email);
}
