package dev.portalkit.content;

/**
 * Who is reading. The host decides from the caller's role; PortalKit does not guess.
 */
public enum Audience {
    /** Sees published, live cards only. */
    READER,
    /** Sees live cards in every status (drafts and archived ones too). */
    EDITOR
}
