/**
 * The example host application: a small web portal embedding every PortalKit module
 * ({@link dev.portalkit.examples.ExampleApp}). Not API: read it as sample code for a host.
 */
package dev.portalkit.examples;
