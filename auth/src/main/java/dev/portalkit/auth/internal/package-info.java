/** Implementation of portalkit-auth: mappers, SQL, hashing and services. Not API: no compatibility guarantees. */
package dev.portalkit.auth.internal;
