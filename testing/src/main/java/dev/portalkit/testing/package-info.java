/**
 * The PortalKit test kit: {@link dev.portalkit.testing.PortalExtension} gives each JUnit 5 test
 * class a real, migrated PostgreSQL database and a Portal on it; {@link dev.portalkit.testing.TestDatabases}
 * gives empty or migrated databases directly. For host applications' test suites as well as ours.
 */
package dev.portalkit.testing;
