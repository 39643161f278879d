package dev.portalkit.core.internal;

import dev.portalkit.core.NavItem;
import dev.portalkit.core.NavItemInput;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** nav_items. Not API. */
public interface NavItemMapper {

    /** The same transaction-scoped lock the cycle trigger takes: tree changes run one at a time. */
    int lockTree(@Param("key") String key);

    NavItem find(@Param("id") UUID id);

    List<NavItem> children(@Param("parentId") UUID parentId);

    List<NavItem> all(@Param("activeOnly") boolean activeOnly);

    int countChildren(@Param("parentId") UUID parentId);

    int countSubtree(@Param("id") UUID id);

    NavItem insert(@Param("parentId") UUID parentId, @Param("position") int position, @Param("in") NavItemInput input);

    NavItem update(@Param("id") UUID id, @Param("in") NavItemInput input);

    /** Adds {@code delta} to the position of every child of {@code parentId} at {@code from} or later. */
    int shift(@Param("parentId") UUID parentId, @Param("from") int from, @Param("delta") int delta);

    /** Writes every placement in one statement. */
    int placeAll(@Param("placements") List<NavPlacement> placements);

    int delete(@Param("id") UUID id);
}
