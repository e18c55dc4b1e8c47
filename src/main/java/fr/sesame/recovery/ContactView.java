package fr.sesame.recovery;

import fr.sesame.notify.Channel;
import java.time.Instant;

/** A verified recovery contact, masked. */
public record ContactView(Channel channel, String masked, Instant verifiedAt) {}
