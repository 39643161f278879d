package dev.portalkit.spring;

/** The outbox's backlog for {@link PortalKitHealthIndicator}: a bean of the messaging configuration. */
@FunctionalInterface
interface OutboxProbe {

    PortalKitHealthIndicator.Outbox outbox();
}
