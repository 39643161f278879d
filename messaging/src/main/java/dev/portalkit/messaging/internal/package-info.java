/** Implementation of portalkit-messaging: mappers, SQL, rendering, services. Not API: no compatibility guarantees. */
package dev.portalkit.messaging.internal;
