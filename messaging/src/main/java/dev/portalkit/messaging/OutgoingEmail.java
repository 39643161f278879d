package dev.portalkit.messaging;

import java.util.UUID;

/**
 * One e-mail handed to an {@link EmailSender}. {@code toString()} leaves the bodies out: they may
 * carry links with tokens.
 *
 * @param id        the e-mail's id in the log
 * @param messageId the {@code Message-ID} to send it with (angle brackets included); the same on
 *                  every attempt, so a receiver can drop a duplicate
 * @param attempt   1 for the first attempt
 * @param htmlBody  {@code null} for a text-only e-mail
 * @param textBody  {@code null} for an HTML-only e-mail
 */
public record OutgoingEmail(UUID id, String messageId, int attempt, String from, String to, String subject,
                            String htmlBody, String textBody) {

    @Override
    public String toString() {
        return "OutgoingEmail[" + messageId + " to=" + to + ", subject=" + subject + ", attempt=" + attempt + "]";
    }
}
