package dev.portalkit.core;

import java.util.UUID;

/**
 * Who is acting and from where. Every mutating service method takes one as its last parameter
 * (the Kill Bill convention): the audit trail records it in the same transaction as the change.
 * It is a plain value, so it works the same from a request thread, a virtual thread or a job.
 *
 * @param actorId   the acting user, or {@code null} for anonymous callers and the system
 * @param ip        the client's IP address literal (IPv4 or IPv6), or {@code null}
 * @param userAgent the client's user agent, or {@code null}; longer than 512 characters is cut
 * @param requestId the host's correlation id, or {@code null}
 */
public record CallContext(UUID actorId, String ip, String userAgent, String requestId) {

    private static final int MAX_USER_AGENT = 512;
    private static final int MAX_REQUEST_ID = 200;

    public CallContext {
        ip = ip == null || ip.isBlank() ? null : ip.strip();
        if (ip != null && !looksLikeIp(ip)) {
            throw new ValidationException("ip", "must be an IPv4 or IPv6 address literal");
        }
        // A user agent is client-supplied metadata, not data the caller owns: cut it rather than fail.
        userAgent = clean(userAgent, MAX_USER_AGENT);
        requestId = clean(requestId, MAX_REQUEST_ID);
    }

    /** A call made by the host itself (a job, a migration script) with no user behind it. */
    public static CallContext system(String jobName) {
        return new CallContext(null, null, "system:" + jobName, null);
    }

    /** A call from a client that is not signed in. */
    public static CallContext anonymous(String ip, String userAgent) {
        return new CallContext(null, ip, userAgent, null);
    }

    /** A call by a signed-in user. */
    public static CallContext of(UUID actorId, String ip, String userAgent) {
        return new CallContext(actorId, ip, userAgent, null);
    }

    public CallContext withRequestId(String id) {
        return new CallContext(actorId, ip, userAgent, id);
    }

    private static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        String noNul = s.indexOf('\0') >= 0 ? s.replace("\0", "") : s;
        return noNul.length() > max ? noNul.substring(0, max) : noNul;
    }

    /** An IPv4 or IPv6 address literal as PostgreSQL's inet takes it (no zone id, no prefix). */
    static boolean looksLikeIp(String s) {
        if (s.length() > 45) {
            return false;
        }
        return s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
    }

    private static boolean ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false; // "::" may stand once
        }
        String[] sides = gap >= 0 ? new String[] {s.substring(0, gap), s.substring(gap + 2)} : new String[] {s};
        int groups = 0;
        for (int k = 0; k < sides.length; k++) {
            if (sides[k].isEmpty()) {
                continue;
            }
            String[] parts = sides[k].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                // An embedded IPv4 address may only end the literal, where it fills two groups.
                boolean endsLiteral = k == sides.length - 1 && i == parts.length - 1;
                if (endsLiteral && p.indexOf('.') >= 0) {
                    if (!ipv4(p)) {
                        return false;
                    }
                    groups += 2;
                } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                } else {
                    groups++;
                }
            }
        }
        return gap >= 0 ? groups < 8 : groups == 8;
    }
}
