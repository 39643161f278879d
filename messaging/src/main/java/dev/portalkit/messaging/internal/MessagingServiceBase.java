package dev.portalkit.messaging.internal;

/** What every messaging service holds: the module's shared {@link MessagingContext}. Not API. */
abstract class MessagingServiceBase {

    final MessagingContext m;

    MessagingServiceBase(MessagingContext m) {
        this.m = m;
    }
}
