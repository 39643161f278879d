package dev.portalkit.content.internal;

import dev.portalkit.content.ResourceStep;
import dev.portalkit.content.StepInput;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** resource_steps. Not API. */
public interface StepMapper {

    List<ResourceStep> steps(@Param("cardId") UUID cardId);

    /** The card's steps when the card is visible (live, and published for readers only); otherwise none. */
    List<ResourceStep> visibleSteps(@Param("cardId") UUID cardId, @Param("readersOnly") boolean readersOnly);

    ResourceStep find(@Param("id") UUID id);

    int count(@Param("cardId") UUID cardId);

    ResourceStep insert(@Param("cardId") UUID cardId, @Param("position") int position, @Param("in") StepInput input);

    ResourceStep update(@Param("id") UUID id, @Param("in") StepInput input);

    int delete(@Param("id") UUID id);

    /** Adds {@code delta} to the position of every step of the card at {@code from} or later, in one statement. */
    int shift(@Param("cardId") UUID cardId, @Param("from") int from, @Param("delta") int delta);

    /** Writes every placement in one statement: the deferrable unique constraint is checked at its end. */
    int placeAll(@Param("placements") List<Placement> placements);
}
