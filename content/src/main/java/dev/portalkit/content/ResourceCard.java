package dev.portalkit.content;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A resource card: a guide or article made of ordered {@link ResourceStep}s.
 *
 * @param slug        URL name, unique among live cards; fixed once the card has been published
 * @param authorId    the user who created it; {@code null} once that user is removed
 * @param publishedAt the first publication; kept when the card is unpublished or archived
 * @param position    sort weight in lists, lowest first (not unique)
 * @param version     increases with every change; pass it to {@link ResourceService#update}
 * @param publishAt   when the card is scheduled to become PUBLISHED ({@link ResourceService#schedule}), or
 *                    {@code null}; cleared once that happened
 * @param unpublishAt when the card is scheduled to go back to DRAFT, or {@code null}; cleared once that happened
 */
public record ResourceCard(UUID id, String slug, String title, String summary, String body, String category,
                           List<String> tags, String coverImageUrl, UUID authorId, CardStatus status,
                           Instant publishedAt, int position, Map<String, Object> metadata, long version,
                           Instant createdAt, Instant updatedAt, Instant deletedAt, Instant publishAt,
                           Instant unpublishAt) {

    public ResourceCard {
        tags = tags == null ? List.of() : List.copyOf(tags);
        metadata = Values.copy(metadata);
    }

    /** The card without a schedule (the constructor of release 0.1.0, kept for hosts that build cards in tests). */
    public ResourceCard(UUID id, String slug, String title, String summary, String body, String category,
                        List<String> tags, String coverImageUrl, UUID authorId, CardStatus status,
                        Instant publishedAt, int position, Map<String, Object> metadata, long version,
                        Instant createdAt, Instant updatedAt, Instant deletedAt) {
        this(id, slug, title, summary, body, category, tags, coverImageUrl, authorId, status, publishedAt, position,
                metadata, version, createdAt, updatedAt, deletedAt, null, null);
    }

    public boolean published() {
        return status == CardStatus.PUBLISHED;
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
