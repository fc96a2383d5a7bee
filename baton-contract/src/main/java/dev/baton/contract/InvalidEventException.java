package dev.baton.contract;

/** A record that is not a valid Baton event: it belongs in the dead-letter topic, not in a retry loop. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
