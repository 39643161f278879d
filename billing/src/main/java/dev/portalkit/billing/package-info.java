/**
 * portalkit-billing: pricing tiers, subscriptions, payments and bookings. Its services and tables
 * arrive with the billing and booking issues; the module holds no code yet.
 */
package dev.portalkit.billing;
