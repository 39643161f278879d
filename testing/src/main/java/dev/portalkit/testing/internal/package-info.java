/** Test servers and database handling behind the test kit. Not API. */
package dev.portalkit.testing.internal;
