package fr.sesame.recovery;

import fr.sesame.notify.Channel;

/** A recovery channel offered to receive a code, as shown: masked. */
public record FlowOption(Channel channel, String masked) {}
