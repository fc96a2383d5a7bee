package dev.baton.faults.round;

/** The faults the suite injects, one kind per round. */
public enum FaultKind {
    KILL_REPLICA("kill -9 of one service replica, then restart"),
    KILL_BROKER("kill -9 of the broker, then restart"),
    PAUSE_BROKER("broker paused (SIGSTOP), then SIGCONT"),
    STOP_POSTGRES("PostgreSQL stopped (immediate), then restarted"),
    CUT_BROKER_LINK("network cut between one replica and the broker"),
    CUT_DATABASE_LINK("network cut between one replica and the database");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
