package dev.portalkit.messaging;

import java.util.UUID;

/**
 * A new message that starts a thread.
 *
 * @param from    the sending user (the signed-in user, as the host knows them)
 * @param to      the receiving user, another live user
 * @param subject 1 to 200 characters
 * @param body    1 to 20,000 characters
 */
public record NewMessage(UUID from, UUID to, String subject, String body) {
}
