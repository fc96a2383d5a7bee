package dev.baton.faults.round;

import dev.baton.faults.check.Finding;

import java.util.ArrayList;
import java.util.List;

/** What one round did and found. Times are seconds; a null time means "not within the round's deadline". */
public final class RoundResult {

    public final int number;
    public final FaultKind kind;
    public String target;
    public String mode;
    public int holdSeconds;
    public double baselineRate;
    public Double throughputRecovery;
    public Double lagRecovery;
    public Double drain;
    public long lagAtHeal = -1;
    public long commandsOk;
    public long commandsRefused;
    public long commandsUnknown;
    public long commandsUnreachable;
    public long stranded;
    public int leadsChecked;
    public final List<Finding> findings = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();

    public RoundResult(int number, FaultKind kind) {
        this.number = number;
        this.kind = kind;
    }

    /** Fault healed → both throughput back to 90% and the backlog at the heal consumed; null if either did not. */
    public Double recovery() {
        return throughputRecovery == null || lagRecovery == null ? null : Math.max(throughputRecovery, lagRecovery);
    }

    public long count(Finding.Category category) {
        return findings.stream().filter(f -> f.category() == category).count();
    }
}
