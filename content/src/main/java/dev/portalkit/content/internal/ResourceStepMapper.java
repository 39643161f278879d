package dev.portalkit.content.internal;

import dev.portalkit.content.ResourceStep;
import dev.portalkit.content.StepInput;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** resource_steps; positions as in {@link PositionedMapper}, the owner a card's id. Not API. */
public interface ResourceStepMapper extends PositionedMapper<UUID> {

    List<ResourceStep> steps(@Param("cardId") UUID cardId);

    /** The card's steps when the card is visible (live, and published for readers only); otherwise none. */
    List<ResourceStep> visibleSteps(@Param("cardId") UUID cardId, @Param("readersOnly") boolean readersOnly,
                                    @Param("now") Instant now);

    /** Removes every step of the card (a version restore writes them again, 0..n-1). */
    int deleteAll(@Param("cardId") UUID cardId);

    ResourceStep find(@Param("id") UUID id);

    ResourceStep insert(@Param("cardId") UUID cardId, @Param("position") int position, @Param("in") StepInput input);

    ResourceStep update(@Param("id") UUID id, @Param("in") StepInput input);
}
