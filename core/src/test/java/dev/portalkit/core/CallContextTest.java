package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallContextTest {

    @Test
    void acceptsTheAddressLiteralsPostgresqlTakes() {
        for (String ip : new String[] {"10.0.0.1", "255.255.255.255", "0.0.0.0", "::", "::1", "2001:db8::ff00:42:8329",
                "fe80::1", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.128", "64:ff9b::192.0.2.33", "1::", "a:b:c:d:e:f::"}) {
            assertThat(CallContext.looksLikeIp(ip)).as(ip).isTrue();
        }
    }

    @Test
    void refusesWhatIsNotAnAddressLiteral() {
        for (String ip : new String[] {"1:2", "256.1.1.1", "1.2.3", "1.2.3.4.5", ":::", "1::2::3", "12345::1",
                "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "10.0.0.1/24", "example.com", "g::1", "1.2.3.-4",
                "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::"}) {
            assertThat(CallContext.looksLikeIp(ip)).as(ip).isFalse();
        }
    }
}
