package fr.sesame.credentials;

import java.util.Optional;

/** zxcvbn's score (0 to 4) and its warning, if any, in the reader's language. */
public record PasswordStrength(int score, Optional<String> warning) {}
