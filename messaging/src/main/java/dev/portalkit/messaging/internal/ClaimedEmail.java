package dev.portalkit.messaging.internal;

import java.util.UUID;

/** A row a worker claimed, with what it needs to send it. Not API. */
public record ClaimedEmail(UUID id, String messageId, String fromAddress, String toAddress, String subject, String htmlBody,
                    String textBody, int attempts, UUID claimToken, String templateKey,
                           String category) {
}
