package dev.portalkit.benchmarks;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.Portal;
import dev.portalkit.core.SettingsService;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.MessageService;

/** Every service the benchmarks call, looked up once from one Portal (the timed or the counted one). */
record Services(AuthService auth, UserService users, BookingService bookings, PaymentService payments, EmailService email,
        EmailTemplateService templates, SettingsService settings, NavigationService nav, ActivityLog log,
        MessageService messages, ResourceService resources) {

    static Services of(Portal p) {
        return new Services(p.service(AuthService.class), p.service(UserService.class), p.service(BookingService.class),
                p.service(PaymentService.class), p.service(EmailService.class), p.service(EmailTemplateService.class),
                p.service(SettingsService.class), p.service(NavigationService.class), p.service(ActivityLog.class),
                p.service(MessageService.class), p.service(ResourceService.class));
    }
}
