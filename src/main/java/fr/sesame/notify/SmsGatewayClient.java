package fr.sesame.notify;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The SMS gateway's HTTP API: one JSON POST per message, at the configured URL. */
interface SmsGatewayClient {

  /** Sends one SMS; {@code Idempotency-Key} lets gateways that honour it drop a retried copy. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  Response send(@HeaderParam("Idempotency-Key") String idempotencyKey, String body);
}
