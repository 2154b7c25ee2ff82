package dev.baton.account;

/**
 * The failed sign-ins of a key (an (e-mail, client) pair, or a client), shared by every request and, with Redis, by
 * every node. {@link #reserve} is atomic over both keys: it counts the attempt as a failure before the password is
 * checked, so that parallel attempts cannot all pass one check (the review let 12 of 200 through a limit of 10);
 * {@link #succeeded} takes it back.
 */
interface SignInAttempts {

    /** The growing delays: failures without delay per key, the first delay, its cap, and when failures are forgotten. */
    record Policy(long freePerPair, long freePerClient, long firstDelayMillis, long maxDelayMillis, long forgetAfterMillis) {

        /** The wait after the {@code failures}-th failure of a key allowed {@code free} without delay; 0 below that. */
        long delayAfter(long failures, long free) {
            if (failures < free) {
                return 0;
            }
            long doublings = Math.min(40, failures - free);
            return Math.min(maxDelayMillis, firstDelayMillis << doublings);
        }
    }

    /** Milliseconds until an attempt is allowed (nothing was counted), or 0: allowed, and counted as a failure. */
    long reserve(String pairKey, String clientKey, long nowMillis);

    /** The attempt was right: the pair starts over and the client's count is taken back. */
    void succeeded(String pairKey, String clientKey);
}
