package dev.portalkit.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * An address that refuses one category of e-mail.
 *
 * @param address  the address, lowercased
 * @param category a non-transactional category, e.g. {@code newsletter}
 * @param source   {@code link} (the recipient's one-click unsubscribe) or {@code support} (recorded by staff)
 */
public record OptOut(UUID id, String address, String category, String source, Instant createdAt) {
}
