package dev.portalkit.content.internal;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/**
 * The statements of a table whose rows sit at positions 0..n-1 of their owner (a card's steps, a
 * timeline's items); each extending mapper's XML has them under these ids. Not API.
 *
 * @param <K> what names the owner: a card's id, a {@link dev.portalkit.content.TimelineKey}
 */
public interface PositionedMapper<K> {

    int count(@Param("owner") K owner);

    /** Adds {@code delta} to the position of every row of the owner at {@code from} or later, in one statement. */
    int shift(@Param("owner") K owner, @Param("from") int from, @Param("delta") int delta);

    /** Writes every placement in one statement: the deferrable unique constraint is checked at its end. */
    int placeAll(@Param("placements") List<Placement> placements);

    int delete(@Param("id") UUID id);
}
