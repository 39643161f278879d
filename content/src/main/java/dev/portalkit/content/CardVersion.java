package dev.portalkit.content;

import dev.portalkit.core.Nullable;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a resource card's version history: what the card and its steps were right after a
 * change. {@link ResourceService#versions} lists them, {@link ResourceService#restoreVersion} brings
 * one back.
 *
 * @param number   1, 2, 3 ... per card, without gaps, in the order the changes committed
 * @param actorId  who made the change ({@code CallContext.actorId()}); {@code null} for a system or
 *                 anonymous call, or once that user is removed or erased
 * @param change   the audit action of the change, e.g. {@code resource_card.updated}, {@code resource_step.moved}
 * @param createdAt when (the Portal's clock)
 */
public record CardVersion(UUID cardId, int number, @Nullable UUID actorId, String change, Instant createdAt,
                          CardSnapshot snapshot) {
}
