/**
 * PortalKit's Spring Boot 4 starter: {@link dev.portalkit.spring.PortalKitAutoConfiguration} (the Portal
 * bean, services as beans, jobs, health, metrics), {@link dev.portalkit.spring.PortalKitProperties}
 * ({@code portalkit.*}) and {@link dev.portalkit.spring.SpringHostTransactions}, which makes PortalKit's
 * calls join {@code @Transactional}.
 */
package dev.portalkit.spring;
