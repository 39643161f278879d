/** Implementation of portalkit-content: mappers, SQL and services. Not API: no compatibility guarantees. */
package dev.portalkit.content.internal;
