package dev.portalkit.messaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param headers   further headers to send, in order, e.g. {@code List-Unsubscribe} and
 *                  {@code List-Unsubscribe-Post} for e-mail of a non-transactional category (RFC 8058); a
 *                  sender must send them unchanged. Names and values never hold line breaks.
 */
public record OutgoingEmail(UUID id, String messageId, int attempt, String from, String to, String subject,
                            String htmlBody, String textBody, Map<String, String> headers) {

    /** The header {@code List-Unsubscribe}: {@code <https://...?token=...>}, and a {@code <mailto:...>} if configured. */
    public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    /** The header {@code List-Unsubscribe-Post}, always {@code List-Unsubscribe=One-Click} (RFC 8058). */
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";

    public OutgoingEmail {
        Map<String, String> copy = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name == null || value == null || !name.matches("[A-Za-z0-9-]{1,76}")
                        || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("header " + name + " is not a header name and a one-line value");
                }
                copy.put(name, value);
            });
        }
        headers = Collections.unmodifiableMap(copy);
    }

    /** An e-mail without further headers. */
    public OutgoingEmail(UUID id, String messageId, int attempt, String from, String to, String subject,
                         String htmlBody, String textBody) {
        this(id, messageId, attempt, from, to, subject, htmlBody, textBody, Map.of());
    }

    @Override
    public String toString() {
        return "OutgoingEmail[" + messageId + " to=" + to + ", subject=" + subject + ", attempt=" + attempt + "]";
    }
}
