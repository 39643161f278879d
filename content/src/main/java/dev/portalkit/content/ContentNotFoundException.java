package dev.portalkit.content;

import dev.portalkit.core.NotFoundException;
import java.util.Objects;

/**
 * A card, step, timeline item or submission a call names does not exist (or is soft-deleted).
 * {@link #field()} names the argument that pointed at it, e.g. {@code cardId}.
 */
public class ContentNotFoundException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ContentNotFoundException(ContentError code, Object id, String field) {
        super(code, id, "field " + field);
        this.field = Objects.requireNonNull(field, "null field");
    }

    public static ContentNotFoundException card(Object id, String field) {
        return new ContentNotFoundException(ContentError.CARD_NOT_FOUND, id, field);
    }

    /** The argument or input field that named the missing row. */
    public String field() {
        return field;
    }
}
