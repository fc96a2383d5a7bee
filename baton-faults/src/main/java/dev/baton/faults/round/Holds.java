package dev.baton.faults.round;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** How long each kind of fault lasts, drawn uniformly from a range per kind (seconds). */
public final class Holds {

    private final Map<FaultKind, int[]> ranges = new EnumMap<>(FaultKind.class);

    public Holds set(FaultKind kind, int min, int max) {
        ranges.put(kind, new int[] {min, max});
        return this;
    }

    public int draw(FaultKind kind, Random random) {
        int[] range = ranges.get(kind);
        return range[0] + random.nextInt(range[1] - range[0] + 1);
    }

    public String describe(FaultKind kind) {
        int[] range = ranges.get(kind);
        return range[0] + "–" + range[1] + " s";
    }

    /**
     * A full run's: pauses 5–30 s (the range); outages long enough, some of them, to outlast the messaging
     * layer's 60-s wait for an acknowledgement and a consumer's session timeout.
     */
    public static Holds full() {
        return new Holds().set(FaultKind.KILL_REPLICA, 2, 20).set(FaultKind.KILL_BROKER, 5, 60)
                .set(FaultKind.PAUSE_BROKER, 5, 30).set(FaultKind.STOP_POSTGRES, 5, 90)
                .set(FaultKind.CUT_BROKER_LINK, 5, 60).set(FaultKind.CUT_DATABASE_LINK, 5, 90);
    }

    /** Short faults for --quick and the build's own run. */
    public static Holds quick() {
        return new Holds().set(FaultKind.KILL_REPLICA, 2, 5).set(FaultKind.KILL_BROKER, 3, 8)
                .set(FaultKind.PAUSE_BROKER, 5, 8).set(FaultKind.STOP_POSTGRES, 3, 8)
                .set(FaultKind.CUT_BROKER_LINK, 5, 8).set(FaultKind.CUT_DATABASE_LINK, 5, 8);
    }
}
