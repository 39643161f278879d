/**
 * portalkit-content: resource cards with ordered steps ({@link dev.portalkit.content.ResourceService}),
 * timelines ({@link dev.portalkit.content.TimelineService}) and form submissions
 * ({@link dev.portalkit.content.FormService}). Install with
 * {@code Portal.builder().install(new AuthModule(), new ContentModule())}.
 */
package dev.portalkit.content;
