package dev.portalkit.content.internal;

import dev.portalkit.content.Audience;
import dev.portalkit.content.CardInput;
import dev.portalkit.content.CardQuery;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.core.spi.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checks of a card's input and of a card list's filters, and what an audit row shows of a card. Not API. */
final class CardInputs {

    private static final int MAX_TAGS = 20;
    private static final int KEY_MAX = 50;

    private CardInputs() {
    }

    /**
     * The input normalised (category and tags lowercased, duplicate tags dropped, blank text null) and
     * checked: a {@link dev.portalkit.core.ValidationException} names every bad field at once.
     */
    static CardInput checked(CardInput input) {
        CardInput in = normalise(input);
        Validation v = new Validation()
                .text("title", in.title(), 1, 200)
                .optionalText("summary", in.summary(), 1000)
                .optionalText("body", in.body(), 100_000)
                .check("position", in.position() >= 0, "must be zero or more");
        Checks.optionalKey(v, "category", in.category(), KEY_MAX);
        if (in.tags().size() > MAX_TAGS) {
            v.fail("tags", "must be at most " + MAX_TAGS);
        } else {
            for (String tag : in.tags()) {
                if (tag.isEmpty() || tag.length() > KEY_MAX || !Checks.KEY.matcher(tag).matches()) {
                    v.fail("tags", "each tag may hold lowercase letters, digits, and - or _ between them (at most "
                            + KEY_MAX + ")");
                    break;
                }
            }
        }
        Checks.url(v, "coverImageUrl", in.coverImageUrl());
        v.json("metadata", in.metadata());
        if (in.slug() != null) {
            Checks.slug(v, "slug", in.slug());
        }
        v.throwIfInvalid();
        return in;
    }

    /** The query with its category and tag normalised as cards store them, and checked. */
    static CardQuery checked(CardQuery query) {
        CardQuery q = new CardQuery(query.audience(), Checks.key(query.category()), Checks.key(query.tag()), query.status());
        Validation v = new Validation();
        Checks.optionalKey(v, "category", q.category(), KEY_MAX);
        Checks.optionalKey(v, "tag", q.tag(), KEY_MAX);
        v.throwIfInvalid();
        return q;
    }

    /** Whether only published cards are visible: to anyone but an editor. */
    static boolean readersOnly(Audience audience) {
        return audience != Audience.EDITOR;
    }

    /** What the audit trail keeps of a card (the body's length, not the body). */
    static Map<String, Object> fields(ResourceCard card) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slug", card.slug());
        m.put("title", card.title());
        m.put("summary", card.summary());
        m.put("category", card.category());
        m.put("tags", card.tags());
        m.put("coverImageUrl", card.coverImageUrl());
        m.put("position", card.position());
        m.put("status", card.status().name());
        m.put("bodyLength", card.body().length());
        return m;
    }

    private static CardInput normalise(CardInput in) {
        List<String> tags = new ArrayList<>();
        for (String t : in.tags()) {
            String k = t == null ? "" : Checks.key(t);
            if (k == null) {
                k = "";
            }
            if (!tags.contains(k)) {
                tags.add(k);
            }
        }
        return new CardInput(in.slug(), in.title(), Checks.blankToNull(in.summary()), in.body() == null ? "" : in.body(),
                Checks.key(in.category()), tags, Checks.blankToNull(in.coverImageUrl()), in.position(), in.metadata());
    }
}
