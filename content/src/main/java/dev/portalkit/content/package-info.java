/**
 * portalkit-content: resource cards with ordered steps, timelines and form submissions. Its
 * services and tables arrive with the content issue; the module holds no code yet.
 */
package dev.portalkit.content;
