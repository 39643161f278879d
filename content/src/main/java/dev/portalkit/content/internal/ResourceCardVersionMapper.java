package dev.portalkit.content.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** resource_card_versions. Not API. */
public interface ResourceCardVersionMapper {

    /**
     * Records the card's current state (fields, status, schedule, steps in order) as its next version;
     * the caller holds the card's row lock. Returns the version's number.
     */
    int record(@Param("cardId") UUID cardId, @Param("actorId") UUID actorId, @Param("change") String change,
               @Param("now") Instant now);

    /** Newest first; {@code before} is the last number of the previous page, or null. */
    List<VersionRow> page(@Param("cardId") UUID cardId, @Param("before") Integer before, @Param("limit") int limit);

    VersionRow find(@Param("cardId") UUID cardId, @Param("number") int number);

    /** Every version the user made (personal-data export), oldest first. */
    List<VersionRow> byActor(@Param("actorId") UUID actorId);

    /** The id and snapshot of every version the user made. */
    List<IdText> snapshotsByActor(@Param("actorId") UUID actorId);

    List<IdText> snapshotsOfCardsTouchedBy(@Param("userId") UUID userId);

    /** {@code needles} not empty, lowercased. */
    List<IdText> snapshotsHolding(@Param("needles") List<String> needles);

    int replaceSnapshot(@Param("id") UUID id, @Param("snapshot") String snapshot);

    /** Erasure: forgets who made the user's versions. */
    int forgetActor(@Param("actorId") UUID actorId);
}
