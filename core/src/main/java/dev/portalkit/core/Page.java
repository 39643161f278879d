package dev.portalkit.core;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items      the rows, in the list's order
 * @param nextCursor pass to {@link PageRequest#next(Page)} for the next page; {@code null} on the last
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
