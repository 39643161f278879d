/**
 * Implementation of portalkit-core: runtime, migrations, MyBatis mappers and services. Not API: no
 * compatibility guarantees; nothing outside portalkit-core may import it.
 */
package dev.portalkit.core.internal;
