package dev.portalkit.content;

import dev.portalkit.core.ConflictException;
import java.util.UUID;

/** A card that has ever been published keeps its slug, so links to it never break. */
public class SlugLockedException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public SlugLockedException(UUID cardId, String slug) {
        super(ContentError.SLUG_LOCKED, cardId, slug);
    }

    /** The input field at fault. */
    public String field() {
        return "slug";
    }
}
