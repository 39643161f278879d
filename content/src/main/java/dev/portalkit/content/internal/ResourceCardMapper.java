package dev.portalkit.content.internal;

import dev.portalkit.content.CardInput;
import dev.portalkit.content.CardQuery;
import dev.portalkit.content.CardStatus;
import dev.portalkit.content.ResourceCard;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** resource_cards. Not API. */
public interface ResourceCardMapper {

    /** {@code null} when a live card already has the slug (nothing inserted, the transaction intact). */
    ResourceCard insert(@Param("in") CardInput input, @Param("slug") String slug, @Param("authorId") UUID authorId);

    ResourceCard find(@Param("id") UUID id, @Param("readersOnly") boolean readersOnly, @Param("now") Instant now);

    /** A live card, row-locked against concurrent changes (and step edits). */
    ResourceCard lock(@Param("id") UUID id);

    /** Live or deleted, row-locked. */
    ResourceCard lockAny(@Param("id") UUID id);

    ResourceCard findBySlug(@Param("slug") String slug, @Param("readersOnly") boolean readersOnly, @Param("now") Instant now);

    /** The cards among {@code ids} that are visible (live, and published for readers only). */
    List<ResourceCard> findAll(@Param("ids") List<UUID> ids, @Param("readersOnly") boolean readersOnly,
                               @Param("now") Instant now);

    /** {@code null} when the version moved on. */
    ResourceCard update(@Param("id") UUID id, @Param("in") CardInput input, @Param("slug") String slug,
                        @Param("version") long version);

    ResourceCard setStatus(@Param("id") UUID id, @Param("status") CardStatus status, @Param("now") Instant now);

    /** Sets (or clears, with nulls) the schedule of a live card. */
    ResourceCard schedule(@Param("id") UUID id, @Param("publishAt") Instant publishAt,
                          @Param("unpublishAt") Instant unpublishAt);

    /** Publishes up to {@code limit} due cards not locked by another transaction (see the XML). */
    List<DueChange> publishDue(@Param("now") Instant now, @Param("limit") int limit);

    /** Unpublishes up to {@code limit} due cards not locked by another transaction (see the XML). */
    List<DueChange> unpublishDue(@Param("now") Instant now, @Param("limit") int limit);

    List<ResourceCard> byAuthor(@Param("authorId") UUID authorId);

    int forgetAuthor(@Param("authorId") UUID authorId);

    ResourceCard softDelete(@Param("id") UUID id, @Param("now") Instant now);

    ResourceCard restore(@Param("id") UUID id);

    /** With a tag, a range scan of resource_card_tags (see the XML); {@code after} is null for the first page. */
    List<ResourceCard> list(@Param("q") CardQuery query, @Param("readersOnly") boolean readersOnly,
                            @Param("after") CardKey after, @Param("limit") int limit, @Param("now") Instant now);

    /** Best rank first; {@code after} is null for the first page. */
    List<RankedId> search(@Param("text") String text, @Param("readersOnly") boolean readersOnly,
                          @Param("after") RankedId after, @Param("limit") int limit, @Param("now") Instant now);
}
