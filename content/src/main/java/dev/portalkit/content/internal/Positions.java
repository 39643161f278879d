package dev.portalkit.content.internal;

import dev.portalkit.core.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Rows kept at positions 0..n-1 of their owner (a card's steps, a timeline's items). Every change
 * runs with the owner locked, so the changes of one list run one after the other. Not API.
 *
 * @param ownerField the argument that names the owner, in errors ({@code cardId}, {@code timeline})
 * @param ownerName  the owner, in messages ({@code card})
 * @param rowsName   its rows, in messages ({@code steps})
 * @param rowName    one row, in messages ({@code step})
 */
record Positions(String ownerField, String ownerName, String rowsName, String rowName) {

    static final Positions STEPS = new Positions("cardId", "card", "steps", "step");
    static final Positions ITEMS = new Positions("timeline", "timeline", "items", "item");

    /**
     * Opens a gap for a new row at {@code position} (the end when null) and returns that position; a
     * full list, or a position past the end, is a {@link ValidationException}.
     */
    <K> int makeRoom(PositionedMapper<K> m, K owner, Integer position, int max) {
        int n = m.count(owner);
        if (n >= max) {
            throw new ValidationException(ownerField, "already has the most " + rowsName + " a " + ownerName
                    + " may have (" + max + ")");
        }
        int at = position == null ? n : position;
        if (at > n) {
            throw new ValidationException("position", "must be at most " + n + " (the number of " + rowsName + ")");
        }
        m.shift(owner, at, 1);
        return at;
    }

    /** Deletes the row at {@code position} and moves the later ones up. */
    static <K> void remove(PositionedMapper<K> m, K owner, UUID id, int position) {
        m.delete(id);
        m.shift(owner, position + 1, -1);
    }

    /**
     * Moves the row {@code moving} of the owner's {@code rows} (in position order) to {@code to}, the rows
     * in between one place along; a position past the last row is a {@link ValidationException}.
     */
    <T> void move(PositionedMapper<?> m, List<T> rows, Function<T, UUID> id, ToIntFunction<T> position, UUID moving,
                  int to) {
        if (to > rows.size() - 1) {
            throw new ValidationException("position", "must be at most " + (rows.size() - 1) + " (the last " + rowName + ")");
        }
        List<UUID> order = new ArrayList<>(rows.stream().map(id).toList());
        order.remove(moving);
        order.add(to, moving);
        place(m, order, rows, id, position);
    }

    /**
     * Puts the owner's {@code rows} in {@code order} (their ids): writes, in one statement, the new
     * position of each row that is not at its index in {@code order} yet.
     */
    static <T> void place(PositionedMapper<?> m, List<UUID> order, List<T> rows, Function<T, UUID> id,
                          ToIntFunction<T> position) {
        Map<UUID, Integer> was = new HashMap<>();
        rows.forEach(r -> was.put(id.apply(r), position.applyAsInt(r)));
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (was.get(order.get(i)) != i) {
                placements.add(new Placement(order.get(i), i));
            }
        }
        if (!placements.isEmpty()) {
            m.placeAll(placements);
        }
    }

    /**
     * The row, read again once {@code lockOwner} has locked its owner (it answers false when the owner
     * is gone): what was read before the lock may have moved. {@code null} when the row or its owner is gone.
     */
    static <T> T relocked(Supplier<T> find, Predicate<T> lockOwner) {
        T seen = find.get();
        return seen != null && lockOwner.test(seen) ? find.get() : null;
    }
}
