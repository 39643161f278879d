/**
 * PortalKit's runtime and core services: {@link dev.portalkit.core.Portal} (build, install modules,
 * get services, compose transactions), the exception hierarchy, and the core services
 * {@link dev.portalkit.core.SettingsService}, {@link dev.portalkit.core.NavigationService} and
 * {@link dev.portalkit.core.ActivityLog}. This package is the API hosts call.
 */
package dev.portalkit.core;
