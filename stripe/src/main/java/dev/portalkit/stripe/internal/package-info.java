/** portalkit-stripe's implementation: not API, no compatibility guarantees. */
package dev.portalkit.stripe.internal;
