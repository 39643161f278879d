/**
 * Bookings of a provider's time ({@link dev.portalkit.billing.booking.BookingService}), with
 * weekly availability and free slots. Double-booking is refused by PostgreSQL itself (an exclusion
 * constraint over the provider and the booked time plus buffers).
 */
package dev.portalkit.billing.booking;
