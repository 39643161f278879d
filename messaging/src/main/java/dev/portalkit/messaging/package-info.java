/**
 * portalkit-messaging: e-mail templates, an e-mail outbox with tracking, and user-to-user
 * messages. Its services and tables arrive with the messaging issue; the module holds no code yet.
 */
package dev.portalkit.messaging;
