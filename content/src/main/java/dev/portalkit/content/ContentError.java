package dev.portalkit.content;

import dev.portalkit.core.ErrorCode;

/**
 * Error codes of portalkit-content (range 4000-4999). A row that is not there is core's
 * {@link dev.portalkit.core.NotFoundException} (PK-1011); the content numbers once used for it stay
 * reserved, so a number never changes meaning.
 */
public enum ContentError implements ErrorCode {
    @Message("The slug is already used by another live resource card")
    SLUG_TAKEN(4000),
    @Message("Resource card %s has been published: its slug '%s' can no longer change")
    SLUG_LOCKED(4001),
    /** @deprecated no longer thrown; number reserved (a missing card is core's NotFoundException, PK-1011). */
    @Deprecated
    @Message("Resource card %s was not found (%s)")
    CARD_NOT_FOUND(4002),
    /** @deprecated no longer thrown; number reserved (a missing step is core's NotFoundException, PK-1011). */
    @Deprecated
    @Message("Resource step %s was not found (%s)")
    STEP_NOT_FOUND(4003),
    /** @deprecated no longer thrown; number reserved (a missing item is core's NotFoundException, PK-1011). */
    @Deprecated
    @Message("Timeline item %s was not found (%s)")
    TIMELINE_ITEM_NOT_FOUND(4004),
    /** @deprecated no longer thrown; number reserved (a missing submission is core's NotFoundException, PK-1011). */
    @Deprecated
    @Message("Form submission %s was not found (%s)")
    SUBMISSION_NOT_FOUND(4005),
    @Message("The submission to form '%s' was rejected as spam")
    SUBMISSION_REJECTED_SPAM(4010),
    @Message("Too many submissions to form '%s' from this address: at most %d per %s")
    SUBMISSION_RATE_LIMITED(4011);

    private final int number;

    ContentError(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
