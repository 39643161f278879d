package dev.portalkit.messaging;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one log line per e-mail instead of sending it: for development and the example
 * application. It logs the recipient and the subject only, never a body: bodies carry links with
 * tokens (password resets, e-mail verification).
 */
public final class LoggingEmailSender implements EmailSender {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingEmailSender.class);

    @Override
    public String send(OutgoingEmail email) {
        LOG.info("E-mail to {}: {}", email.to(), email.subject());
        return "log-" + UUID.randomUUID();
    }
}
