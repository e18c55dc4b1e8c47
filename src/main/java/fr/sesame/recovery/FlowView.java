package fr.sesame.recovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Where a flow stands, as its client sees it: the handle to present at the next step, the state,
 * the masked options and where the last code went, and what the person may now know (their login
 * and address once their password is set, their verified contacts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowView(
    String flow,
    String kind,
    String state,
    Instant expiresAt,
    List<FlowOption> options,
    String codeChannel,
    String sentTo,
    Instant resendAvailableAt,
    String login,
    String address,
    List<ContactView> contacts) {

  FlowView withIdentity(String login, String address) {
    return new FlowView(
        flow,
        kind,
        state,
        expiresAt,
        null,
        codeChannel,
        sentTo,
        resendAvailableAt,
        login,
        address,
        contacts);
  }

  FlowView withContacts(List<ContactView> list) {
    return new FlowView(
        flow,
        kind,
        state,
        expiresAt,
        options,
        codeChannel,
        sentTo,
        resendAvailableAt,
        login,
        address,
        list);
  }
}
