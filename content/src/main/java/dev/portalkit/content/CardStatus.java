package dev.portalkit.content;

/** Where a resource card is in its life. Readers see only {@link #PUBLISHED} cards. */
public enum CardStatus {
    DRAFT, PUBLISHED, ARCHIVED
}
