package dev.portalkit.content;

import dev.portalkit.core.ConflictException;

/**
 * Another live (not deleted) resource card has the slug: on create with an explicit slug, on an
 * update that changes it, or on restoring a card whose slug was reused meanwhile.
 */
public class SlugTakenException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public SlugTakenException() {
        super(ContentError.SLUG_TAKEN);
    }

    /** The input field at fault. */
    public String field() {
        return "slug";
    }
}
