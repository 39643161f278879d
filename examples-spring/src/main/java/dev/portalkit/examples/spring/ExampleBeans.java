package dev.portalkit.examples.spring;

import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.LoggingEmailSender;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the host plugs into PortalKit: the starter picks these beans up. */
@Configuration(proxyBeanMethods = false)
class ExampleBeans {

    /** Every "now" of the example and of PortalKit. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** No money moves: charges succeed in memory. A real host declares its gateway's bean here. */
    @Bean
    PaymentGateway paymentGateway() {
        return new InMemoryPaymentGateway();
    }

    /**
     * E-mail is only logged (recipient and subject) unless portalkit.messaging.smtp.host is set, in
     * which case the starter sends it by SMTP.
     */
    @Bean
    @ConditionalOnExpression("'${portalkit.messaging.smtp.host:}'.isBlank()")
    EmailSender loggingEmailSender() {
        return new LoggingEmailSender();
    }
}
