package dev.portalkit.messaging;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one log line per e-mail instead of sending it: for development and the example
 * application. It logs the recipient, masked ({@code a***@example.com}: logs are often kept longer
 * and read more widely than mail), and the subject only, never a body: bodies carry links with
 * tokens (password resets, e-mail verification).
 */
public final class LoggingEmailSender implements EmailSender {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingEmailSender.class);

    @Override
    public String send(OutgoingEmail email) {
        LOG.info("E-mail to {}: {}", mask(email.to()), email.subject());
        return "log-" + UUID.randomUUID();
    }

    static String mask(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at < 1 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }
}
