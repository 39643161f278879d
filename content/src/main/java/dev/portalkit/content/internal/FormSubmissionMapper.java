package dev.portalkit.content.internal;

import dev.portalkit.content.FormSubmission;
import dev.portalkit.content.NewSubmission;
import dev.portalkit.content.SubmissionQuery;
import dev.portalkit.content.SubmissionStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** form_submissions. Not API. */
public interface FormSubmissionMapper {

    /** A transaction-scoped advisory lock per form and IP address, so racing submissions are all counted. */
    int lock(@Param("key") String key);

    int countSince(@Param("formKey") String formKey, @Param("ip") String ip, @Param("since") Instant since);

    FormSubmission insert(@Param("in") NewSubmission in, @Param("ip") String ip, @Param("userAgent") String userAgent,
                          @Param("userId") UUID userId, @Param("now") Instant now);

    FormSubmission find(@Param("id") UUID id);

    FormSubmission lockOne(@Param("id") UUID id);

    FormSubmission setStatus(@Param("id") UUID id, @Param("status") SubmissionStatus status,
                             @Param("handledBy") UUID handledBy, @Param("now") Instant now);

    List<FormSubmission> list(@Param("q") SubmissionQuery query, @Param("afterSubmitted") Instant afterSubmitted,
                              @Param("afterId") UUID afterId, @Param("limit") int limit);

    int purge(@Param("cutoff") Instant cutoff);

    /** The user's e-mail addresses (lowercased) content can know of. */
    List<String> addressesOf(@Param("userId") UUID userId);

    String displayNameOf(@Param("userId") UUID userId);

    List<FormSubmission> ofUser(@Param("userId") UUID userId, @Param("emails") List<String> emails);

    int anonymiseOfUser(@Param("userId") UUID userId, @Param("emails") List<String> emails, @Param("now") Instant now);

    int forgetHandler(@Param("userId") UUID userId);

    int anonymise(@Param("cutoff") Instant cutoff, @Param("now") Instant now);
}
