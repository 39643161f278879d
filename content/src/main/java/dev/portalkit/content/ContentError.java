package dev.portalkit.content;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-content (range 4000-4999). */
public enum ContentError implements ErrorCode {
    SLUG_TAKEN(4000, "The slug is already used by another live resource card"),
    SLUG_LOCKED(4001, "Resource card %s has been published: its slug '%s' can no longer change"),
    CARD_NOT_FOUND(4002, "Resource card %s was not found (%s)"),
    STEP_NOT_FOUND(4003, "Resource step %s was not found (%s)"),
    TIMELINE_ITEM_NOT_FOUND(4004, "Timeline item %s was not found (%s)"),
    SUBMISSION_NOT_FOUND(4005, "Form submission %s was not found (%s)"),
    SUBMISSION_REJECTED_SPAM(4010, "The submission to form '%s' was rejected as spam"),
    SUBMISSION_RATE_LIMITED(4011, "Too many submissions to form '%s' from this address: at most %d per %s");

    private final int number;
    private final String template;

    ContentError(int number, String template) {
        this.number = number;
        this.template = template;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String template() {
        return template;
    }
}
