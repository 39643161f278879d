package dev.portalkit.spring;

import dev.portalkit.core.Portal;

/**
 * Changes the starter's {@link Portal.Builder} before {@code build()}, after the {@code portalkit.*}
 * properties are applied: for what a property cannot carry, such as
 * {@code onAuditCheckpoint(...)} or audit keys from a secret store. Every such bean is applied, in
 * {@code @Order}.
 */
@FunctionalInterface
public interface PortalCustomizer {

    void customize(Portal.Builder builder);
}
