package dev.portalkit.content;

import dev.portalkit.core.spi.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What {@link ResourceService#create} and {@link ResourceService#update} take.
 *
 * @param slug          lowercase letters, digits and single hyphens, at most 100; {@code null} on create
 *                      derives one from the title (adding -2, -3... when taken); {@code null} on update
 *                      keeps the current slug
 * @param title         1 to 200 characters
 * @param summary       at most 1,000 characters, or {@code null}
 * @param body          at most 100,000 characters; {@code null} means empty
 * @param category      a key such as {@code getting-started} (lowercased), or {@code null}
 * @param tags          at most 20 keys such as {@code billing} (lowercased, duplicates dropped)
 * @param coverImageUrl an http(s) URL or a path starting with {@code /}, or {@code null}
 * @param position      sort weight in lists, 0 or more
 */
public record CardInput(String slug, String title, String summary, String body, String category, List<String> tags,
                        String coverImageUrl, int position, Map<String, Object> metadata) {

    public CardInput {
        // Not List.copyOf: a null tag is reported as a bad field by the service, not thrown here.
        tags = tags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tags));
        metadata = Values.copy(metadata);
    }

    /** A card with only a title and a body; the slug comes from the title. */
    public static CardInput of(String title, String body) {
        return new CardInput(null, title, null, body, null, List.of(), null, 0, Map.of());
    }

    public CardInput withSlug(String s) {
        return new CardInput(s, title, summary, body, category, tags, coverImageUrl, position, metadata);
    }

    public CardInput withTitle(String t) {
        return new CardInput(slug, t, summary, body, category, tags, coverImageUrl, position, metadata);
    }

    public CardInput withSummary(String s) {
        return new CardInput(slug, title, s, body, category, tags, coverImageUrl, position, metadata);
    }

    public CardInput withBody(String b) {
        return new CardInput(slug, title, summary, b, category, tags, coverImageUrl, position, metadata);
    }

    public CardInput withCategory(String c) {
        return new CardInput(slug, title, summary, body, c, tags, coverImageUrl, position, metadata);
    }

    public CardInput withTags(String... t) {
        return new CardInput(slug, title, summary, body, category, Arrays.asList(t), coverImageUrl, position, metadata);
    }

    public CardInput withCoverImageUrl(String url) {
        return new CardInput(slug, title, summary, body, category, tags, url, position, metadata);
    }

    public CardInput withPosition(int p) {
        return new CardInput(slug, title, summary, body, category, tags, coverImageUrl, p, metadata);
    }

    public CardInput withMetadata(Map<String, Object> m) {
        return new CardInput(slug, title, summary, body, category, tags, coverImageUrl, position, m);
    }

    /** The input that would recreate {@code card}'s editable fields, to change one and update. */
    public static CardInput from(ResourceCard card) {
        return new CardInput(card.slug(), card.title(), card.summary(), card.body(), card.category(), card.tags(),
                card.coverImageUrl(), card.position(), card.metadata());
    }
}
