/**
 * portalkit-messaging: versioned e-mail templates ({@link dev.portalkit.messaging.EmailTemplateService}),
 * an e-mail outbox with delivery tracking ({@link dev.portalkit.messaging.EmailService}) sending
 * through an {@link dev.portalkit.messaging.EmailSender}, and user-to-user messages
 * ({@link dev.portalkit.messaging.MessageService}). Install with {@link dev.portalkit.messaging.MessagingModule}.
 */
package dev.portalkit.messaging;
