package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.OptOut;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** email_opt_outs and email_suppression_resets; addresses passed lowercased. Not API. */
public interface SuppressionMapper {

    /** The new opt-out, or {@code null} when the address had opted out of the category already. */
    OptOut insertOptOut(@Param("address") String address, @Param("category") String category,
                        @Param("source") String source);

    OptOut findOptOut(@Param("address") String address, @Param("category") String category);

    List<OptOut> optOuts(@Param("address") String address);

    /** The removed opt-out's id, or {@code null}. */
    UUID deleteOptOut(@Param("address") String address, @Param("category") String category);

    /** Records (or moves forward) the reset of the address's hard suppression; the reset row's id. */
    UUID resetSuppression(@Param("address") String address, @Param("now") Instant now);
}
