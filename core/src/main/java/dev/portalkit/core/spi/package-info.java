/**
 * What PortalKit modules build on: transactions, the audit trail, validation and cursors. Stable
 * for module authors; a host application does not need it.
 */
package dev.portalkit.core.spi;
