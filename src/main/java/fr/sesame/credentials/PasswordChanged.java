package fr.sesame.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * A person's password was replaced (a reset or a change, not the first password of an activation).
 * Fired inside the transaction that stores it, so that observers (the notice sent on every channel)
 * commit or roll back with it.
 */
public record PasswordChanged(UUID staffId, Instant at) {}
