/** MyBatis type handlers for PostgreSQL types (uuid, timestamptz, jsonb, enums, text[]). Not API. */
package dev.portalkit.core.internal.types;
