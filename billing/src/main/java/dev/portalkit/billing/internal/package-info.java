/** Implementation of portalkit-billing: mappers, SQL, services. Not API: no compatibility guarantees. */
package dev.portalkit.billing.internal;
