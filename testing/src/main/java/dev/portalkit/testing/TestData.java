package dev.portalkit.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Values tests need many of, unique across a JVM's tests so classes and threads never collide. */
public final class TestData {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]+");
    /** Starts at a random point, so two JVMs on one shared database rarely meet either. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    private TestData() {
    }

    /**
     * A unique e-mail address {@code name-xxxxxxxx@example.com} (eight hex digits), e.g. for
     * {@code NewUser.member(TestData.email("ann"), password, "Ann")}. Never the same twice in one JVM
     * (for 2<sup>32</sup> calls); {@code example.com} is reserved, so no mail ever leaves.
     *
     * @param name the local part before the dash: letters, digits, {@code . _ + -}
     * @throws IllegalArgumentException when {@code name} is null, empty or has other characters
     */
    public static String email(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("An e-mail name is letters, digits and . _ + - only, not "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name + "-" + "%08x".formatted(scramble(SEQUENCE.getAndIncrement())) + "@example.com";
    }

    /** A bijection on int (odd multipliers and xor-shifts invert), so distinct inputs stay distinct but look random. */
    private static int scramble(int x) {
        x = (x ^ (x >>> 16)) * 0x45d9f3b;
        x = (x ^ (x >>> 16)) * 0x45d9f3b;
        return x ^ (x >>> 16);
    }
}
