package dev.portalkit.messaging;

/**
 * What a provider reports about a sent e-mail (usually from its webhook), for
 * {@link EmailService#recordEvent}. OPENED and CLICKED are ignored unless the host turned tracking
 * on ({@link MessagingOptions.Builder#trackOpens}, {@link MessagingOptions.Builder#trackClicks}).
 */
public enum EmailEvent {
    DELIVERED,
    /** A hard (permanent) bounce; soft bounces are the provider's to retry. */
    BOUNCED,
    /** A spam complaint. */
    COMPLAINED,
    OPENED,
    CLICKED
}
