package dev.portalkit.content;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of a resource card.
 *
 * @param position         0-based, unique and gap-free within the card
 * @param estimatedMinutes {@code null} when unknown
 * @param mediaUrl         an image or video, or {@code null}
 */
public record ResourceStep(UUID id, UUID cardId, int position, String title, String body, Integer estimatedMinutes,
                           String mediaUrl, Instant createdAt, Instant updatedAt) {
}
