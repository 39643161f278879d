package dev.portalkit.content;

import dev.portalkit.core.Nullable;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.SoftDeleting;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Resource cards and their ordered steps. Mutations take the acting {@link CallContext} and write the
 * audit trail in the same transaction. Which {@link Audience} a caller is, the host decides. A change
 * naming a card or step that does not exist (or a deleted card, or a step of one) throws core's
 * {@link dev.portalkit.core.NotFoundException} (entity {@code Resource card} or {@code Resource step})
 * and writes nothing.
 *
 * <p>{@link #delete} frees the card's slug and keeps its steps; {@link #restore} brings it back in
 * the status it had, or throws {@link SlugTakenException} when a live card took the slug meanwhile.
 */
public interface ResourceService extends SoftDeleting<ResourceCard> {

    /**
     * Creates a DRAFT card authored by {@code context.actorId()}.
     *
     * @throws dev.portalkit.core.ValidationException naming each bad field (nothing is written)
     * @throws SlugTakenException when an explicit slug is used by a live card
     */
    ResourceCard create(CardInput input, CallContext context);

    /**
     * Replaces the card's editable fields if it is still at {@code expectedVersion}.
     *
     * @throws dev.portalkit.core.StaleVersionException when someone changed the card first (nothing is written)
     * @throws SlugLockedException when the slug changes on a card that has been published
     * @throws SlugTakenException when the new slug is used by another live card
     */
    ResourceCard update(UUID id, CardInput input, long expectedVersion, CallContext context);

    /** DRAFT or ARCHIVED to PUBLISHED; sets {@code publishedAt} on the first publication. No-op if published. */
    ResourceCard publish(UUID id, CallContext context);

    /** Back to DRAFT: readers no longer see it. */
    ResourceCard unpublish(UUID id, CallContext context);

    /** ARCHIVED: kept for editors, hidden from readers. */
    ResourceCard archive(UUID id, CallContext context);

    // ----- scheduled publishing -----

    /**
     * Schedules the card to become PUBLISHED at {@code publishAt} and/or to go back to DRAFT at
     * {@code unpublishAt} (either may be {@code null}: nothing scheduled), replacing any earlier schedule.
     * From that time on every read treats the card as published (or unpublished), by the Portal's clock;
     * {@link #publishDue} makes it so in the table and audits it. A time already past is allowed: the card
     * counts as published (unpublished) at once.
     *
     * @throws dev.portalkit.core.ValidationException when both are {@code null}, when {@code unpublishAt}
     *         is not after {@code publishAt}, when a time is outside years 1900-9999, or when {@code publishAt}
     *         is given for a card already PUBLISHED (nothing is written)
     */
    ResourceCard schedule(UUID id, @Nullable Instant publishAt, @Nullable Instant unpublishAt, CallContext context);

    /** Removes the card's schedule; a no-op (no audit row, no version) when nothing was scheduled. */
    ResourceCard cancelSchedule(UUID id, CallContext context);

    /**
     * The job: publishes every live card whose {@code publishAt} has come and unpublishes every one whose
     * {@code unpublishAt} has, by the Portal's clock; each change is written, audited once and recorded as a
     * version, in batches of {@value #DUE_BATCH} cards per transaction. Several instances may run it at once:
     * the cards are claimed with {@code FOR UPDATE SKIP LOCKED}, so each change happens exactly once.
     *
     * @return how many cards it changed
     */
    int publishDue(CallContext context);

    /** How many cards {@link #publishDue} changes per transaction. */
    int DUE_BATCH = 200;

    // ----- version history -----

    /**
     * The card's versions, newest first, keyset-paginated (also of a soft-deleted card). Empty for an
     * unknown card. Every change of a card or of its steps records one.
     */
    Page<CardVersion> versions(UUID cardId, PageRequest page);

    /** Version {@code number} of the card, if it exists. */
    Optional<CardVersion> version(UUID cardId, int number);

    /**
     * Makes the card's editable fields and its steps equal to version {@code number} again (the status and
     * the schedule stay as they are; the steps get new ids), if the card is still at {@code expectedVersion}
     * (its {@link ResourceCard#version()}, as {@link #update} checks). Records a new version and an audit row.
     *
     * @throws dev.portalkit.core.NotFoundException for a card that is not live ({@code Resource card}) or a
     *         version it does not have ({@code Resource card version})
     * @throws dev.portalkit.core.StaleVersionException when someone changed the card first
     * @throws SlugLockedException when the version has another slug and the card has been published
     * @throws SlugTakenException when the version's slug is now another live card's
     */
    ResourceCard restoreVersion(UUID cardId, int number, long expectedVersion, CallContext context);

    /** A live card; readers get it only if it is published. */
    Optional<ResourceCard> find(UUID id, @Nullable Audience audience);

    /** A live card by slug; readers get it only if it is published. */
    Optional<ResourceCard> findBySlug(String slug, @Nullable Audience audience);

    /** Live cards, by position then newest first, keyset-paginated. */
    Page<ResourceCard> list(CardQuery query, PageRequest page);

    /**
     * Full-text search over title, summary and body (PostgreSQL web-search syntax: words, "a phrase",
     * -excluded, or), best rank first, keyset-paginated.
     */
    Page<SearchHit> search(String text, @Nullable Audience audience, PageRequest page);

    // ----- steps -----

    /**
     * The card's steps in order; an empty list when the card is unknown, deleted, or (for readers) not
     * published, so a reader never sees a draft's steps.
     */
    List<ResourceStep> steps(UUID cardId, @Nullable Audience audience);

    /**
     * Inserts a step at {@code position} (0 to the number of steps; {@code null} appends), moving later
     * steps down.
     */
    ResourceStep addStep(UUID cardId, @Nullable Integer position, StepInput input, CallContext context);

    ResourceStep updateStep(UUID stepId, StepInput input, CallContext context);

    /** Removes a step; later steps move up, so positions stay 0..n-1. */
    void removeStep(UUID stepId, CallContext context);

    /** Moves a step to {@code position} (0 to n-1), shifting the steps in between. Returns the card's steps. */
    List<ResourceStep> moveStep(UUID stepId, int position, CallContext context);

    /**
     * Puts the card's steps in the given order, atomically. Concurrent reorders of one card run one after
     * the other; each must name every current step exactly once.
     */
    List<ResourceStep> reorderSteps(UUID cardId, List<UUID> orderedStepIds, CallContext context);
}
