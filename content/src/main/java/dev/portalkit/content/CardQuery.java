package dev.portalkit.content;

/**
 * Filters for {@link ResourceService#list}; {@code null} matches everything. Lists are ordered by
 * {@code position}, then newest first.
 *
 * @param audience {@link Audience#READER} sees published cards only
 * @param status   for editors: only cards in this status ({@code PUBLISHED} is implied for readers)
 */
public record CardQuery(Audience audience, String category, String tag, CardStatus status) {

    public CardQuery {
        audience = audience == null ? Audience.READER : audience;
    }

    public static CardQuery readers() {
        return new CardQuery(Audience.READER, null, null, null);
    }

    public static CardQuery editors() {
        return new CardQuery(Audience.EDITOR, null, null, null);
    }

    public CardQuery inCategory(String c) {
        return new CardQuery(audience, c, tag, status);
    }

    public CardQuery taggedWith(String t) {
        return new CardQuery(audience, category, t, status);
    }

    public CardQuery withStatus(CardStatus s) {
        return new CardQuery(audience, category, tag, s);
    }
}
