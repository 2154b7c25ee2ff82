package dev.baton.setup;

/** Production mode found a development default it refuses to run with. */
class ProductionModeRefused extends RuntimeException {

    ProductionModeRefused(String message) {
        super(message);
    }
}
